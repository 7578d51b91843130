package dev.coffer.filter;

import dev.coffer.mailauth.dmarc.PublicSuffixList;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Points for a client address on a DNSBL and for links to domains on a URIBL. */
final class BlocklistRules {

    static final double CLIENT_LISTED = 3.0;
    static final double LINK_LISTED = 4.0;
    /** Links are looked up for at most this many registered domains per message. */
    static final int MAX_LINK_DOMAINS = 20;

    private final DnsList addressLists;
    private final DnsList domainLists;
    private final PublicSuffixList registeredDomains;

    BlocklistRules(DnsList addressLists, DnsList domainLists, PublicSuffixList registeredDomains) {
        this.addressLists = addressLists;
        this.domainLists = domainLists;
        this.registeredDomains = registeredDomains;
    }

    List<RuleHit> score(InetAddress client, MessageFacts facts) {
        List<RuleHit> hits = new ArrayList<>();
        if (client != null && isPublic(client)) {
            for (String zone : addressLists.zonesListing(client)) {
                hits.add(new RuleHit("CLIENT_LISTED_" + zone, CLIENT_LISTED));
            }
        }
        if (domainLists.isEmpty()) {
            return hits;
        }
        Set<String> listing = new LinkedHashSet<>();
        facts.linkHosts().stream()
                .flatMap(host -> registeredDomains.registrableDomain(host).stream())
                .distinct()
                .limit(MAX_LINK_DOMAINS)
                .forEach(domain -> listing.addAll(domainLists.zonesListing(domain)));
        for (String zone : listing) {
            hits.add(new RuleHit("LINK_LISTED_" + zone, LINK_LISTED));
        }
        return hits;
    }

    /** Private and loopback addresses are never on a public list; asking would leak them. */
    private static boolean isPublic(InetAddress client) {
        return !client.isLoopbackAddress() && !client.isSiteLocalAddress() && !client.isLinkLocalAddress()
                && !client.isAnyLocalAddress();
    }
}
