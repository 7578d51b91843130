package dev.coffer.filter;

/**
 * One check on inbound plaintext: the built-in scorer, Rspamd, ClamAV. Failures of the
 * filter itself (a scanner down) come back as a verdict, never as an exception.
 */
@FunctionalInterface
public interface MessageFilter {

    FilterVerdict check(FilterInput input);
}
