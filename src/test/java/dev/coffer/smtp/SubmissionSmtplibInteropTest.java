package dev.coffer.smtp;

import static dev.coffer.smtp.SubmissionFixture.ALICE;
import static dev.coffer.smtp.SubmissionFixture.HOST;
import static dev.coffer.smtp.SubmissionFixture.READ_SECRET;
import static dev.coffer.smtp.SubmissionFixture.SEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.Python3;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's smtplib (a real, independent client) against both submission listeners. */
class SubmissionSmtplibInteropTest {

    private static final SmtpLimits LIMITS = new SmtpLimits(100_000, 10, 50, Duration.ofSeconds(30), 10);

    /** Shared by every script: argv is host port cafile user secret; {@code out} prints one result per line. */
    private static final String PRELUDE = """
            import smtplib, ssl, sys
            from email.message import EmailMessage
            host, port, cafile, user, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
            ctx = ssl.create_default_context(cafile=cafile)
            def out(key, value):
                if isinstance(value, bytes):
                    value = value.decode()
                print(f"{key}={value}".replace("\\n", "|"))
            def message(sender="Alice <alice@example.org>"):
                msg = EmailMessage()
                msg["From"] = sender
                msg["To"] = "Bob <bob@elsewhere.example>"
                msg["Bcc"] = "carol@third.example"
                msg["Subject"] = "Grüße"
                msg["X-Originating-IP"] = "[127.0.0.1]"
                msg.set_content("Hello Bob,\\n.leading dot\\nbye\\n")
                return msg
            """;

    @TempDir
    static Path directory;

    private static SubmissionFixture fixture;
    private SubmissionFixture.Servers servers;

    @BeforeAll
    static void createStore() throws Exception {
        Assumptions.assumeTrue(Python3.available(), "python3 is not installed");
        fixture = SubmissionFixture.create(directory);
    }

    @AfterAll
    static void closeStore() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void startServers() throws IOException {
        servers = fixture.start(LIMITS);
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void smtplibSendsOverImplicitTls() throws Exception {
        List<String> results = python(servers.submissions().port(), SEND_SECRET, """
                with smtplib.SMTP_SSL(host, port, context=ctx, timeout=10) as smtp:
                    code, _ = smtp.ehlo("laptop.home.example")
                    out("auth", smtp.esmtp_features["auth"].strip())
                    out("login", smtp.login(user, secret)[0])
                    out("refused", smtp.send_message(message()))
                    out("requiretls", smtp.send_message(message(), mail_options=["REQUIRETLS"]))
                """);
        assertThat(results).containsExactly("auth=PLAIN LOGIN", "login=235", "refused={}", "requiretls={}");
        assertThat(servers.submission().submitted).hasSize(2);
        RecordingSubmission.Submitted first = servers.submission().submitted.getFirst();
        assertThat(first.envelope().reversePath()).isEqualTo(ALICE);
        assertThat(first.envelope().recipients()).containsExactly("bob@elsewhere.example", "carol@third.example");
        assertThat(first.envelope().requireTls()).isFalse();
        assertThat(servers.submission().last().envelope().requireTls()).isTrue();
        String text = first.text();
        assertThat(text).startsWith("Received: by " + HOST + " (Coffer) with ESMTPSA id ")
                .contains("\r\nFrom: Alice <alice@example.org>\r\n", "\r\n.leading dot\r\n")
                .doesNotContain("127.0.0.1", "laptop", "home.example", "Bcc", "X-Originating-IP");
    }

    @Test
    void smtplibUpgradesTheSubmissionPortWithStarttlsAndLogsInWithLogin() throws Exception {
        List<String> results = python(servers.starttls().port(), SEND_SECRET, """
                with smtplib.SMTP(host, port, timeout=10) as smtp:
                    smtp.ehlo("laptop.home.example")
                    out("auth-before-tls", smtp.has_extn("auth"))
                    try:
                        smtp.send_message(message())
                    except smtplib.SMTPSenderRefused as e:
                        out("mail-in-clear", f"{e.smtp_code} {e.smtp_error.decode()}")
                    out("starttls", smtp.starttls(context=ctx)[0])
                    smtp.ehlo("laptop.home.example")
                    smtp.user, smtp.password = user, secret
                    out("login", smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)[0])
                    out("refused", smtp.send_message(message()))
                """);
        assertThat(results).containsExactly(
                "auth-before-tls=False",
                "mail-in-clear=530 5.7.0 Must issue a STARTTLS command first",
                "starttls=220",
                "login=235",
                "refused={}");
        assertThat(servers.submission().submitted).hasSize(1);
    }

    @Test
    void smtplibIsRefusedAReadOnlyAppPasswordAndAForeignFrom() throws Exception {
        List<String> results = python(servers.submissions().port(), SEND_SECRET, """
                with smtplib.SMTP_SSL(host, port, context=ctx, timeout=10) as smtp:
                    for name, wrong in (("wrong", "not-the-secret"), ("read-only", sys.argv[6])):
                        try:
                            smtp.login(user, wrong)
                            out(name, "logged in")
                        except smtplib.SMTPAuthenticationError as e:
                            out(name, f"{e.smtp_code} {e.smtp_error.decode()}")
                    smtp.login(user, secret)
                    try:
                        smtp.send_message(message("Boss <ceo@example.org>"), from_addr=user)
                    except smtplib.SMTPDataError as e:
                        out("foreign-from", f"{e.smtp_code} {e.smtp_error.decode()}")
                    try:
                        smtp.send_message(message("Boss <ceo@example.org>"))
                    except smtplib.SMTPSenderRefused as e:
                        out("foreign-sender", f"{e.smtp_code} {e.smtp_error.decode()}")
                """, READ_SECRET);
        String refused = "535 5.7.8 Authentication credentials invalid. Use an app password with the send scope"
                + " ('coffer user app-password add ... --scope send'); the account password is not accepted here.";
        assertThat(results).containsExactly("wrong=" + refused, "read-only=" + refused,
                "foreign-from=553 5.7.1 From header address not owned by the authenticated user: ceo@example.org",
                "foreign-sender=553 5.7.1 Sender address not owned by the authenticated user");
        assertThat(servers.submission().submitted).isEmpty();
    }

    private List<String> python(int port, String secret, String script, String... extra) throws Exception {
        String[] arguments = Stream.concat(Stream.of("127.0.0.1", Integer.toString(port), fixture.caPem.toString(),
                ALICE, secret), Stream.of(extra)).toArray(String[]::new);
        return Python3.run(PRELUDE + script, arguments).lines().toList();
    }
}
