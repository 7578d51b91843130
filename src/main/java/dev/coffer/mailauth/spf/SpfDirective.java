package dev.coffer.mailauth.spf;

/**
 * One directive of an SPF record: a qualifier and a mechanism (RFC 7208 §4.6.1).
 *
 * @param term the directive as written in the record, for explanations
 */
record SpfDirective(SpfQualifier qualifier, SpfMechanism mechanism, String term) {}
