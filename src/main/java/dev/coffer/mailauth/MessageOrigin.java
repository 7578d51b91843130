package dev.coffer.mailauth;

import java.net.InetAddress;

/**
 * Where an inbound message came from, as the SMTP session saw it: the facts SPF
 * (RFC 7208 §4.1) and the filters judge a message by.
 *
 * @param client   the connecting client's address
 * @param heloName the name given in EHLO/HELO
 * @param mailFrom the {@code MAIL FROM} address; empty for the null reverse-path {@code <>}
 */
public record MessageOrigin(InetAddress client, String heloName, String mailFrom) {

    public MessageOrigin {
        heloName = heloName == null ? "" : heloName;
        mailFrom = mailFrom == null ? "" : mailFrom;
    }
}
