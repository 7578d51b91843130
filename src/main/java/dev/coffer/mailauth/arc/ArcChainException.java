package dev.coffer.mailauth.arc;

/** Why an ARC chain does not validate (RFC 8617 §5.2); the message is the reason reported as cv=fail. */
final class ArcChainException extends Exception {

    ArcChainException(String reason) {
        super(reason);
    }
}
