package dev.coffer.imap;

import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Writes the data of one {@code * n FETCH (...)} response (RFC 9051 §7.5.2). */
public final class FetchResponder {

    static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Loads the stored bytes of a message, at most once per response. */
    public interface Content {
        byte[] load(MessageInfo message) throws MailboxException;

        /** The first {@code maxOctets} of the stored bytes, or all of them when the message is shorter. */
        default byte[] loadPrefix(MessageInfo message, int maxOctets) throws MailboxException {
            byte[] all = load(message);
            return all.length <= maxOctets ? all : Arrays.copyOf(all, maxOctets);
        }

        /** The selected mailbox's stored messages. */
        static Content of(MailboxService mailboxes) {
            return new Content() {
                @Override
                public byte[] load(MessageInfo message) throws MailboxException {
                    return mailboxes.content(message);
                }

                @Override
                public byte[] loadPrefix(MessageInfo message, int maxOctets) throws MailboxException {
                    return mailboxes.contentPrefix(message, maxOctets);
                }
            };
        }
    }

    /** What is read first for ENVELOPE: an outer header is a few hundred octets; a longer one is read whole. */
    static final int HEADER_PREFIX_OCTETS = 4096;

    /** Larger responses grow as they are written instead of being allocated at once. */
    private static final int MAX_PRESIZED_OCTETS = 64 * 1024 * 1024;

    /** A part whose Content-Transfer-Encoding the server cannot undo (RFC 3516 UNKNOWN-CTE). */
    public static final class UnknownEncodingException extends Exception {
        UnknownEncodingException(String encoding) {
            super("Unknown Content-Transfer-Encoding " + encoding, null, false, false);
        }
    }

    private final MessageInfo message;
    private final Content content;
    private final EnvelopeCache envelopes;
    private final boolean utf8;
    private byte[] bytes;
    private MimeEntity root;
    private MimeEntity header;

    private FetchResponder(MessageInfo message, Content content, EnvelopeCache envelopes, boolean utf8) {
        this.message = message;
        this.content = content;
        this.envelopes = envelopes;
        this.utf8 = utf8;
    }

    /** {@code n FETCH (...)} without the leading {@code * }. */
    public static byte[] respond(int sequence, MessageInfo message, List<FetchItem> items, Content content,
                                 EnvelopeCache envelopes, boolean utf8)
            throws MailboxException, UnknownEncodingException {
        return new FetchResponder(message, content, envelopes, utf8).write(sequence, items).toByteArray();
    }

    /** Writes {@code * n FETCH (...)}; a whole message is copied once, into a buffer sized for it. */
    public static void respond(ImapWriter out, int sequence, MessageInfo message, List<FetchItem> items,
                               Content content, EnvelopeCache envelopes, boolean utf8)
            throws IOException, MailboxException, UnknownEncodingException {
        out.untagged(new FetchResponder(message, content, envelopes, utf8).write(sequence, items));
    }

    public static String flags(MessageInfo message) {
        return "(" + String.join(" ", message.flags()) + ")";
    }

    /** {@code n FETCH (FLAGS ...)} telling a flag change, with the UID and MODSEQ when asked. */
    public static String flagsUpdate(int sequence, MessageInfo message, boolean withUid, boolean withModseq) {
        return sequence + " FETCH (FLAGS " + flags(message) + (withUid ? " UID " + message.uid() : "")
                + (withModseq ? " MODSEQ (" + message.modseq() + ")" : "") + ")";
    }

    private ByteArrayOutputStream write(int sequence, List<FetchItem> items)
            throws MailboxException, UnknownEncodingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedOctets(items));
        ImapWriter.ascii(out, sequence + " FETCH (");
        boolean first = true;
        for (FetchItem item : items) {
            if (!first) {
                out.write(' ');
            }
            first = false;
            item(out, item);
        }
        out.write(')');
        return out;
    }

    /** Room for the response: the whole message when it is asked for, so its copy is made only once. */
    private int expectedOctets(List<FetchItem> items) {
        for (FetchItem item : items) {
            boolean whole = switch (item) {
                case FetchItem.Body body -> body.section().part().isEmpty() && body.section().text() == null;
                case FetchItem.Rfc822 rfc822 -> rfc822.part().equals("RFC822");
                case FetchItem.Binary binary -> binary.part().isEmpty();
                default -> false;
            };
            if (whole) {
                return (int) Math.min(message.size() + 256, MAX_PRESIZED_OCTETS);
            }
        }
        return 256;
    }

    private void item(ByteArrayOutputStream out, FetchItem item) throws MailboxException, UnknownEncodingException {
        switch (item) {
            case FetchItem.Flags flags -> ImapWriter.ascii(out, "FLAGS " + flags(message));
            case FetchItem.Uid uid -> ImapWriter.ascii(out, "UID " + message.uid());
            case FetchItem.InternalDate date ->
                    ImapWriter.ascii(out, "INTERNALDATE \"" + INTERNAL_DATE.format(message.internalDate()) + "\"");
            case FetchItem.Rfc822Size size -> ImapWriter.ascii(out, "RFC822.SIZE " + message.size());
            case FetchItem.ModSeq modseq -> ImapWriter.ascii(out, "MODSEQ (" + message.modseq() + ")");
            case FetchItem.Envelope envelope -> {
                ImapWriter.ascii(out, "ENVELOPE ");
                out.writeBytes(envelope());
            }
            case FetchItem.Structure structure -> {
                ImapWriter.ascii(out, structure.extensible() ? "BODYSTRUCTURE " : "BODY ");
                MessageStructure.bodyStructure(out, root(), structure.extensible(), utf8);
            }
            case FetchItem.Rfc822 rfc822 -> {
                ImapWriter.ascii(out, rfc822.part() + " ");
                byte[] data = switch (rfc822.part()) {
                    case "RFC822.HEADER" -> root().header();
                    case "RFC822.TEXT" -> root().body();
                    default -> bytes();
                };
                ImapWriter.literal(out, data);
            }
            case FetchItem.Body body -> {
                ImapWriter.ascii(out, "BODY[" + body.section().spec() + "]");
                byte[] data = section(body.section());
                partial(out, data, body.partialStart(), body.partialLength(), false);
            }
            case FetchItem.Binary binary -> {
                ImapWriter.ascii(out, "BINARY[" + dotted(binary.part()) + "]");
                partial(out, decoded(binary.part()), binary.partialStart(), binary.partialLength(), true);
            }
            case FetchItem.BinarySize size -> {
                byte[] data = decoded(size.part());
                ImapWriter.ascii(out, "BINARY.SIZE[" + dotted(size.part()) + "] " + (data == null ? 0 : data.length));
            }
        }
    }

    private void partial(ByteArrayOutputStream out, byte[] data, long start, long length, boolean binary) {
        if (data == null) {
            ImapWriter.ascii(out, " NIL");
            return;
        }
        if (length >= 0) {
            ImapWriter.ascii(out, "<" + start + ">");
            int from = (int) Math.min(start, data.length);
            int to = (int) Math.min(data.length, from + length);
            data = Arrays.copyOfRange(data, from, to);
        }
        out.write(' ');
        if (binary && containsNul(data)) {
            out.write('~');
        }
        ImapWriter.literal(out, data);
    }

    /** RFC 9051 §6.4.5 BODY[section]; null when the section does not exist. */
    private byte[] section(FetchItem.Section section) throws MailboxException {
        if (section.part().isEmpty() && section.text() == null) {
            // BODY[]: the stored bytes as they are, without parsing their structure
            return bytes();
        }
        MimeEntity root = root();
        MimeEntity entity = section.part().isEmpty() ? root : root.part(section.part());
        if (entity == null) {
            return null;
        }
        if (section.text() == null) {
            return entity.body();
        }
        if (section.text().equals("MIME")) {
            return entity.header();
        }
        MimeEntity target = section.part().isEmpty() ? root : entity.message;
        if (target == null) {
            return null;
        }
        return switch (section.text()) {
            case "HEADER" -> target.header();
            case "TEXT" -> target.body();
            case "HEADER.FIELDS" -> target.headerFields(section.fields(), false);
            case "HEADER.FIELDS.NOT" -> target.headerFields(section.fields(), true);
            default -> null;
        };
    }

    /** RFC 3516: the part with its Content-Transfer-Encoding undone. */
    private byte[] decoded(List<Integer> part) throws MailboxException, UnknownEncodingException {
        if (part.isEmpty()) {
            return bytes();
        }
        MimeEntity entity = root().part(part);
        if (entity == null) {
            return null;
        }
        String encoding = entity.field("Content-Transfer-Encoding");
        encoding = encoding == null ? "7bit" : encoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "7bit", "8bit", "binary" -> entity.body();
            case "base64" -> {
                try {
                    yield Base64.getMimeDecoder().decode(entity.body());
                } catch (IllegalArgumentException e) {
                    throw new UnknownEncodingException("base64 (invalid data)");
                }
            }
            case "quoted-printable" -> quotedPrintable(entity.body());
            default -> throw new UnknownEncodingException(encoding);
        };
    }

    /** RFC 2045 §6.7. */
    static byte[] quotedPrintable(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '=' && i + 2 < data.length
                    && Character.digit(data[i + 1], 16) >= 0 && Character.digit(data[i + 2], 16) >= 0) {
                out.write(Character.digit(data[i + 1], 16) * 16 + Character.digit(data[i + 2], 16));
                i += 2;
            } else if (b == '=' && i + 1 < data.length && (data[i + 1] == '\r' || data[i + 1] == '\n')) {
                i += data[i + 1] == '\r' && i + 2 < data.length && data[i + 2] == '\n' ? 2 : 1;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean containsNul(byte[] data) {
        for (byte b : data) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    private static String dotted(List<Integer> part) {
        StringBuilder text = new StringBuilder();
        for (int n : part) {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(n);
        }
        return text.toString();
    }

    private byte[] bytes() throws MailboxException {
        if (bytes == null) {
            bytes = content.load(message);
        }
        return bytes;
    }

    private byte[] envelope() throws MailboxException {
        String blobId = message.blobId();
        byte[] cached = blobId == null ? null : envelopes.get(blobId, utf8);
        if (cached == null) {
            ByteArrayOutputStream written = new ByteArrayOutputStream(512);
            MessageStructure.envelope(written, header(), utf8);
            cached = written.toByteArray();
            if (blobId != null) {
                envelopes.put(blobId, utf8, cached);
            }
        }
        return cached;
    }

    /** The parsed message if it was parsed already, else its top-level header alone, read alone when it can be. */
    private MimeEntity header() throws MailboxException {
        if (root != null) {
            return root;
        }
        if (header == null && bytes == null) {
            byte[] prefix = content.loadPrefix(message, HEADER_PREFIX_OCTETS);
            if (prefix.length < HEADER_PREFIX_OCTETS || MimeEntity.headerEnd(prefix) >= 0) {
                header = MimeEntity.parseHeader(prefix);
            }
        }
        if (header == null) {
            header = MimeEntity.parseHeader(bytes());
        }
        return header;
    }

    private MimeEntity root() throws MailboxException {
        if (root == null) {
            root = MimeEntity.parse(bytes());
        }
        return root;
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
