package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.store.Account;
import dev.coffer.testing.AccountFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The shared {@link AccountFixture} (a real store with one account and its app passwords, a
 * demo CA and its certificate) and (per test) both submission listeners on ephemeral ports
 * over a recording {@link Submission} with a fresh login throttle.
 */
final class SubmissionFixture implements AutoCloseable {

    static final String HOST = "smtp.coffer.test";
    static final String ALICE = AccountFixture.ALICE;
    static final String SEND_SECRET = "send-secret-abcd-efgh-ijkl";
    static final String READ_SECRET = "read-secret-mnop-qrst-uvwx";

    private final AccountFixture account;
    final Account alice;
    final Path caPem;

    /** One test's servers: {@code submissions} on implicit TLS, {@code submission} with STARTTLS. */
    record Servers(RecordingSubmission submission, SubmissionServer submissions, SubmissionServer starttls)
            implements AutoCloseable {
        @Override
        public void close() {
            submissions.close();
            starttls.close();
        }
    }

    private SubmissionFixture(AccountFixture account) {
        this.account = account;
        this.alice = account.alice();
        this.caPem = account.caPem();
    }

    static SubmissionFixture create(Path directory) throws IOException {
        return new SubmissionFixture(AccountFixture.create(directory, READ_SECRET, SEND_SECRET));
    }

    Servers start(SmtpLimits limits) throws IOException {
        return start(limits, SubmissionPolicy.OPEN);
    }

    /** Both listeners sharing one per-account sending policy. */
    Servers start(SmtpLimits limits, SubmissionPolicy policy) throws IOException {
        RecordingSubmission submission = new RecordingSubmission();
        AppPasswordLogin login = account.freshLogin();
        SubmissionServer submissions = new SubmissionServer(HOST, submission, login, account.tls(), limits, true, false,
                false, policy);
        SubmissionServer starttls = new SubmissionServer(HOST, submission, login, account.tls(), limits, false, false,
                false, policy);
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        submissions.start(loopback);
        starttls.start(loopback);
        return new Servers(submission, submissions, starttls);
    }

    /** A client context that trusts only the demo CA. */
    SSLContext clientContext() throws Exception {
        return account.clientContext();
    }

    @Override
    public void close() {
        account.close();
    }
}
