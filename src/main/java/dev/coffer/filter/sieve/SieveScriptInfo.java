package dev.coffer.filter.sieve;

/** A script's name and whether it is the account's active one. */
public record SieveScriptInfo(String name, boolean active) {}
