package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailbox.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FETCH data from stored bytes: sections, BODYSTRUCTURE, ENVELOPE, BINARY. */
class FetchResponderTest {

    private static final String NESTED = "From: \"Doe, John\" <john@example.org>, Ann <ann@example.org>\r\n"
            + "To: undisclosed-recipients:;\r\n"
            + "Subject: nested\r\n"
            + "Message-ID: <n@example.org>\r\n"
            + "Content-Type: multipart/mixed; boundary=outer\r\n"
            + "\r\n"
            + "preamble\r\n"
            + "--outer\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "aGVsbG8=\r\n"
            + "--outer\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "\r\n"
            + "Subject: inner\r\n"
            + "Content-Type: multipart/alternative; boundary=\"inner\"\r\n"
            + "\r\n"
            + "--inner\r\n"
            + "\r\n"
            + "plain text\r\n"
            + "--inner\r\n"
            + "Content-Type: text/html\r\n"
            + "\r\n"
            + "<p>html</p>\r\n"
            + "--inner--\r\n"
            + "--outer--\r\n";

    private static String fetch(String items) throws Exception {
        byte[] bytes = NESTED.getBytes(StandardCharsets.UTF_8);
        MessageInfo info = new MessageInfo(1, 7, 3, bytes.length, Instant.parse("2024-01-02T03:04:05Z"), Set.of("\\Seen"),
                null, "b");
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) ImapParser.parse("a FETCH 1 " + items).command();
        return new String(FetchResponder.respond(1, info, fetch.items(), m -> bytes, new EnvelopeCache(1 << 20), false),
                StandardCharsets.UTF_8);
    }

    @Test
    void addressesPartsAndNestedMessagesByNumber() throws Exception {
        assertThat(fetch("BODY.PEEK[2.1]")).isEqualTo("1 FETCH (BODY[2.1] {10}\r\nplain text)");
        assertThat(fetch("BODY.PEEK[2.2.MIME]")).isEqualTo("1 FETCH (BODY[2.2.MIME] {27}\r\nContent-Type: text/html\r\n\r\n)");
        assertThat(fetch("BODY.PEEK[2.HEADER.FIELDS (SUBJECT)]"))
                .isEqualTo("1 FETCH (BODY[2.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: inner\r\n\r\n)");
        assertThat(fetch("BODY.PEEK[HEADER.FIELDS.NOT (FROM TO MESSAGE-ID CONTENT-TYPE)]"))
                .isEqualTo("1 FETCH (BODY[HEADER.FIELDS.NOT (FROM TO MESSAGE-ID CONTENT-TYPE)] {19}\r\nSubject: nested\r\n\r\n)");
        assertThat(fetch("BODY.PEEK[1]")).isEqualTo("1 FETCH (BODY[1] {8}\r\naGVsbG8=)");
        assertThat(fetch("BODY.PEEK[9]")).isEqualTo("1 FETCH (BODY[9] NIL)");
        assertThat(fetch("(BINARY.PEEK[1] BINARY.SIZE[1])")).isEqualTo("1 FETCH (BINARY[1] {5}\r\nhello BINARY.SIZE[1] 5)");
    }

    @Test
    void describesStructureAndEnvelope() throws Exception {
        assertThat(fetch("BODYSTRUCTURE")).isEqualTo("1 FETCH (BODYSTRUCTURE ("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"BASE64\" 8 1 NIL NIL NIL NIL)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 154 "
                + "(NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                + "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 11 1 NIL NIL NIL NIL) \"ALTERNATIVE\" (\"BOUNDARY\" \"inner\") NIL NIL NIL) "
                + "11 NIL NIL NIL NIL) \"MIXED\" (\"BOUNDARY\" \"outer\") NIL NIL NIL))");
        assertThat(fetch("ENVELOPE")).isEqualTo("1 FETCH (ENVELOPE (NIL \"nested\" "
                + "((\"Doe, John\" NIL \"john\" \"example.org\")(\"Ann\" NIL \"ann\" \"example.org\")) "
                + "((\"Doe, John\" NIL \"john\" \"example.org\")(\"Ann\" NIL \"ann\" \"example.org\")) "
                + "((\"Doe, John\" NIL \"john\" \"example.org\")(\"Ann\" NIL \"ann\" \"example.org\")) "
                + "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL \"<n@example.org>\"))");
        assertThat(fetch("(UID INTERNALDATE FLAGS MODSEQ)"))
                .isEqualTo("1 FETCH (UID 7 INTERNALDATE \"02-Jan-2024 03:04:05 +0000\" FLAGS (\\Seen) MODSEQ (3))");
    }

    @Test
    void partialFetchGivesItsOrigin() throws Exception {
        assertThat(fetch("BODY.PEEK[]<6.4>")).isEqualTo("1 FETCH (BODY[]<6> {4}\r\n\"Doe)");
        assertThat(fetch("BODY.PEEK[TEXT]<100000.4>")).isEqualTo("1 FETCH (BODY[TEXT]<100000> {0}\r\n)");
        assertThat(List.of(fetch("RFC822.SIZE"))).containsExactly("1 FETCH (RFC822.SIZE " + NESTED.length() + ")");
    }

    @Test
    void readsOnlyTheTopOfTheMessageForEnvelopeAndWritesItOnceForEveryone() throws Exception {
        byte[] bytes = NESTED.getBytes(StandardCharsets.UTF_8);
        MessageInfo info = new MessageInfo(1, 7, 3, bytes.length, Instant.parse("2024-01-02T03:04:05Z"), Set.of(),
                null, "b");
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) ImapParser.parse("a FETCH 1 ENVELOPE").command();
        List<String> reads = new java.util.ArrayList<>();
        FetchResponder.Content content = new FetchResponder.Content() {
            @Override
            public byte[] load(MessageInfo message) {
                reads.add("all");
                return bytes;
            }

            @Override
            public byte[] loadPrefix(MessageInfo message, int maxOctets) {
                reads.add("prefix");
                return java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 200));
            }
        };
        EnvelopeCache envelopes = new EnvelopeCache(1 << 20);

        String first = new String(FetchResponder.respond(1, info, fetch.items(), content, envelopes, false),
                StandardCharsets.UTF_8);
        String again = new String(FetchResponder.respond(2, info, fetch.items(), content, envelopes, false),
                StandardCharsets.UTF_8);

        assertThat(first).isEqualTo(fetch("ENVELOPE"));
        assertThat(again).isEqualTo(first.replaceFirst("^1 ", "2 "));
        assertThat(reads).containsExactly("prefix");
    }

    @Test
    void readsTheWholeMessageWhenItsHeaderIsLongerThanTheFirstRead() throws Exception {
        String longHeader = "References: " + "<r@example.org> ".repeat(400) + "\r\n" + NESTED;
        byte[] bytes = longHeader.getBytes(StandardCharsets.UTF_8);
        MessageInfo info = new MessageInfo(1, 7, 3, bytes.length, Instant.parse("2024-01-02T03:04:05Z"), Set.of(),
                null, "b");
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) ImapParser.parse("a FETCH 1 ENVELOPE").command();

        String envelope = new String(FetchResponder.respond(1, info, fetch.items(), m -> bytes,
                new EnvelopeCache(1 << 20), false), StandardCharsets.UTF_8);

        assertThat(bytes.length).isGreaterThan(FetchResponder.HEADER_PREFIX_OCTETS);
        assertThat(envelope).isEqualTo(fetch("ENVELOPE"));
    }

    @Test
    void findsTheEndOfTheHeaderOnlyWhenTheBlankLineIsComplete() {
        assertThat(MimeEntity.headerEnd("A: b\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII))).isEqualTo(8);
        assertThat(MimeEntity.headerEnd("A: b\n\nbody".getBytes(StandardCharsets.US_ASCII))).isEqualTo(6);
        assertThat(MimeEntity.headerEnd("\r\nbody".getBytes(StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(MimeEntity.headerEnd("A: b\r\n\r".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(MimeEntity.headerEnd("A: b\r\n B: c".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }
}
