package dev.coffer.mailauth;

import dev.coffer.mailauth.arc.ArcSealer;
import dev.coffer.mailauth.arc.ArcVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Seals mail that Coffer sends on (a Sieve redirect) with a new ARC set (RFC 8617 §5.1): the
 * chain it came with is verified again, and this server's own Authentication-Results (the
 * field delivery added at the top) go into the ARC-Authentication-Results, so the next hop can
 * trust what this one saw even though forwarding breaks SPF.
 */
public final class ArcForwarding implements UnaryOperator<byte[]> {

    private final ArcVerifier verifier;
    private final Supplier<Optional<ArcSealer>> sealer;
    private final String authservId;

    /** @param sealer the sealer with the current key of this host's domain, or empty when it has none */
    public ArcForwarding(ArcVerifier verifier, Supplier<Optional<ArcSealer>> sealer, String authservId) {
        this.verifier = verifier;
        this.sealer = sealer;
        this.authservId = authservId;
    }

    @Override
    public byte[] apply(byte[] message) {
        Optional<ArcSealer> current = sealer.get();
        if (current.isEmpty()) {
            return message;
        }
        return current.get().seal(message, ourResults(message).orElse("none"), verifier.verify(message));
    }

    /** The results part of the first Authentication-Results field that names this server. */
    private Optional<String> ourResults(byte[] message) {
        HeaderSection header = HeaderSection.parse(message);
        String prefix = authservId.toLowerCase(Locale.ROOT) + ";";
        for (HeaderSection.Field field : header.fieldsNamed("Authentication-Results")) {
            String value = header.value(field, StandardCharsets.UTF_8).replaceAll("\\r?\\n[ \\t]+", " ").strip();
            if (value.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(value.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }
}
