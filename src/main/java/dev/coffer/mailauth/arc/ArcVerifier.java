package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimHashing;
import dev.coffer.mailauth.dkim.DkimKeyLookup;
import dev.coffer.mailauth.dkim.DkimMessage;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a message's ARC chain (RFC 8617 §5.2): its structure, the cv= of every seal, the
 * newest ARC-Message-Signature and every ARC-Seal. RSA-SHA256 and Ed25519-SHA256 (RFC 8463)
 * keys come from the DKIM key records through a {@link DkimKeyLookup}.
 */
public final class ArcVerifier {

    /** A bound on h= so that a hostile signature cannot make header selection quadratic. */
    static final int MAX_SIGNED_HEADERS = 512;

    private final DkimKeyLookup keys;
    private final Clock clock;

    public ArcVerifier(DkimKeyLookup keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * none when the message has no ARC field; pass when the chain validates, with the results
     * the first hop recorded; otherwise fail, with the first fault found as the reason.
     */
    public ArcResult verify(byte[] message) {
        return verify(DkimMessage.parse(message));
    }

    /** As {@link #verify(byte[])}, for a message already split, so that DKIM and ARC split it once. */
    public ArcResult verify(DkimMessage parsed) {
        if (!ArcChain.hasArcFields(parsed)) {
            return ArcResult.none();
        }
        ArcPublicKeys publicKeys = new ArcPublicKeys(keys);
        try {
            ArcChain chain = ArcChain.collect(parsed);
            List<ArcSeal> seals = new ArrayList<>(chain.sets().size());
            for (ArcSet set : chain.sets()) {
                seals.add(ArcSeal.parse(set.seal().value()));
            }
            checkChainValidationValues(seals);
            verifyNewestMessageSignature(parsed, chain.newest(), publicKeys);
            // RFC 8617 §5.2 step 6: every ARC-Seal, from the newest down to the first
            for (int i = seals.size() - 1; i >= 0; i--) {
                verifySeal(chain, i, seals.get(i), publicKeys);
            }
            return new ArcResult(ArcResult.Code.PASS, chain.sets().size(), "", chain.sets().getFirst().recordedResults());
        } catch (ArcChainException e) {
            return new ArcResult(ArcResult.Code.FAIL, ArcChain.highestInstance(parsed), e.getMessage(), "");
        }
    }

    private static void checkChainValidationValues(List<ArcSeal> seals) throws ArcChainException {
        // RFC 8617 §5.2 step 2: a newest seal with cv=fail ends the chain as failed
        ArcSeal newest = seals.getLast();
        if (newest.chainValidation() == ArcResult.Code.FAIL) {
            throw new ArcChainException("ARC-Seal i=" + newest.instance() + " says cv=fail: an earlier handler"
                    + " found the chain broken");
        }
        for (ArcSeal seal : seals) {
            // RFC 8617 §5.2 step 3 and §4.1.3: cv=none on the first seal only, cv=pass on every other
            ArcResult.Code expected = seal.instance() == 1 ? ArcResult.Code.NONE : ArcResult.Code.PASS;
            if (seal.chainValidation() != expected) {
                throw new ArcChainException("ARC-Seal i=" + seal.instance() + " has cv="
                        + seal.chainValidation().keyword() + " where RFC 8617 §5.2 requires cv=" + expected.keyword());
            }
        }
    }

    /** RFC 8617 §5.2 step 4: the newest ARC-Message-Signature is verified like a DKIM-Signature; older ones need not be (step 5). */
    private void verifyNewestMessageSignature(DkimMessage message, ArcSet newest, ArcPublicKeys publicKeys) throws ArcChainException {
        ArcMessageSignature ams = ArcMessageSignature.parse(newest.messageSignature().value());
        String what = "ARC-Message-Signature i=" + newest.instance();
        if (ams.instance() != newest.instance()) {
            throw new ArcChainException(what + " has a different i= in its tag-list");
        }
        if (ams.signedHeaders().size() > MAX_SIGNED_HEADERS) {
            throw new ArcChainException(what + " h= lists " + ams.signedHeaders().size() + " fields; at most "
                    + MAX_SIGNED_HEADERS + " are evaluated");
        }
        // RFC 6376 §3.5 x=: a signature past its expiration does not verify
        if (ams.expiration().isPresent() && clock.instant().isAfter(ams.expiration().get())) {
            throw new ArcChainException(what + " expired at x=" + ams.expiration().get().getEpochSecond());
        }
        byte[] canonicalBody = ams.bodyCanonicalization().body(message.body());
        long limit = ams.bodyLength().orElse(Long.MAX_VALUE);
        if (limit > canonicalBody.length && ams.bodyLength().isPresent()) {
            throw new ArcChainException(what + " l=" + limit + " is more than the body has (it was shortened)");
        }
        if (!MessageDigest.isEqual(DkimHashing.bodyHash(canonicalBody, limit), ams.bodyHash())) {
            throw new ArcChainException(what + ": body hash does not match (the body was changed)");
        }
        List<DkimMessage.Field> selected = DkimHashing.selectFields(message.fields(), ams.signedHeaders(),
                newest.messageSignature());
        byte[] headerData = DkimHashing.headerData(selected,
                DkimHashing.withoutSignatureValue(newest.messageSignature().raw()), ams.headerCanonicalization());
        PublicKey key = publicKeys.fetch(what, ams.selector(), ams.domain(), ams.algorithm());
        if (!verifies(ams.algorithm(), key, headerData, ams.signature())) {
            throw new ArcChainException(what + ": signature does not verify (signed header fields were changed)");
        }
    }

    private static void verifySeal(ArcChain chain, int index, ArcSeal seal, ArcPublicKeys publicKeys) throws ArcChainException {
        ArcSet set = chain.sets().get(index);
        String what = "ARC-Seal i=" + set.instance();
        byte[] headerData = ArcSealInput.headerData(chain.sets().subList(0, index), set.authenticationResults(),
                set.messageSignature(), DkimHashing.withoutSignatureValue(set.seal().raw()));
        PublicKey key = publicKeys.fetch(what, seal.selector(), seal.domain(), seal.algorithm());
        if (!verifies(seal.algorithm(), key, headerData, seal.signature())) {
            throw new ArcChainException(what + " does not verify (an ARC field was changed)");
        }
    }

    private static boolean verifies(DkimAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            return DkimHashing.verify(algorithm, key, data, signature);
        } catch (GeneralSecurityException | ProviderException | IllegalArgumentException e) {
            // a signature of the wrong length or an Ed25519 key that is not a curve point
            return false;
        }
    }
}
