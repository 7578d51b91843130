package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimCanonicalization;
import dev.coffer.mailauth.dkim.DkimHashing;
import dev.coffer.mailauth.dkim.DkimMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What an ARC-Seal signs (RFC 8617 §5.1.1): the fields of every earlier ARC set and of its
 * own, ordered by instance and within a set as ARC-Authentication-Results,
 * ARC-Message-Signature, ARC-Seal; the seal itself last, with an empty b= and no CRLF. Only
 * relaxed header canonicalization is used.
 */
final class ArcSealInput {

    private ArcSealInput() {}

    /**
     * @param earlier the sets below the seal's instance, in increasing order (empty for a
     *                cv=fail seal, which signs only its own set, RFC 8617 §5.1.2)
     */
    static byte[] headerData(List<ArcSet> earlier, DkimMessage.Field authenticationResults,
                             DkimMessage.Field messageSignature, String sealWithoutSignature) {
        List<DkimMessage.Field> fields = new ArrayList<>(3 * earlier.size() + 2);
        for (ArcSet set : earlier) {
            fields.add(set.authenticationResults());
            fields.add(set.messageSignature());
            fields.add(set.seal());
        }
        fields.add(authenticationResults);
        fields.add(messageSignature);
        return DkimHashing.headerData(fields, sealWithoutSignature, DkimCanonicalization.RELAXED);
    }
}
