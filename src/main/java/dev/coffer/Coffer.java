package dev.coffer;
public class Coffer { public static void main(String[] a){ System.out.println("hi"); } }
