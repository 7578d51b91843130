package dev.coffer.dns;

import java.util.List;

/**
 * @param hosts       MX hosts, most preferred first (ties in random order)
 * @param nullMx      the domain published a null MX (RFC 7505): it accepts no mail
 * @param dnssecValid the answer was validated by DNSSEC
 */
public record MxLookup(List<MxHost> hosts, boolean nullMx, boolean dnssecValid) {

    /** One mail exchanger; {@code implicit} when it is the domain itself (no MX records). */
    public record MxHost(String name, int preference, boolean implicit) {}
}
