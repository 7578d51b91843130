package dev.coffer.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailbox.MessageInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaildropTest {

    private static MessageInfo message(long uid, long size, String... flags) {
        return new MessageInfo(7, uid, 1, size, Instant.EPOCH, Set.of(flags),
                new MessageInfo.OuterHeaders(null, null, null, null, null, null, null), "blob" + uid);
    }

    private final Maildrop maildrop = new Maildrop(7, 42, List.of(
            message(3, 100), message(5, 200, "\\Seen"), message(9, 300), message(11, 400, "\\Deleted")));

    @Test
    void numbersMessagesFromOneInUidOrderLeavingOutThoseFlaggedDeleted() {
        assertThat(maildrop.highestNumber()).isEqualTo(3);
        assertThat(maildrop.count()).isEqualTo(3);
        assertThat(maildrop.size()).isEqualTo(600);
        assertThat(maildrop.message(3).uid()).isEqualTo(9);
        assertThat(maildrop.uniqueId(1)).isEqualTo("42.3");
    }

    @Test
    void deletionIsAMarkThatRsetClears() {
        maildrop.delete(2);
        assertThat(maildrop.count()).isEqualTo(2);
        assertThat(maildrop.size()).isEqualTo(400);
        assertThat(maildrop.problem(2)).isEqualTo(Pop3Reply.alreadyDeleted(2));
        assertThat(maildrop.deletedUids()).containsExactly(5L);
        maildrop.reset();
        assertThat(maildrop.count()).isEqualTo(3);
        assertThat(maildrop.deletedUids()).isEmpty();
    }

    @Test
    void numbersOutsideTheSnapshotAreNoSuchMessage() {
        assertThat(maildrop.problem(0)).isEqualTo(Pop3Reply.noSuchMessage(0));
        assertThat(maildrop.problem(4)).isEqualTo(Pop3Reply.noSuchMessage(4));
        assertThat(maildrop.problem(1)).isNull();
    }

    @Test
    void retrievedMessagesToMarkSeenExcludeDeletedAndAlreadySeenOnes() {
        maildrop.retrieved(1);
        maildrop.retrieved(2);
        maildrop.retrieved(3);
        maildrop.delete(3);
        assertThat(maildrop.retrievedUids()).containsExactly(3L);
    }
}
