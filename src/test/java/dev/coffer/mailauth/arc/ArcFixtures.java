package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimKeyLookup;
import dev.coffer.mailauth.dkim.DkimKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Messages, keys and a map-backed key lookup for the ARC tests. */
final class ArcFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    /** The original message as the author's server sent it, before any forwarding hop. */
    static final String MESSAGE = """
            From: Alice <alice@origin.example>
            To: list@lists.example
            Subject: Forwarded  through a list\t
            Date: Sat, 28 Nov 2026 11:59:00 +0000
            Message-ID: <arc-1@origin.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Hello through the list.\t\s
            Second line.


            """;

    private ArcFixtures() {}

    static byte[] crlf(String lfText) {
        return lfText.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code message} with the field prepended (the field without its CRLF). */
    static byte[] prepend(String field, byte[] message) {
        return bytes(field + "\r\n" + text(message));
    }

    /** Key records by "selector._domainkey.domain"; an unknown name has no record. */
    static final class MapLookup implements DkimKeyLookup {
        private final Map<String, String> records = new HashMap<>();

        MapLookup with(String selector, String domain, KeyPair pair) {
            records.put(selector + "._domainkey." + domain, DkimKeys.dnsRecord(pair.getPublic()));
            return this;
        }

        Map<String, String> records() {
            return Map.copyOf(records);
        }

        @Override
        public Optional<String> txtRecord(String selector, String domain) {
            return Optional.ofNullable(records.get(selector + "._domainkey." + domain));
        }
    }
}
