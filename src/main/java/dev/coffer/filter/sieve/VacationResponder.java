package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import dev.coffer.store.VacationStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a vacation action of a script really replies (RFC 5230 §4.5, §4.1) and
 * writes the reply (RFC 5230 §5). Remembers whom it answered only as salted hashes.
 */
final class VacationResponder {

    /** RFC 5230 §4.5: replies go only to mail that names the recipient in one of these. */
    private static final List<String> RECIPIENT_HEADERS = List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc");

    /** RFC 2369 and RFC 2919: the header fields of mailing lists. */
    private static final List<String> LIST_HEADERS = List.of(
            "List-Id", "List-Help", "List-Subscribe", "List-Unsubscribe", "List-Post", "List-Owner", "List-Archive");

    private final VacationStore store;
    private final Clock clock;

    VacationResponder(VacationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Optional<SieveAction.Vacation> respond(Account account, SieveInput input, SieveMessage message,
                                           SieveCommand.Vacation vacation, String separator) {
        String sender = input.envelopeFrom().strip();
        // a reply to spam would go to a forged sender (backscatter, RFC 3834 §2)
        if (input.junk() || !mayAnswer(sender, message)) {
            return Optional.empty();
        }
        List<String> own = ownAddresses(account, input, vacation, separator);
        Optional<String> named = namedRecipient(message, own, separator);
        // RFC 5230 §4.5: no reply when none of the recipient's addresses is in the header
        if (named.isEmpty() || own.contains(sender.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = senderHash(store.salt(account.id()), sender, handle(vacation));
        // RFC 5230 §4.1: one reply per sender within :days
        if (!store.claimReply(account.id(), hash, now, now.plus(Duration.ofDays(vacation.days())))) {
            return Optional.empty();
        }
        String from = vacation.from().map(VacationResponder::oneLine).orElse(named.get());
        return Optional.of(new SieveAction.Vacation(sender, VacationReply.format(message, vacation, from, sender, account, now)));
    }

    /** RFC 5230 §4.5 and RFC 3834 §2: never answer bounces, robots or lists. */
    private static boolean mayAnswer(String sender, SieveMessage message) {
        if (sender.isEmpty()) {
            return false;
        }
        String local = sender.substring(0, Math.max(0, sender.lastIndexOf('@'))).toLowerCase(Locale.ROOT);
        if (local.startsWith("owner-") || local.endsWith("-request") || local.equals("mailer-daemon")) {
            return false;
        }
        for (String value : message.decoded("Auto-Submitted")) {
            String keyword = value.split(";", 2)[0].strip();
            if (!keyword.equalsIgnoreCase("no")) {
                return false;
            }
        }
        if (LIST_HEADERS.stream().anyMatch(message::has)) {
            return false;
        }
        for (String precedence : message.decoded("Precedence")) {
            String value = precedence.toLowerCase(Locale.ROOT);
            if (value.equals("bulk") || value.equals("list") || value.equals("junk")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> ownAddresses(Account account, SieveInput input, SieveCommand.Vacation vacation, String separator) {
        List<String> own = new ArrayList<>();
        own.add(account.address().toLowerCase(Locale.ROOT));
        own.add(input.envelopeTo().toLowerCase(Locale.ROOT));
        own.add(withoutDetail(input.envelopeTo(), separator).toLowerCase(Locale.ROOT));
        vacation.addresses().forEach(address -> own.add(address.strip().toLowerCase(Locale.ROOT)));
        return own;
    }

    private static Optional<String> namedRecipient(SieveMessage message, List<String> own, String separator) {
        for (String header : RECIPIENT_HEADERS) {
            for (String address : message.addresses(header)) {
                String lower = address.toLowerCase(Locale.ROOT);
                if (own.contains(lower) || own.contains(withoutDetail(lower, separator))) {
                    return Optional.of(oneLine(address));
                }
            }
        }
        return Optional.empty();
    }

    private static String withoutDetail(String address, String separator) {
        int at = address.lastIndexOf('@');
        if (at < 0 || separator.isEmpty()) {
            return address;
        }
        int split = address.substring(0, at).indexOf(separator);
        return split < 0 ? address : address.substring(0, split) + address.substring(at);
    }

    /** RFC 5230 §4.2: without :handle, the reply's own arguments tell one vacation from another. */
    private static String handle(SieveCommand.Vacation vacation) {
        return vacation.handle().orElseGet(() -> vacation.reason() + "\0" + vacation.subject().orElse("") + "\0"
                + vacation.from().orElse("") + "\0" + vacation.mime());
    }

    static String senderHash(byte[] salt, String sender, String handle) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            sha256.update(sender.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(handle.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    static String oneLine(String value) {
        return value.replaceAll("[\\r\\n]+", " ").strip();
    }
}
