package dev.coffer.filter.sieve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/** The body of a message as the body test sees it (RFC 5173 §5), in memory only. */
final class SieveBody {

    /** Most MIME parts searched, so a message of many tiny parts cannot make a test slow. */
    private static final int MAX_PARTS = 1000;

    private static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxHeaderCount(-1).setMaxHeaderLen(-1).setMaxLineLen(-1).setMaxContentLen(-1).build();

    private SieveBody() {}

    /** RFC 5173 §5.1 :raw: the undecoded body after the header, as text. */
    static String raw(byte[] message) {
        int start = bodyStart(message);
        return new String(message, start, message.length - start, StandardCharsets.UTF_8);
    }

    /**
     * RFC 5173 §5.2 :content: the decoded text of every leaf part whose type is one of
     * {@code types} ("text" for all text/*, "text/html" exactly, "" for any); :text is
     * :content "text". Multipart containers themselves are not searched.
     */
    static List<String> content(byte[] message, List<String> types) {
        List<String> texts = new ArrayList<>();
        MimeTokenStream stream = new MimeTokenStream(CONFIG, new DefaultBodyDescriptorBuilder());
        stream.parse(new ByteArrayInputStream(message));
        try {
            int parts = 0;
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state != EntityState.T_BODY) {
                    continue;
                }
                if (++parts > MAX_PARTS) {
                    break;
                }
                BodyDescriptor descriptor = stream.getBodyDescriptor();
                if (wanted(descriptor, types)) {
                    texts.add(decoded(stream.getDecodedInputStream(), descriptor));
                }
            }
        } catch (IOException | MimeException | RuntimeException e) {
            // a malformed message: what was read so far is what the test sees
            return texts;
        }
        return texts;
    }

    private static boolean wanted(BodyDescriptor descriptor, List<String> types) {
        String major = descriptor.getMediaType().toLowerCase(Locale.ROOT);
        String full = descriptor.getMimeType().toLowerCase(Locale.ROOT);
        for (String type : types) {
            String lower = type.toLowerCase(Locale.ROOT).strip();
            if (lower.isEmpty() || lower.equals(full) || lower.equals(major)) {
                return true;
            }
        }
        return false;
    }

    private static String decoded(InputStream in, BodyDescriptor descriptor) throws IOException {
        Charset charset;
        try {
            charset = descriptor.getCharset() == null ? StandardCharsets.US_ASCII : Charset.forName(descriptor.getCharset());
        } catch (IllegalArgumentException e) {
            charset = StandardCharsets.UTF_8;
        }
        return new String(in.readAllBytes(), charset);
    }

    private static int bodyStart(byte[] message) {
        for (int i = 0; i + 1 < message.length; i++) {
            if (message[i] == '\n' && message[i + 1] == '\n') {
                return i + 2;
            }
            if (message[i] == '\n' && message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n') {
                return i + 3;
            }
        }
        return message.length;
    }
}
