package dev.coffer.mail;

/**
 * Limits on a message's structure, enforced when it is parsed at delivery.
 *
 * @param maxHeaderFields fields in any one header section
 * @param maxHeaderFieldLength octets of one (folded) header field
 * @param maxMimeDepth nesting of multiparts and attached messages
 */
public record MessageLimits(int maxHeaderFields, int maxHeaderFieldLength, int maxMimeDepth) {

    public static MessageLimits withMimeDepth(int maxMimeDepth) {
        return new MessageLimits(1000, 64 * 1024, maxMimeDepth);
    }
}
