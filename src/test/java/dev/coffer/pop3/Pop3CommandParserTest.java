package dev.coffer.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.net.SaslPlain;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class Pop3CommandParserTest {

    private static Pop3Command parse(String line) throws Pop3SyntaxException {
        return Pop3CommandParser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String line) {
        try {
            Pop3Command command = parse(line);
            throw new AssertionError("parsed " + line + " as " + command);
        } catch (Pop3SyntaxException e) {
            assertThat(e.reply().isError()).isTrue();
            return e.reply().toString();
        }
    }

    @Test
    void parsesTheExamplesOfRfc1939() throws Exception {
        assertThat(parse("USER mrose")).isEqualTo(new Pop3Command.User("mrose"));
        assertThat(parse("PASS secret")).isEqualTo(new Pop3Command.Pass("secret"));
        assertThat(parse("STAT")).isEqualTo(new Pop3Command.Stat());
        assertThat(parse("LIST")).isEqualTo(new Pop3Command.List(OptionalInt.empty()));
        assertThat(parse("LIST 2")).isEqualTo(new Pop3Command.List(OptionalInt.of(2)));
        assertThat(parse("RETR 1")).isEqualTo(new Pop3Command.Retr(1));
        assertThat(parse("DELE 1")).isEqualTo(new Pop3Command.Dele(1));
        assertThat(parse("NOOP")).isEqualTo(new Pop3Command.Noop());
        assertThat(parse("RSET")).isEqualTo(new Pop3Command.Rset());
        assertThat(parse("QUIT")).isEqualTo(new Pop3Command.Quit());
        assertThat(parse("TOP 1 10")).isEqualTo(new Pop3Command.Top(1, 10));
        assertThat(parse("UIDL")).isEqualTo(new Pop3Command.Uidl(OptionalInt.empty()));
        assertThat(parse("UIDL 2")).isEqualTo(new Pop3Command.Uidl(OptionalInt.of(2)));
        assertThat(parse("APOP mrose c4c9334bac560ecc979e58001b3e22fb")).isEqualTo(new Pop3Command.NotSupported("APOP"));
    }

    @Test
    void parsesCapaStlsAndAuth() throws Exception {
        assertThat(parse("CAPA")).isEqualTo(new Pop3Command.Capa());
        assertThat(parse("STLS")).isEqualTo(new Pop3Command.Stls());
        assertThat(parse("AUTH")).isEqualTo(new Pop3Command.Auth(null, null));
        assertThat(parse("AUTH plain")).isEqualTo(new Pop3Command.Auth("PLAIN", null));
        assertThat(parse("AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=")).isEqualTo(new Pop3Command.Auth("PLAIN", "dGVzdAB0ZXN0AHRlc3Q="));
        assertThat(parse("AUTH PLAIN =")).isEqualTo(new Pop3Command.Auth("PLAIN", "="));
    }

    @Test
    void keywordsAreCaseInsensitive() throws Exception {
        assertThat(parse("stat")).isEqualTo(new Pop3Command.Stat());
        assertThat(parse("Retr 3")).isEqualTo(new Pop3Command.Retr(3));
        assertThat(parse("uSeR Alice@Example.org")).isEqualTo(new Pop3Command.User("Alice@Example.org"));
    }

    @Test
    void passKeepsTheRestOfTheLineSpacesIncluded() throws Exception {
        assertThat(parse("PASS correct horse battery")).isEqualTo(new Pop3Command.Pass("correct horse battery"));
        assertThat(parse("PASS  leading")).isEqualTo(new Pop3Command.Pass(" leading"));
    }

    @Test
    void passwordsNeverAppearInToString() throws Exception {
        assertThat(parse("PASS hunter2").toString()).doesNotContain("hunter2");
        assertThat(parse("AUTH PLAIN AGFsaWNlAGh1bnRlcjI=").toString()).doesNotContain("AGFsaWNlAGh1bnRlcjI=");
    }

    @Test
    void toleratesExtraSpacesBetweenArguments() throws Exception {
        assertThat(parse("TOP  1   5")).isEqualTo(new Pop3Command.Top(1, 5));
        assertThat(parse("LIST 1 ")).isEqualTo(new Pop3Command.List(OptionalInt.of(1)));
    }

    @Test
    void topAcceptsZeroLines() throws Exception {
        assertThat(parse("TOP 2 0")).isEqualTo(new Pop3Command.Top(2, 0));
    }

    @Test
    void hugeMessageNumbersMeanNoSuchMessageNotOverflow() throws Exception {
        assertThat(parse("RETR 99999999999999")).isEqualTo(new Pop3Command.Retr(Integer.MAX_VALUE));
        assertThat(parse("LIST 007")).isEqualTo(new Pop3Command.List(OptionalInt.of(7)));
    }

    @Test
    void rejectsMalformedArguments() {
        assertThat(error("RETR")).startsWith("-ERR RETR needs exactly one argument");
        assertThat(error("RETR x")).startsWith("-ERR RETR: not a number");
        assertThat(error("RETR -1")).startsWith("-ERR RETR: not a number");
        assertThat(error("RETR 0")).startsWith("-ERR RETR: message numbers start at 1");
        assertThat(error("DELE 1 2")).startsWith("-ERR DELE needs exactly one argument");
        assertThat(error("TOP 1")).startsWith("-ERR TOP needs a message number and a line count");
        assertThat(error("TOP 1 x")).startsWith("-ERR TOP: not a number");
        assertThat(error("STAT 1")).startsWith("-ERR STAT takes no argument");
        assertThat(error("QUIT now")).startsWith("-ERR QUIT takes no argument");
        assertThat(error("USER")).startsWith("-ERR USER needs exactly one argument");
        assertThat(error("PASS")).startsWith("-ERR PASS needs a password");
        assertThat(error("AUTH PLAIN a b")).startsWith("-ERR AUTH takes");
    }

    @Test
    void rejectsUnknownAndEmptyCommands() {
        assertThat(error("")).isEqualTo("-ERR Empty command");
        assertThat(error("HELO x")).isEqualTo("-ERR Unknown command");
        assertThat(error("STARTTLS")).isEqualTo("-ERR Unknown command");
        assertThat(error("R3TR 1")).isEqualTo("-ERR Unknown command");
    }

    @Test
    void errorTextCannotBreakTheResponseFraming() {
        assertThat(error("RETR \u0001\u007f")).doesNotContain("\u0001").doesNotContain("\u007f");
    }

    @Test
    void decodesThePlainExampleOfRfc4616() throws Exception {
        // RFC 4616 §4: "\0tim\0tanstaaftanstaaf"
        String response = Base64.getEncoder().encodeToString("\0tim\0tanstaaftanstaaf".getBytes(StandardCharsets.UTF_8));
        SaslPlain plain = Pop3CommandParser.decodePlain(response);
        assertThat(plain).isEqualTo(new SaslPlain("", "tim", "tanstaaftanstaaf"));
        assertThat(plain.actsAsItself()).isTrue();
        assertThat(plain.toString()).doesNotContain("tanstaaf");
    }

    @Test
    void plainWithAnotherAuthorizationIdentityDoesNotActAsItself() throws Exception {
        String response = Base64.getEncoder().encodeToString("Ursel\0Kurt\0xipj3plmq".getBytes(StandardCharsets.UTF_8));
        assertThat(Pop3CommandParser.decodePlain(response).actsAsItself()).isFalse();
        String same = Base64.getEncoder().encodeToString("kurt\0Kurt\0xipj3plmq".getBytes(StandardCharsets.UTF_8));
        assertThat(Pop3CommandParser.decodePlain(same).actsAsItself()).isTrue();
    }

    @Test
    void rejectsMalformedPlainResponses() {
        assertThatThrownBy(() -> Pop3CommandParser.decodePlain("not base64!")).isInstanceOf(Pop3SyntaxException.class);
        assertThatThrownBy(() -> Pop3CommandParser.decodePlain("=")).isInstanceOf(Pop3SyntaxException.class);
        for (String bad : new String[] {"tim\0secret", "\0\0secret", "\0tim\0", "a\0b\0c\0d"}) {
            String encoded = Base64.getEncoder().encodeToString(bad.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> Pop3CommandParser.decodePlain(encoded)).as(bad).isInstanceOf(Pop3SyntaxException.class);
        }
    }
}
