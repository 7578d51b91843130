package dev.coffer.mailauth.spf;

/**
 * The mechanisms of RFC 7208 §5, parsed. A null {@code domain} means the current domain; prefix
 * lengths default to the whole address (32 and 128, RFC 7208 §5.6).
 */
sealed interface SpfMechanism {

    /** RFC 7208 §5.1: always matches. */
    record All() implements SpfMechanism {}

    /** RFC 7208 §5.2: matches when the target domain's policy passes. */
    record Include(SpfMacro domain) implements SpfMechanism {}

    /** RFC 7208 §5.3: matches an address of the target name. */
    record A(SpfMacro domain, int ip4Prefix, int ip6Prefix) implements SpfMechanism {}

    /** RFC 7208 §5.4: matches an address of one of the target name's mail exchangers. */
    record Mx(SpfMacro domain, int ip4Prefix, int ip6Prefix) implements SpfMechanism {}

    /** RFC 7208 §5.5: matches when a validated reverse name of the client ends in the target name. */
    record Ptr(SpfMacro domain) implements SpfMechanism {}

    /** RFC 7208 §5.6: matches an IPv4 client in the network. */
    record Ip4(byte[] network, int prefix) implements SpfMechanism {}

    /** RFC 7208 §5.6: matches an IPv6 client in the network. */
    record Ip6(byte[] network, int prefix) implements SpfMechanism {}

    /** RFC 7208 §5.7: matches when the target name has an A record. */
    record Exists(SpfMacro domain) implements SpfMechanism {}

    /** RFC 7208 §4.6.4: these terms query the DNS and count against the limit of 10. */
    default boolean queriesDns() {
        return !(this instanceof All || this instanceof Ip4 || this instanceof Ip6);
    }
}
