package dev.coffer.imap;

/** Sample stored messages shaped like Coffer's PGP/MIME ciphertext. */
final class Messages {

    private Messages() {}

    static String encrypted(String from, String to, String messageId) {
        return "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Date: Tue, 2 Jan 2024 10:00:00 +0000\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Subject: [...]\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n"
                + " boundary=\"b1\"\r\n"
                + "\r\n"
                + "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
                + "--b1\r\n"
                + "Content-Type: application/pgp-encrypted\r\n"
                + "Content-Description: PGP/MIME version identification\r\n"
                + "\r\n"
                + "Version: 1\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n"
                + "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n"
                + "\r\n"
                + "-----BEGIN PGP MESSAGE-----\r\n"
                + "\r\n"
                + "hF4DAAAAAAAAAAASAQdAexample\r\n"
                + "-----END PGP MESSAGE-----\r\n"
                + "\r\n"
                + "--b1--\r\n";
    }

    static String plain(String subject) {
        return "From: Carol <carol@example.org>\r\n"
                + "To: alice@coffer.test\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Wed, 3 Jan 2024 11:00:00 +0100\r\n"
                + "Message-ID: <" + subject.hashCode() + "@example.org>\r\n"
                + "\r\n"
                + "Hello\r\n";
    }
}
