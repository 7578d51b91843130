package dev.coffer.mailauth.spf;

/** An SPF record or macro-string breaks the grammar of RFC 7208 §12; evaluating it is a permerror (§4.6). */
final class SpfSyntaxException extends Exception {

    SpfSyntaxException(String message) {
        super(message);
    }
}
