package dev.coffer.mailbox;

/** RFC 4315 APPENDUID data. */
public record AppendResult(long uidValidity, long uid) {}
