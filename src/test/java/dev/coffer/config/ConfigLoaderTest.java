package dev.coffer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheDemoTemplate() throws Exception {
        ConfigLoader.write(dir, ConfigTemplate.forDemo());

        CofferConfig config = ConfigLoader.load(dir);

        assertThat(config.hostname()).isEqualTo("coffer.test");
        assertThat(config.listeners().smtp()).isEqualTo("127.0.0.1:2525");
        assertThat(config.smtp().maxMessageSize()).isEqualTo(50L * 1024 * 1024);
        assertThat(config.privacy().logIpAddresses()).isFalse();
    }

    @Test
    void fillsDefaultsForMissingSections() throws Exception {
        write("hostname = \"mail.example.org\"\n");

        CofferConfig config = ConfigLoader.load(dir);

        assertThat(config.listeners().smtp()).isEqualTo("0.0.0.0:25");
        assertThat(config.mail().subaddressSeparator()).isEqualTo("+");
        assertThat(config.tls().certificate()).isEqualTo("tls/cert.pem");
    }

    @Test
    void refusesAnUnknownKeyNamingIt() throws Exception {
        write("[smtp]\nmax_recipientz = 5\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'smtp.max_recipientz'");
    }

    @Test
    void refusesAValueOfTheWrongTypeNamingTheKey() throws Exception {
        write("[smtp]\nmax_recipients = \"many\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'smtp.max_recipients'");
    }

    @Test
    void refusesANegativeLimit() throws Exception {
        write("[smtp]\nmax_message_size = -1\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir))
                .hasMessageContaining("'smtp.max_message_size'")
                .hasMessageContaining("positive");
    }

    @Test
    void refusesAListenerWithoutPort() throws Exception {
        write("[listeners]\nsmtp = \"127.0.0.1\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessageContaining("'listeners.smtp'");
    }

    @Test
    void refusesASubaddressSeparatorThatCannotWork() throws Exception {
        write("[mail]\nsubaddress_separator = \"@\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessageContaining("'mail.subaddress_separator'");
    }

    @Test
    void acmeIsOffByDefaultAndAnswersBothChallengeTypes() throws Exception {
        write("hostname = \"mail.example.org\"\n");
        CofferConfig.Acme acme = ConfigLoader.load(dir).acme();
        assertThat(acme.enabled()).isFalse();
        assertThat(acme.challenges()).containsExactly("http-01", "tls-alpn-01");
        assertThat(acme.directory()).isEqualTo(CofferConfig.Acme.LETS_ENCRYPT);
    }

    @Test
    void refusesAnAcmeChallengeTypeCofferCannotAnswer() throws Exception {
        write("[acme]\nchallenges = [\"dns-01\"]\n");
        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessageContaining("'acme.challenges'");
    }

    @Test
    void refusesAnAcmeDirectoryThatIsNoUrl() throws Exception {
        write("[acme]\ndirectory = \"letsencrypt\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessageContaining("'acme.directory'");
    }

    @Test
    void saysHowToCreateAMissingFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir)).hasMessageContaining("coffer init");
    }

    private void write(String toml) throws IOException {
        Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), toml);
    }

    @Test
    void userDomainsAreOffAndCaaNamesLetsEncryptUnlessConfigured() throws Exception {
        write("hostname = \"mail.example.org\"\n");

        CofferConfig config = ConfigLoader.load(dir);

        assertThat(config.domains().userDomains()).isFalse();
        assertThat(config.domains().caaIssuer()).isEqualTo("letsencrypt.org");
    }

    @Test
    void aCaaIssuerThatIsNoDomainNameIsRefusedByKey() throws Exception {
        write("[domains]\ncaa_issuer = \"letsencrypt.org; accounturi=x\"\n");

        assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("domains.caa_issuer");
    }
}
