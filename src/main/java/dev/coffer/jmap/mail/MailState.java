package dev.coffer.jmap.mail;

import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MailboxStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * An account's mail state (RFC 8620 §1.2 state strings) derived from what the store already
 * keeps, with no change log on the delivery path: per mailbox its id, highest MODSEQ (RFC
 * 7162, moved by every change and expunge) and next UID (which tells new messages from old),
 * plus, for the Mailbox type, a checksum of the mailbox's own properties. /changes compares a
 * client's old vector with the current one and asks the store what changed since each MODSEQ.
 *
 * @param mailboxes by mailbox id
 */
record MailState(Map<Long, Entry> mailboxes) {

    /** One mailbox's place in the state. */
    record Entry(long modseq, long uidNext, long properties) {}

    static MailState current(MailboxService service, long accountId) {
        Map<Long, Entry> entries = new LinkedHashMap<>();
        List<MailboxInfo> mailboxes = new ArrayList<>(service.list(accountId));
        mailboxes.sort(Comparator.comparingLong(MailboxInfo::id));
        for (MailboxInfo mailbox : mailboxes) {
            try {
                MailboxStatus status = service.status(mailbox.id());
                entries.put(mailbox.id(), new Entry(status.highestModseq(), status.uidNext(), properties(mailbox)));
            } catch (MailboxException gone) {
                // Deleted between list and status: it is not part of the state.
            }
        }
        return new MailState(entries);
    }

    /** The Email (and Thread) state: MODSEQ and next UID per mailbox; renames do not move it. */
    String emailState() {
        StringBuilder text = new StringBuilder("e");
        mailboxes.forEach((id, entry) -> text.append(id).append('.').append(entry.modseq()).append('.')
                .append(entry.uidNext()).append('_'));
        return text.toString();
    }

    /** The Mailbox state: the Email state's vector and each mailbox's properties. */
    String mailboxState() {
        StringBuilder text = new StringBuilder("m");
        mailboxes.forEach((id, entry) -> text.append(id).append('.').append(entry.modseq()).append('.')
                .append(entry.uidNext()).append('.').append(Long.toString(entry.properties(), 36)).append('_'));
        return text.toString();
    }

    /** RFC 8621 §1.5 EmailDelivery: moves only when a mailbox got new messages. */
    String deliveryState() {
        StringBuilder text = new StringBuilder("d");
        mailboxes.forEach((id, entry) -> text.append(id).append('.').append(entry.uidNext()).append('_'));
        return text.toString();
    }

    /** Reads a state string this class wrote; empty for anything else. */
    static Optional<MailState> parse(String state) {
        if (state == null || state.length() < 1 || (state.charAt(0) != 'e' && state.charAt(0) != 'm')) {
            return Optional.empty();
        }
        boolean withProperties = state.charAt(0) == 'm';
        Map<Long, Entry> entries = new LinkedHashMap<>();
        try {
            for (String part : state.substring(1).split("_")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] fields = part.split("\\.");
                if (fields.length != (withProperties ? 4 : 3)) {
                    return Optional.empty();
                }
                entries.put(Long.parseLong(fields[0]), new Entry(Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                        withProperties ? Long.parseLong(fields[3], 36) : 0));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new MailState(entries));
    }

    private static long properties(MailboxInfo mailbox) {
        CRC32 crc = new CRC32();
        crc.update((mailbox.name() + '\n' + mailbox.specialUse() + '\n' + mailbox.subscribed())
                .getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
