package dev.coffer.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthorDomainsTest {

    private static AuthorDomains.Outcome of(String header) {
        return AuthorDomains.of((header + "\r\nSubject: hi\r\n\r\nFrom: body@not.header.example\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void findsTheDomainOfTheSingleFromAddress() {
        assertThat(of("From: \"Jane (Sales)\" <Jane@Mail.Example.COM>"))
                .isEqualTo(new AuthorDomains.Outcome.Domains(java.util.List.of("mail.example.com")));
    }

    @Test
    void readsAFoldedFromField() {
        assertThat(of("From: Jane Doe\r\n  <jane@example.org>")).isEqualTo(
                new AuthorDomains.Outcome.Domains(java.util.List.of("example.org")));
    }

    @Test
    void internationalDomainsBecomeALabels() {
        assertThat(of("From: jane@bücher.example")).isEqualTo(
                new AuthorDomains.Outcome.Domains(java.util.List.of("xn--bcher-kva.example")));
    }

    @Test
    void severalAddressesGiveEachDistinctDomain() {
        assertThat(of("From: a@one.example, b@two.example, c@ONE.example")).isEqualTo(
                new AuthorDomains.Outcome.Domains(java.util.List.of("one.example", "two.example")));
    }

    @Test
    void tooManyAuthorDomainsAreInvalid() {
        StringBuilder from = new StringBuilder("From: a@d0.example");
        for (int i = 1; i <= AuthorDomains.MAX_DOMAINS; i++) {
            from.append(", a@d").append(i).append(".example");
        }

        assertThat(of(from.toString())).isInstanceOf(AuthorDomains.Outcome.Invalid.class);
    }

    @Test
    void noFromFieldIsInvalid() {
        assertThat(of("To: a@example.com")).isInstanceOf(AuthorDomains.Outcome.Invalid.class);
    }

    @Test
    void twoFromFieldsAreInvalid() {
        assertThat(of("From: a@example.com\r\nFrom: b@bank.example")).isEqualTo(
                new AuthorDomains.Outcome.Invalid("the message has 2 From fields"));
    }

    @Test
    void anAddressWithoutADomainIsInvalid() {
        assertThat(of("From: undisclosed")).isInstanceOf(AuthorDomains.Outcome.Invalid.class);
        assertThat(of("From: a@[192.0.2.1]")).isInstanceOf(AuthorDomains.Outcome.Invalid.class);
        assertThat(of("From:")).isInstanceOf(AuthorDomains.Outcome.Invalid.class);
    }
}
