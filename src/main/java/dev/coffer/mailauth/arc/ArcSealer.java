package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimCanonicalization;
import dev.coffer.mailauth.dkim.DkimHashing;
import dev.coffer.mailauth.dkim.DkimMessage;
import dev.coffer.mailauth.dkim.DkimSignature;
import dev.coffer.mailauth.dkim.DkimSigner;
import dev.coffer.mailauth.dkim.HeaderFolder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Adds this handler's ARC set to a message (RFC 8617 §5.1): an ARC-Authentication-Results
 * with the results this server found, an ARC-Message-Signature over the message as it leaves
 * (signed like a DKIM-Signature, c=relaxed/relaxed) and an ARC-Seal over the chain.
 */
public final class ArcSealer {

    /** The DKIM signer's fields, plus the DKIM signatures earlier handlers made. */
    private static final List<String> SIGNED_FIELDS = signedFields();

    private final String domain;
    private final String selector;
    private final PrivateKey key;
    private final DkimAlgorithm algorithm;
    private final String authservId;
    private final Clock clock;

    /**
     * @param key an Ed25519 or RSA (at least 1024 bits) key, as for {@link DkimSigner}; many
     *            verifiers accept only rsa-sha256 in ARC, so the RSA key is the safer choice
     * @param authservId the authserv-id of this server's Authentication-Results (RFC 8601 §2.5)
     * @throws IllegalArgumentException if a name is malformed or the key unusable
     */
    public ArcSealer(String domain, String selector, PrivateKey key, String authservId, Clock clock) {
        if (!DkimSignature.isDomainName(domain)) {
            throw new IllegalArgumentException("ARC domain \"" + domain + "\" is not a domain name");
        }
        if (!DkimSignature.isDomainName(selector)) {
            throw new IllegalArgumentException("ARC selector \"" + selector + "\" is not valid");
        }
        if (authservId.isBlank() || !authservId.chars().allMatch(c -> c > 32 && c < 127 && c != ';')) {
            throw new IllegalArgumentException("authserv-id \"" + authservId + "\" is not a single token");
        }
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.selector = selector;
        this.key = key;
        this.algorithm = DkimSigner.algorithmFor(key);
        this.authservId = authservId;
        this.clock = clock;
    }

    /**
     * The message with this handler's ARC set prepended as instance N+1. cv= is none when the
     * message has no chain, else pass or fail as {@code incoming} (the {@link ArcVerifier}
     * result for this message) says. Returned unchanged when the chain already ended: its
     * newest seal has cv=fail (RFC 8617 §5.1 step 2, §5.1.3) or it has the most sets allowed (§4.2.1).
     *
     * @param authenticationResultsPayload the results to record, as in the Authentication-Results
     *        field this server added: with or without the leading "authserv-id;"
     * @throws IllegalArgumentException if {@code incoming} cannot be the result for this message
     */
    public byte[] seal(byte[] message, String authenticationResultsPayload, ArcResult incoming) {
        DkimMessage parsed = DkimMessage.parse(message);
        int previous = ArcChain.highestInstance(parsed);
        if (previous >= ArcTags.MAX_INSTANCE || endsInFailure(parsed, previous)) {
            return message;
        }
        ArcResult.Code chainValidation = chainValidation(previous, incoming);
        int instance = previous + 1;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

        String aar = authenticationResults(instance, authenticationResultsPayload);
        byte[] bodyHash = DkimHashing.bodyHash(DkimCanonicalization.RELAXED.body(parsed.body()), Long.MAX_VALUE);
        ArcMessageSignature unsignedAms = new ArcMessageSignature(instance, algorithm, new byte[0], bodyHash,
                DkimCanonicalization.RELAXED, DkimCanonicalization.RELAXED, domain, selector,
                signedNames(parsed), Optional.of(now), Optional.empty(), Optional.empty());
        List<DkimMessage.Field> selected = DkimHashing.selectFields(parsed.fields(), unsignedAms.signedHeaders(), null);
        String ams = unsignedAms.withSignature(sign(DkimHashing.headerData(selected,
                unsignedAms.toHeaderFieldWithoutSignature(), DkimCanonicalization.RELAXED))).toHeaderField();

        // RFC 8617 §5.1.2: a cv=fail seal covers only its own set
        List<ArcSet> earlier = List.of();
        if (chainValidation == ArcResult.Code.PASS) {
            try {
                earlier = ArcChain.collect(parsed).sets();
            } catch (ArcChainException e) {
                throw new IllegalArgumentException("incoming ARC result says pass, but the chain is malformed: "
                        + e.getMessage());
            }
        }
        ArcSeal unsignedSeal = new ArcSeal(instance, algorithm, new byte[0], chainValidation, domain, selector,
                Optional.of(now));
        byte[] sealData = ArcSealInput.headerData(earlier, field(aar), field(ams),
                unsignedSeal.toHeaderFieldWithoutSignature());
        String seal = unsignedSeal.withSignature(sign(sealData)).toHeaderField();

        byte[] head = (seal + ams + aar).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + message.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        return out;
    }

    /** RFC 8617 §5.1 step 4.3: none without a chain, then what validation of the incoming chain found. */
    private static ArcResult.Code chainValidation(int previous, ArcResult incoming) {
        if (incoming.code() == ArcResult.Code.FAIL) {
            return ArcResult.Code.FAIL;
        }
        if (previous == 0 && incoming.code() == ArcResult.Code.NONE) {
            return ArcResult.Code.NONE;
        }
        if (incoming.code() == ArcResult.Code.PASS && incoming.instances() == previous) {
            return ArcResult.Code.PASS;
        }
        throw new IllegalArgumentException("the ARC result (" + incoming.code().keyword() + ", "
                + incoming.instances() + " sets) is not the result for a message with " + previous + " ARC sets");
    }

    /** Whether the newest seal has cv=fail: the chain ended there (RFC 8617 §5.1 step 2). */
    private static boolean endsInFailure(DkimMessage message, int highest) {
        for (DkimMessage.Field field : message.fieldsNamed(ArcSeal.FIELD_NAME)) {
            try {
                ArcSeal seal = ArcSeal.parse(field.value());
                if (seal.instance() == highest && seal.chainValidation() == ArcResult.Code.FAIL) {
                    return true;
                }
            } catch (ArcChainException unreadable) {
                // a seal that does not parse is no evidence of an ended chain
            }
        }
        return false;
    }

    /** RFC 8617 §4.1.1: "i=N; authserv-id; results", folded at spaces, ending in CRLF. */
    private String authenticationResults(int instance, String payload) {
        String results = payload.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').strip();
        String prefix = authservId + ";";
        if (results.regionMatches(true, 0, prefix, 0, prefix.length())) {
            results = results.substring(prefix.length()).strip();
        }
        HeaderFolder f = new HeaderFolder(ArcChain.AUTHENTICATION_RESULTS);
        f.word("i=" + instance + ";");
        f.word(results.isEmpty() ? authservId + "; none" : prefix);
        for (String word : results.split(" +")) {
            if (!word.isEmpty()) {
                f.word(word);
            }
        }
        return f + "\r\n";
    }

    /** Each present field once per occurrence; From always, since RFC 6376 §5.4 requires it. */
    private static List<String> signedNames(DkimMessage message) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_FIELDS) {
            int n = Math.max(message.count(name), name.equals("From") ? 1 : 0);
            for (int i = 0; i < n; i++) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> signedFields() {
        List<String> names = new ArrayList<>(DkimSigner.SIGNED_FIELDS);
        names.add(DkimSignature.FIELD_NAME);
        return List.copyOf(names);
    }

    private byte[] sign(byte[] headerData) {
        try {
            return DkimHashing.sign(algorithm, key, headerData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ARC signing with " + algorithm.tagValue() + " failed", e);
        }
    }

    private static DkimMessage.Field field(String headerField) {
        String raw = headerField.endsWith("\r\n") ? headerField.substring(0, headerField.length() - 2) : headerField;
        return new DkimMessage.Field(raw.substring(0, raw.indexOf(':')), raw);
    }
}
