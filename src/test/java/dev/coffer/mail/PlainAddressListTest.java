package dev.coffer.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.field.address.ParseException;
import org.junit.jupiter.api.Test;

class PlainAddressListTest {

    private static final List<String> SAMPLES = List.of(
            "alice@example.org", "<alice@example.org>", "Alice <alice@example.org>",
            "\"Alice Liddell\" <alice@example.org>", "Alice Q Liddell <a.b+tag@mail.example.org>",
            "=?UTF-8?B?QWxpY2U=?= <alice@example.org>", "=?bogus?Q?x?= <a@b>", "=?utf-8?B?!!!?= <a@b>",
            "a@b, c@d", "a@b,c@d", "Alice <a@b>, \"Bob\" <b@c>,  carol@d", "\"A\"<a@b>", "x <a@b>",
            "a@b", "a", "", " ", "<>", "<a@>", "<@b>", "a@", "@b", "a@b,", ",a@b", "a@b,,c@d",
            "a..b@c", ".a@b", "a.@b", "a@b.", "a@.b", "a@b..c", "a @b", "a@ b", "a@b c", "a@b <c@d>",
            "Alice<a@b>", "Alice <a@b", "Alice a@b", "Alice <a@b> x", "\"\" <a@b>", "\"a\\\"b\" <a@b>",
            "\"unterminated <a@b>", "Al\"ice <a@b>", "Alice (comment) <a@b>", "a@[127.0.0.1]",
            "\"quoted local\"@example.org", "group: a@b, c@d;", "undisclosed-recipients:;",
            "<@route:a@b>", "J.R.R. Tolkien <a@b>", "Ünïcode <a@b>", "a@exämple.org", "a\t@b",
            "Alice\t<a@b>", "a@b\t,\tc@d", "<a@b>,<c@d>", "a@b;c@d", "a@b <c@d>, e@f", "{weird}|~@x-y.z",
            "g:;", "g: ;", "g :;", ":;", "g:", "g:a@b", "g:a@b;", "g: a@b, Bob <c@d>;", "g: a@b;, c@d", "g: a@b,;",
            "g: ,a@b;", "g h: a@b;", "\"g\": <a@b>;", "g: h: a@b;;", "g: a@b; x", "a@b, g:;, c@d", "g:a@b;;");

    @Test
    void readsTheSameMailboxesAsMime4jsParsersForEveryValueItReads() {
        for (String sample : SAMPLES) {
            assertAgreesWithStrictParser(sample);
        }
    }

    @Test
    void agreesWithMime4jsParsersOnRandomMixesOfAddressSyntax() {
        String[] pieces = {"a", "bob", "x.y", "@", ".", ",", " ", "\t", "<", ">", "\"", "\"q s\"", "(c)", ":", ";",
            "[1.2.3.4]", "\\", "=?utf-8?q?x?=", "example.org", "+", "é"};
        Random random = new Random(5322);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(10);
            for (int j = 0; j < length; j++) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            assertAgreesWithStrictParser(value.toString());
        }
    }

    @Test
    void readsTheFormsOrdinaryMailUses() {
        assertThat(PlainAddressList.mailboxCount("Alice <alice@example.org>")).hasValue(1);
        assertThat(PlainAddressList.mailboxCount("\"Liddell, Alice\" <alice@example.org>, bob@example.net"))
                .hasValue(2);
        assertThat(PlainAddressList.mailboxCount("=?UTF-8?Q?Al=C3=AFce?= <alice@example.org>")).hasValue(1);
        assertThat(PlainAddressList.mailboxCount("undisclosed-recipients:;")).hasValue(0);
        assertThat(PlainAddressList.mailboxCount("team: a@example.org, Bob <b@example.org>;")).hasValue(2);
        assertThat(PlainAddressList.domains("Alice <alice@Example.ORG>, bob@mail.example.net"))
                .hasValue(List.of("Example.ORG", "mail.example.net"));
    }

    @Test
    void leavesEverythingElseToTheFullParser() {
        assertThat(PlainAddressList.mailboxCount("Alice (at home) <alice@example.org>")).isEmpty();
        assertThat(PlainAddressList.mailboxCount("friends: alice@example.org,, bob@example.org;")).isEmpty();
        assertThat(PlainAddressList.mailboxCount("not an address")).isEmpty();
    }

    private static void assertAgreesWithStrictParser(String value) {
        OptionalInt plain = PlainAddressList.mailboxCount(value);
        if (plain.isPresent()) {
            assertThat(plain.getAsInt()).as("mailboxes in [%s]", value).isEqualTo(strictCount(value));
            assertThat(PlainAddressList.domains(value)).as("domains in [%s]", value).hasValue(lenientDomains(value));
        }
    }

    private static List<String> lenientDomains(String value) {
        List<String> domains = new ArrayList<>();
        for (Mailbox mailbox : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
            domains.add(mailbox.getDomain());
        }
        return domains;
    }

    private static int strictCount(String value) {
        try {
            return (int) DefaultAddressParser.DEFAULT.parseAddressList(value, DecodeMonitor.SILENT).flatten().stream()
                    .filter(box -> !box.getLocalPart().isEmpty() && box.getDomain() != null
                            && !box.getDomain().isEmpty())
                    .count();
        } catch (ParseException | IllegalArgumentException e) {
            return 0;
        }
    }
}
