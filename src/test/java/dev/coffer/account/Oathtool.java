package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ExternalProgram;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The TOTP code that Debian's oathtool, an independent implementation of RFC 6238, makes. */
final class Oathtool {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Oathtool() {}

    static String totp(String base32Secret, Instant now) throws Exception {
        ExternalProgram.Result result = ExternalProgram.run(List.of("oathtool", "--totp", "--base32",
                "--now", TIME.format(now), base32Secret), null, Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }
}
