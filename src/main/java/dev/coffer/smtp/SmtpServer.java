package dev.coffer.smtp;
public final class SmtpServer implements AutoCloseable { public SmtpServer(String h, InboundMail m, dev.coffer.crypto.ServerTls t, SmtpLimits l, boolean ip) {} public void start(java.net.InetSocketAddress a) throws java.io.IOException {} public int port() { return 0; } public void close() {} }
