package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppTokenTest {

    @Test
    void encodesAddressAndAppPasswordAsUnpaddedBase64Url() {
        AppToken token = new AppToken("alice@example.org", "abcd-efgh-jkmn-pqrs");

        assertThat(token.encode()).isEqualTo("YWxpY2VAZXhhbXBsZS5vcmc6YWJjZC1lZmdoLWprbW4tcHFycw");
        assertThat(AppToken.decode(token.encode())).hasValue(token);
    }

    @Test
    void refusesTextThatIsNotAToken() {
        assertThat(AppToken.decode("not base64!")).isEmpty();
        assertThat(AppToken.decode("bm9jb2xvbg")).isEmpty();
    }
}
