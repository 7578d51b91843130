package dev.coffer.smtp;
public record SmtpLimits(int maxMessageBytes, int maxRecipients, int maxConnectionsPerIp, java.time.Duration commandTimeout, int maxErrors) { public static SmtpLimits defaults() { return null; } }
