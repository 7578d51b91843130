package dev.coffer.dns;

import dev.coffer.account.DomainOwnership;
import java.io.IOException;
import java.util.List;

/** Domain ownership proofs looked up through the configured resolver. */
public final class DnsTxtLookup {

    private DnsTxtLookup() {}

    public static DomainOwnership.TxtLookup through(DnsResolver resolver) {
        return name -> {
            try {
                return resolver.txt(name).orElse(List.of());
            } catch (DnsException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
