package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailbox.FlagOperation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure command parser, first with the examples of RFC 9051 and its extensions. */
class ImapParserTest {

    private static ImapCommand parse(String command) throws ImapSyntaxException {
        return ImapParser.parse(command).command();
    }

    private static String error(String command) {
        try {
            ImapParser.parse(command);
        } catch (ImapSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + command);
    }

    @Test
    void readsRfc9051LoginWithQuotedAndLiteralStrings() throws Exception {
        // RFC 9051 §6.2.3
        assertThat(parse("a001 LOGIN SMITH SESAME")).isEqualTo(new ImapCommand.Login("SMITH", "SESAME"));
        assertThat(parse("a001 LOGIN \"fred \\\"q\\\\\" {6}\r\nsesame"))
                .isEqualTo(new ImapCommand.Login("fred \"q\\", "sesame"));
        assertThat(parse("a001 LOGIN {4+}\r\nfred x")).isEqualTo(new ImapCommand.Login("fred", "x"));
        assertThat(ImapParser.parse("A142 LOGIN a b").tag()).isEqualTo("A142");
    }

    @Test
    void readsAuthenticateWithAndWithoutInitialResponse() throws Exception {
        assertThat(parse("a AUTHENTICATE PLAIN")).isEqualTo(new ImapCommand.Authenticate("PLAIN", null));
        assertThat(parse("a AUTHENTICATE plain AGZyZWQAc2VzYW1l"))
                .isEqualTo(new ImapCommand.Authenticate("PLAIN", "AGZyZWQAc2VzYW1l"));
        assertThat(parse("a AUTHENTICATE PLAIN =")).isEqualTo(new ImapCommand.Authenticate("PLAIN", ""));
    }

    @Test
    void readsRfc9051FetchExamples() throws Exception {
        // RFC 9051 §6.4.5
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) parse("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])");
        assertThat(fetch.set().toString()).isEqualTo("2:4");
        assertThat(fetch.items()).containsExactly(new FetchItem.Flags(), new FetchItem.Body(false,
                new FetchItem.Section(List.of(), "HEADER.FIELDS", List.of("DATE", "FROM")), 0, -1));
        FetchItem.Body partial = (FetchItem.Body) ((ImapCommand.Fetch) parse("a FETCH 1 BODY.PEEK[1.2.MIME]<0.1024>"))
                .items().getFirst();
        assertThat(partial).isEqualTo(new FetchItem.Body(true, new FetchItem.Section(List.of(1, 2), "MIME", null), 0, 1024));
        assertThat(partial.section().spec()).isEqualTo("1.2.MIME");
        assertThat(((ImapCommand.Fetch) parse("a FETCH 1:* ALL")).items()).hasSize(4);
        assertThat(((ImapCommand.Fetch) parse("a FETCH 1 FULL")).items()).contains(new FetchItem.Structure(false));
        assertThat(((ImapCommand.Fetch) parse("a FETCH 1 (BODY BINARY.PEEK[1]<0.5> BINARY.SIZE[2] RFC822.HEADER)")).items())
                .containsExactly(new FetchItem.Structure(false), new FetchItem.Binary(true, List.of(1), 0, 5),
                        new FetchItem.BinarySize(List.of(2)), new FetchItem.Rfc822("RFC822.HEADER"));
    }

    @Test
    void readsRfc7162ConditionalFetchAndStore() throws Exception {
        // RFC 7162 §3.1.4.2 and §3.2.6
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) parse("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)");
        assertThat(fetch.uid()).isTrue();
        assertThat(fetch.changedSince()).isEqualTo(OptionalLong.of(12345));
        assertThat(fetch.vanished()).isTrue();
        assertThat(error("s FETCH 1 (FLAGS) (VANISHED)")).isEqualTo("VANISHED needs UID FETCH with CHANGEDSINCE");
        // RFC 7162 §3.1.3 example
        assertThat(parse("d105 STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"))
                .isEqualTo(new ImapCommand.Store(false, SequenceSet.of(7, 5, 9), OptionalLong.of(320162338),
                        FlagOperation.ADD, true, List.of("\\Deleted")));
        assertThat(parse("a STORE 1 -FLAGS \\Seen $Junk")).isEqualTo(new ImapCommand.Store(false, SequenceSet.of(1),
                OptionalLong.empty(), FlagOperation.REMOVE, false, List.of("\\Seen", "$Junk")));
    }

    @Test
    void readsSelectWithQresync() throws Exception {
        // RFC 7162 §3.2.5.2
        ImapCommand.Select select = (ImapCommand.Select)
                parse("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))");
        assertThat(select.mailbox()).isEqualTo("INBOX");
        assertThat(select.qresync().orElseThrow().uidValidity()).isEqualTo(67890007);
        assertThat(select.qresync().orElseThrow().modseq()).isEqualTo(20050715194045000L);
        assertThat(select.qresync().orElseThrow().knownUids().orElseThrow().contains(300, 1000)).isTrue();
        assertThat(((ImapCommand.Select) parse("a EXAMINE inbox (CONDSTORE)")).condstore()).isTrue();
        assertThat(((ImapCommand.Select) parse("B03 SELECT INBOX (QRESYNC (67890007 90060115194045000 "
                + "41:211,214:541 (1:20 500:600)))")).qresync()).isPresent();
    }

    @Test
    void readsSearchCriteria() throws Exception {
        // RFC 9051 §6.4.4
        ImapCommand.Search search = (ImapCommand.Search) parse("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"");
        assertThat(search.returnOptions()).containsExactly("MIN", "COUNT");
        assertThat(search.key()).isEqualTo(new SearchKey.And(List.of(new SearchKey.Flag("\\Flagged", true),
                new SearchKey.Date(false, SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1)),
                new SearchKey.Not(new SearchKey.Header("from", "Smith")))));
        assertThat(((ImapCommand.Search) parse("a UID SEARCH CHARSET UTF-8 OR (SEEN 1:3) UID 5:* MODSEQ 7")).key())
                .isEqualTo(new SearchKey.And(List.of(new SearchKey.Or(new SearchKey.And(List.of(
                        new SearchKey.Flag("\\Seen", true), new SearchKey.Sequence(new SequenceSet(List.of(
                                new SequenceSet.Range(1, 3)), false)))), new SearchKey.Uid(new SequenceSet(List.of(
                        new SequenceSet.Range(5, SequenceSet.STAR)), false))), new SearchKey.ModSeq(7))));
        assertThat(((ImapCommand.Search) parse("a SEARCH BODY secret")).key()).isEqualTo(new SearchKey.Encrypted("BODY"));
        assertThat(((ImapCommand.Search) parse("a SEARCH UID $")).key()).isEqualTo(new SearchKey.Uid(SequenceSet.SAVED));
    }

    @Test
    void readsListExtendedAndStatus() throws Exception {
        // RFC 5258 §6 and RFC 5819 §3
        ImapCommand.ListMailboxes list = (ImapCommand.ListMailboxes)
                parse("A02 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"Foo\" %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))");
        assertThat(list.selection()).containsExactly("SUBSCRIBED", "RECURSIVEMATCH");
        assertThat(list.patterns()).containsExactly("Foo", "%");
        assertThat(list.returns()).containsExactly("CHILDREN", "STATUS");
        assertThat(list.statusItems()).containsExactly("MESSAGES", "UNSEEN");
        assertThat(((ImapCommand.ListMailboxes) parse("a LIST \"\" *")).patterns()).containsExactly("*");
        assertThat(((ImapCommand.ListMailboxes) parse("a LSUB #news. comp.mail.*")).lsub()).isTrue();
        assertThat(parse("a STATUS blurdybloop (UIDNEXT MESSAGES SIZE)"))
                .isEqualTo(new ImapCommand.Status("blurdybloop", List.of("UIDNEXT", "MESSAGES", "SIZE")));
        assertThat(error("a LIST (RECURSIVEMATCH) \"\" *")).isEqualTo("RECURSIVEMATCH needs another selection option");
    }

    @Test
    void readsAppendWithFlagsDateAndLiteral() throws Exception {
        // RFC 9051 §6.3.12
        ImapCommand.Append append = (ImapCommand.Append) parse(
                "A003 APPEND saved-messages (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {12}\r\nHello Joe!\r\n");
        assertThat(append.flags()).containsExactly("\\Seen");
        assertThat(append.internalDate()).contains(ZonedDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8)));
        assertThat(new String(append.message(), StandardCharsets.US_ASCII)).isEqualTo("Hello Joe!\r\n");
        assertThat(((ImapCommand.Append) parse("a APPEND INBOX UTF8 (~{2}\r\nhi)")).message()).hasSize(2);
        assertThat(error("a APPEND INBOX \"31-Foo-2024 00:00:00 +0000\" {1}\r\nx")).startsWith("Invalid date-time");
    }

    @Test
    void readsOtherCommands() throws Exception {
        assertThat(parse("a CREATE Archive (USE (\\Archive))")).isEqualTo(new ImapCommand.Create("Archive", List.of("\\Archive")));
        assertThat(parse("a ENABLE CONDSTORE qresync")).isEqualTo(new ImapCommand.Enable(List.of("CONDSTORE", "QRESYNC")));
        assertThat(parse("a UID MOVE 42:69 foo")).isEqualTo(new ImapCommand.Copy(true, new SequenceSet(List.of(
                new SequenceSet.Range(42, 69)), false), "foo", true));
        assertThat(parse("a UID EXPUNGE 3000:3002")).isEqualTo(new ImapCommand.Expunge(Optional.of(
                new SequenceSet(List.of(new SequenceSet.Range(3000, 3002)), false))));
        assertThat(((ImapCommand.Id) parse("a ID (\"name\" \"sodr\" \"version\" NIL)")).parameters())
                .containsEntry("name", "sodr").containsEntry("version", null);
        assertThat(parse("a ID NIL")).isEqualTo(new ImapCommand.Id(null));
        assertThat(parse("a compress deflate")).isEqualTo(new ImapCommand.Compress("DEFLATE"));
        assertThat(parse("a RENAME \"a b\" c")).isEqualTo(new ImapCommand.Rename("a b", "c"));
        assertThat(parse("a GETQUOTAROOT INBOX")).isEqualTo(new ImapCommand.GetQuotaRoot("INBOX"));
        assertThat(parse("a SUBSCRIBE #news")).isEqualTo(new ImapCommand.Subscribe("#news", true));
    }

    @Test
    void rejectsMalformedCommandsWithPreciseReasons() {
        assertThat(error("a FETCH 1:2x FLAGS")).isEqualTo("Invalid sequence set at 'x FLAGS'");
        assertThat(error("a FETCH 0 FLAGS")).isEqualTo("Invalid sequence set: numbers run from 1 to 4294967295");
        assertThat(error("a FETCH 1,,2 FLAGS")).startsWith("Invalid sequence set");
        assertThat(error("a FETCH 1 (FLAGS")).isEqualTo("Expected ')' but the command ended");
        assertThat(error("a SEARCH (SEEN))")).startsWith("Unexpected characters at the end");
        assertThat(error("a FETCH 1 FROB")).isEqualTo("Unknown FETCH item FROB");
        assertThat(error("a LOGIN \"unterminated")).isEqualTo("Unterminated quoted string");
        assertThat(error("a LOGIN \"bad\\escape\" x")).startsWith("Invalid escape");
        assertThat(error("a LOGIN {10}\r\nshort")).isEqualTo("Literal shorter than announced");
        assertThat(error("a STORE 1 FLAG (\\Seen)")).startsWith("Expected FLAGS");
        assertThat(error("a SELECT")).isEqualTo("Expected ' ' but the command ended");
        assertThat(error("NOOP")).isEqualTo("Expected ' ' but the command ended");
        assertThat(error("a+ NOOP")).isEqualTo("Missing or invalid tag");
        assertThat(error("a SEARCH " + "NOT ".repeat(200) + "ALL")).isEqualTo("Search criteria nested too deeply");
    }

    @Test
    void findsLiteralsAtLineEnds() {
        assertThat(ImapSession.trailingLiteral("a LOGIN {5}".getBytes())).isNotNull();
        assertThat(ImapSession.trailingLiteral("a APPEND x ~{5+}".getBytes())).isNotNull();
        assertThat(ImapSession.trailingLiteral("a LOGIN \"{5}\"".getBytes())).isNull();
        assertThat(ImapSession.trailingLiteral("a LOGIN {}".getBytes())).isNull();
    }

    @Test
    void formatsAndMatchesSequenceSets() {
        assertThat(SequenceSet.format(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1:3,5,7:8");
        SequenceSet set = new SequenceSet(List.of(new SequenceSet.Range(SequenceSet.STAR, 4)), false);
        assertThat(set.contains(6, 6)).isTrue();
        assertThat(set.contains(3, 6)).isFalse();
    }

    @Test
    void convertsModifiedUtf7MailboxNames() {
        // RFC 3501 §5.1.3 example
        assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
        assertThat(ModifiedUtf7.encode("~peter/mail/台北/日本語")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(ModifiedUtf7.encode("Tom & Jerry")).isEqualTo("Tom &- Jerry");
        assertThat(ModifiedUtf7.decode("Tom &- Jerry")).isEqualTo("Tom & Jerry");
        assertThat(ModifiedUtf7.decode("broken&")).isEqualTo("broken&");
        assertThat(Set.of(ModifiedUtf7.decode("Entw&APw-rfe"))).containsExactly("Entwürfe");
    }
}
