package dev.coffer.imap.command;

/**
 * The extensions a client turned on, with ENABLE (RFC 5161) or by using them: they change
 * what later responses look like.
 */
public final class EnabledExtensions {

    private boolean rev2;
    private boolean utf8Accept;
    private boolean condstore;
    private boolean qresync;

    /** RFC 9051 IMAP4rev2. */
    public boolean rev2() {
        return rev2;
    }

    /** RFC 7162 CONDSTORE: responses carry MODSEQ. */
    public boolean condstore() {
        return condstore;
    }

    /** RFC 7162 QRESYNC: VANISHED instead of EXPUNGE, UIDs in flag updates. */
    public boolean qresync() {
        return qresync;
    }

    /** Whether mailbox names travel as UTF-8 (RFC 6855, RFC 9051) rather than modified UTF-7. */
    public boolean utf8Names() {
        return utf8Accept || rev2;
    }

    /** RFC 7162 §3.1: a CONDSTORE-enabling command turns it on. */
    void enableCondstore() {
        condstore = true;
    }

    void enableQresync() {
        qresync = true;
        condstore = true;
    }

    void enableUtf8Accept() {
        utf8Accept = true;
    }

    void enableRev2() {
        rev2 = true;
    }
}
