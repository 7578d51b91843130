package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimMessage;

/**
 * One ARC set (RFC 8617 §4.1): the three fields one handler added, sharing an instance.
 *
 * @param instance i=, 1 for the first handler
 */
record ArcSet(int instance, DkimMessage.Field authenticationResults, DkimMessage.Field messageSignature,
              DkimMessage.Field seal) {

    /**
     * The authserv-id and results of the ARC-Authentication-Results field: its value after
     * "i=N;", unfolded (RFC 8617 §4.1.1).
     */
    String recordedResults() {
        String value = authenticationResults.value();
        int semicolon = value.indexOf(';');
        String results = semicolon < 0 ? "" : value.substring(semicolon + 1);
        return results.replace("\r\n", "").strip();
    }
}
