package dev.coffer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs Python scripts (real, independent clients such as poplib, smtplib, imaplib) from tests. */
public final class Python3 {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Python3() {}

    /** Whether {@code python3} is on the PATH. */
    public static boolean available() {
        return ExternalProgram.succeeds("python3", "--version");
    }

    /**
     * Runs {@code script}, given on stdin, with these arguments in {@code sys.argv[1:]}; fails the
     * test unless it exits 0 within a minute.
     *
     * @return what it printed to stdout
     */
    public static String run(String script, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-"));
        command.addAll(List.of(arguments));
        ExternalProgram.Result result = ExternalProgram.run(command, script.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(result.exitCode()).as("python3 exit status; stderr:%n%s%nstdout:%n%s", result.stderr(),
                result.stdout()).isZero();
        return result.stdout();
    }
}
