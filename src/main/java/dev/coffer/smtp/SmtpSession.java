package dev.coffer.smtp;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.LoginResult;
import dev.coffer.crypto.ServerTls;
import dev.coffer.net.ClientInput;
import dev.coffer.net.SaslPlain;
import dev.coffer.net.Session;
import dev.coffer.store.Account;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection, from greeting to QUIT: RFC 5321 with PIPELINING (RFC 2920), SIZE
 * (RFC 1870), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), ENHANCEDSTATUSCODES (RFC 2034),
 * CHUNKING (RFC 3030), STARTTLS (RFC 3207) or implicit TLS (RFC 8314), and AUTH (RFC 4954)
 * where the {@link SessionRole} offers a login. The role decides who may send what.
 * Sequential blocking code on its own virtual thread.
 */
final class SmtpSession implements Session {

    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
    static final int MAX_COMMAND_LINE_OCTETS = 512;

    /** RFC 4954 §4: a server must accept authentication exchange lines of at least 12288 octets. */
    static final int MAX_SASL_LINE_OCTETS = 12_288;

    /** RFC 3207 §4, RFC 8314 §3.3: what a listener that requires TLS (submission on 587) accepts before STARTTLS. */
    private static final Set<String> ALLOWED_BEFORE_TLS = Set.of("EHLO", "HELO", "STARTTLS", "NOOP", "RSET", "QUIT");

    private final String id;
    private final Socket plain;
    private final String hostname;
    private final SessionRole role;
    private final ServerTls tls;
    private final SmtpLimits limits;
    private final boolean implicitTls;
    private final boolean logClientAddresses;

    private ClientInput in;
    private OutputStream out;
    /** The negotiated TLS protocol, null while in clear. */
    private String tlsProtocol;
    /** The EHLO/HELO name, null until the client has greeted (again, after STARTTLS). */
    private String heloName;
    private boolean extended;
    private Transaction transaction;
    /** The account logged in with AUTH; null until then. */
    private Account account;
    private int errors;
    private int messages;
    /** Why the session is ending, once it is; null while it runs. */
    private String closing;
    private String verb = "-";

    /** The state between MAIL and the end of the data (RFC 5321 §3.3). */
    private static final class Transaction {
        final String reversePath;
        final Envelope.Body body;
        final boolean smtpUtf8;
        final boolean requireTls;
        final Set<String> recipients = new LinkedHashSet<>();
        /** The message so far once BDAT has started; null before. */
        MessageBuffer chunks;

        Transaction(SmtpCommand.Mail mail) {
            this.reversePath = mail.reversePath();
            this.body = mail.body();
            this.smtpUtf8 = mail.smtpUtf8();
            this.requireTls = mail.requireTls();
        }
    }

    /**
     * @param tls         the TLS policy for STARTTLS and implicit TLS; null for none
     * @param implicitTls whether TLS starts with the connection (RFC 8314 §3.3), before the greeting
     */
    SmtpSession(String id, Socket plain, String hostname, SessionRole role, ServerTls tls,
                SmtpLimits limits, boolean implicitTls, boolean logClientAddresses) {
        if (implicitTls && tls == null) {
            throw new IllegalArgumentException("implicit TLS needs a TLS policy");
        }
        this.id = id;
        this.plain = plain;
        this.hostname = hostname;
        this.role = role;
        this.tls = tls;
        this.limits = limits;
        this.implicitTls = implicitTls;
        this.logClientAddresses = logClientAddresses;
    }

    String id() {
        return id;
    }

    /** Ends the session from outside (server shutdown): the blocked read fails and the thread ends. */
    @Override
    public void abort() {
        try {
            plain.close();
        } catch (IOException e) {
            log.debug("session={} event=abort-failed error={}", id, e.toString());
        }
    }

    @Override
    public void run() {
        if (logClientAddresses) {
            log.info("session={} event=connect client={}", id, plain.getInetAddress().getHostAddress());
        } else {
            log.info("session={} event=connect", id);
        }
        try {
            plain.setSoTimeout(Math.toIntExact(Math.max(1, limits.commandTimeout().toMillis())));
            if (implicitTls) {
                secure();
            } else {
                useStreams(plain);
            }
            // RFC 5321 §4.2: the greeting carries no enhanced status code (RFC 2034 §3)
            send(new SmtpReply(220, null, hostname + " ESMTP Coffer"));
            while (closing == null) {
                ClientInput.Line line = in.readLine(MAX_COMMAND_LINE_OCTETS);
                if (line == null) {
                    log.info("session={} event=disconnect reason=client-closed", id);
                    return;
                }
                if (line.tooLong()) {
                    verb = "-";
                    fail(new SmtpReply(500, "5.5.2", "Line too long"));
                    continue;
                }
                SmtpCommand command;
                try {
                    command = SmtpCommandParser.parse(line.bytes(), transaction != null && transaction.smtpUtf8);
                } catch (SmtpSyntaxException e) {
                    verb = verbOf(line.bytes());
                    fail(e.reply());
                    if (verb.equals("BDAT")) {
                        // RFC 3030: without a valid chunk size the data that follows cannot be skipped
                        closing = "bdat-syntax";
                    }
                    continue;
                }
                verb = command.verb();
                if (role.requiresTls() && tlsProtocol == null && !ALLOWED_BEFORE_TLS.contains(verb)) {
                    // RFC 3207 §4; RFC 8314 §3.3: submission never carries credentials or mail in clear
                    if (command instanceof SmtpCommand.Bdat bdat) {
                        // RFC 3030 §2: the chunk follows anyway; skip it to stay in step
                        in.readExactly(bdat.size(), new MessageBuffer(1));
                    }
                    fail(new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first"));
                    continue;
                }
                handle(command);
            }
            out.flush();
            log.info("session={} event=disconnect reason={}", id, closing);
        } catch (SocketTimeoutException e) {
            // RFC 5321 §4.5.3.2: the server may close an idle connection, saying 421
            log.info("session={} event=timeout", id);
            trySend(new SmtpReply(421, "4.4.2", hostname + " Timeout, closing connection"));
        } catch (EOFException e) {
            log.info("session={} event=disconnect reason=eof-in-data", id);
        } catch (IOException e) {
            log.info("session={} event=disconnect reason=io-error error={}", id, e.getClass().getSimpleName());
        } finally {
            abort();
        }
    }

    private void handle(SmtpCommand command) throws IOException {
        switch (command) {
            case SmtpCommand.Hello hello -> hello(hello);
            case SmtpCommand.Mail mailFrom -> mailFrom(mailFrom);
            case SmtpCommand.Rcpt rcpt -> rcptTo(rcpt);
            case SmtpCommand.Data data -> data();
            case SmtpCommand.Bdat bdat -> bdat(bdat);
            case SmtpCommand.Rset rset -> {
                transaction = null;
                send(SmtpReply.ok("OK"));
            }
            case SmtpCommand.Noop noop -> send(SmtpReply.ok("OK"));
            case SmtpCommand.Quit quit -> {
                send(new SmtpReply(221, "2.0.0", hostname + " closing connection"));
                closing = "quit";
            }
            // RFC 5321 §3.5.3: 252 when the server will not verify but will accept
            case SmtpCommand.Vrfy vrfy -> send(new SmtpReply(252, "2.5.0",
                    "Cannot VRFY user, but will accept message and attempt delivery"));
            case SmtpCommand.Expn expn -> fail(new SmtpReply(502, "5.5.1", "EXPN not available"));
            case SmtpCommand.Help help -> send(new SmtpReply(214, "2.0.0", List.of(
                    "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP"
                            + (tls != null && tlsProtocol == null ? " STARTTLS" : "")
                            + (role.login() != null && tlsProtocol != null ? " AUTH" : ""),
                    "See RFC 5321")));
            case SmtpCommand.StartTls startTls -> startTls();
            case SmtpCommand.Auth auth -> auth(auth);
            case SmtpCommand.NotImplemented notImplemented -> fail(new SmtpReply(502, "5.5.1", "Command not implemented"));
        }
    }

    /** RFC 5321 §4.1.1.1; EHLO also resets any transaction, like RSET. */
    private void hello(SmtpCommand.Hello hello) throws IOException {
        transaction = null;
        heloName = hello.domain();
        extended = hello.extended();
        if (!extended) {
            send(new SmtpReply(250, null, hostname));
            return;
        }
        List<String> lines = new ArrayList<>(List.of(
                hostname,
                "PIPELINING",
                "SIZE " + limits.maxMessageBytes(),
                "8BITMIME",
                "SMTPUTF8",
                "ENHANCEDSTATUSCODES",
                "CHUNKING"));
        if (tls != null && tlsProtocol == null) {
            lines.add("STARTTLS");
        }
        lines.addAll(role.extensions(tlsProtocol != null));
        send(new SmtpReply(250, null, lines));
    }

    /** RFC 5321 §4.1.1.2 with RFC 1870 SIZE. */
    private void mailFrom(SmtpCommand.Mail mailFrom) throws IOException {
        if (heloName == null) {
            fail(SmtpReply.badSequence("Send EHLO or HELO first"));
        } else if (transaction != null) {
            fail(SmtpReply.badSequence("Nested MAIL command"));
        } else if (mailFrom.size().isPresent() && mailFrom.size().getAsLong() > limits.maxMessageBytes()) {
            // RFC 1870 §6.2
            fail(new SmtpReply(552, "5.3.4", "Message size exceeds fixed maximum message size"));
        } else {
            SmtpReply refusal;
            try {
                refusal = role.mailFrom(id, plain.getInetAddress(), mailFrom, account, tlsProtocol != null);
            } catch (RuntimeException e) {
                log.error("session={} event=sender-check-failed", id, e);
                fail(SmtpReply.localError());
                return;
            }
            if (refusal != null) {
                fail(refusal);
                return;
            }
            transaction = new Transaction(mailFrom);
            send(new SmtpReply(250, "2.1.0", "Sender OK"));
        }
    }

    /** RFC 5321 §4.1.1.3. */
    private void rcptTo(SmtpCommand.Rcpt rcpt) throws IOException {
        if (transaction == null) {
            fail(SmtpReply.badSequence("Need MAIL command first"));
            return;
        }
        if (transaction.chunks != null) {
            fail(SmtpReply.badSequence("RCPT not allowed after BDAT"));
            return;
        }
        String address = rcpt.forwardPath();
        if (transaction.recipients.contains(address)) {
            send(new SmtpReply(250, "2.1.5", "Recipient OK"));
            return;
        }
        if (transaction.recipients.size() >= limits.maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452, and the client sends the rest later; not a client error
            send(new SmtpReply(452, "4.5.3", "Too many recipients"));
            return;
        }
        RecipientCheck check;
        try {
            check = role.checkRecipient(address);
        } catch (RuntimeException e) {
            log.error("session={} event=recipient-check-failed", id, e);
            fail(SmtpReply.localError());
            return;
        }
        switch (check) {
            case RecipientCheck.Accepted accepted -> admitRecipient(address);
            case RecipientCheck.UnknownUser unknown ->
                    fail(new SmtpReply(550, "5.1.1", "Mailbox unavailable: no such user here"));
            case RecipientCheck.RelayDenied denied -> fail(new SmtpReply(554, "5.7.1", "Relay access denied"));
            case RecipientCheck.TemporaryFailure temporary -> fail(new SmtpReply(451, "4.3.0",
                    temporary.reason() == null || temporary.reason().isBlank()
                            ? "Cannot check the recipient now, try again later" : temporary.reason()));
            case null -> fail(SmtpReply.localError());
        }
    }

    /** A local recipient: the role's sending policy (greylisting) has the last word. */
    private void admitRecipient(String address) throws IOException {
        SmtpReply refusal;
        try {
            refusal = role.admitRecipient(id, plain.getInetAddress(), transaction.reversePath, address);
        } catch (RuntimeException e) {
            log.error("session={} event=recipient-policy-failed", id, e);
            fail(SmtpReply.localError());
            return;
        }
        if (refusal != null) {
            fail(refusal);
            return;
        }
        transaction.recipients.add(address);
        send(new SmtpReply(250, "2.1.5", "Recipient OK"));
    }

    /** RFC 5321 §4.1.1.4. */
    private void data() throws IOException {
        if (!hasRecipients()) {
            fail(SmtpReply.badSequence(transaction == null ? "Need MAIL command first" : "Need RCPT command first"));
            return;
        }
        if (transaction.chunks != null) {
            // RFC 3030 §2: DATA and BDAT cannot be mixed in one transaction
            fail(SmtpReply.badSequence("DATA not allowed after BDAT"));
            return;
        }
        send(new SmtpReply(354, null, "Start mail input; end with <CRLF>.<CRLF>"));
        MessageBuffer message = new MessageBuffer(limits.maxMessageBytes());
        DataReader.Result result = DataReader.read(in, message);
        Transaction done = transaction;
        transaction = null;
        if (message.overflowed()) {
            fail(SmtpReply.tooBig());
        } else if (result.lineTooLong()) {
            fail(new SmtpReply(550, "5.6.0", "Message line longer than 1000 octets"));
        } else {
            deliver(done, message.toByteArray());
        }
    }

    /** RFC 3030 §2: every chunk is read in full, even when it is refused, to stay in step. */
    private void bdat(SmtpCommand.Bdat bdat) throws IOException {
        if (!hasRecipients()) {
            in.readExactly(bdat.size(), new MessageBuffer(1));
            fail(SmtpReply.badSequence(transaction == null ? "Need MAIL command first" : "Need RCPT command first"));
            return;
        }
        if (transaction.chunks == null) {
            transaction.chunks = new MessageBuffer(limits.maxMessageBytes());
        }
        MessageBuffer message = transaction.chunks;
        in.readExactly(bdat.size(), message);
        if (message.overflowed()) {
            // RFC 3030 §2: the transaction fails; later chunks get 503 until a new MAIL
            transaction = null;
            fail(SmtpReply.tooBig());
        } else if (bdat.last()) {
            Transaction done = transaction;
            transaction = null;
            deliver(done, message.toByteArray());
        } else {
            send(SmtpReply.ok(bdat.size() + " octets received"));
        }
    }

    /** RFC 3207. */
    private void startTls() throws IOException {
        if (tls == null) {
            fail(new SmtpReply(502, "5.5.1", "Command not implemented"));
            return;
        }
        if (tlsProtocol != null) {
            fail(SmtpReply.badSequence("TLS already active"));
            return;
        }
        // RFC 3207 §4 and §6: anything the client sent after STARTTLS in clear must not be
        // taken as a command once TLS is up (command injection, CVE-2011-0411).
        int pipelined = in.buffered();
        if (pipelined > 0) {
            in.discardBuffered();
            log.warn("session={} event=starttls-pipelined-input-discarded octets={}", id, pipelined);
        }
        send(new SmtpReply(220, "2.0.0", "Ready to start TLS"));
        out.flush();
        secure();
        // RFC 3207 §4.2: forget everything learned before TLS; the client must EHLO again
        heloName = null;
        extended = false;
        transaction = null;
        account = null;
    }

    /** The TLS handshake, at connection start (implicit TLS) or after STARTTLS. */
    private void secure() throws IOException {
        SSLSocket secure = tls.accept(plain);
        secure.setSoTimeout(plain.getSoTimeout());
        tlsProtocol = secure.getSession().getProtocol();
        useStreams(secure);
        log.info("session={} event=tls protocol={} cipher={}", id, tlsProtocol, secure.getSession().getCipherSuite());
    }

    /** RFC 4954 §4 with the PLAIN (RFC 4616) and LOGIN mechanisms; app passwords with the send scope only. */
    private void auth(SmtpCommand.Auth auth) throws IOException {
        AppPasswordLogin login = role.login();
        if (login == null) {
            fail(SmtpReply.badSequence("Authentication not enabled on this port"));
            return;
        }
        if (heloName == null || !extended) {
            fail(SmtpReply.badSequence("Send EHLO first"));
            return;
        }
        if (account != null) {
            fail(SmtpReply.badSequence("Already authenticated"));
            return;
        }
        if (transaction != null) {
            fail(SmtpReply.badSequence("AUTH is not permitted during a mail transaction"));
            return;
        }
        if (tlsProtocol == null) {
            // RFC 4954 §4: a plaintext mechanism needs an encrypted session
            fail(new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism"));
            return;
        }
        String mechanism = auth.mechanism().toLowerCase(Locale.ROOT);
        String username;
        String secret;
        try {
            switch (auth.mechanism()) {
                case "PLAIN" -> {
                    SaslPlain plainResponse = SmtpCommandParser.decodePlain(
                            auth.initialResponse() != null ? auth.initialResponse() : saslResponse(""));
                    if (!plainResponse.actsAsItself()) {
                        // RFC 4616 §2: we let nobody act as someone else
                        log.info("session={} event=login-failed mechanism=plain reason=authzid", id);
                        fail(invalidCredentials());
                        return;
                    }
                    username = plainResponse.authcid();
                    secret = plainResponse.password();
                }
                // draft-murchison-sasl-login: "Username:" and "Password:" challenges
                case "LOGIN" -> {
                    username = SmtpCommandParser.decodeText(
                            auth.initialResponse() != null ? auth.initialResponse() : saslResponse("VXNlcm5hbWU6"));
                    secret = SmtpCommandParser.decodeText(saslResponse("UGFzc3dvcmQ6"));
                }
                default -> {
                    fail(new SmtpReply(504, "5.5.4", "Unrecognized authentication mechanism; use PLAIN or LOGIN"));
                    return;
                }
            }
        } catch (SmtpSyntaxException e) {
            fail(e.reply());
            return;
        }
        LoginResult result;
        try {
            result = login.login(username, secret, AppPasswordScope.SEND, plain.getInetAddress());
        } catch (RuntimeException e) {
            log.error("session={} event=login-error mechanism={}", id, mechanism, e);
            fail(new SmtpReply(454, "4.7.0", "Temporary authentication failure"));
            return;
        }
        switch (result) {
            case LoginResult.Success success -> {
                account = success.account();
                log.info("session={} event=login account={} mechanism={} app-password={}",
                        id, account.address(), mechanism, success.appPasswordName());
                send(new SmtpReply(235, "2.7.0", "Authentication successful"));
            }
            case LoginResult.Failure failure -> {
                log.info("session={} event=login-failed mechanism={}", id, mechanism);
                fail(invalidCredentials());
            }
            case LoginResult.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                log.info("session={} event=login-throttled mechanism={} retry-after-s={}", id, mechanism, seconds);
                fail(new SmtpReply(454, "4.7.0", "Too many failed logins, try again in " + seconds + " seconds"));
            }
        }
    }

    /**
     * RFC 4954 §4: sends a {@code 334} challenge and reads the client's base64 response line;
     * {@code *} cancels the exchange.
     */
    private String saslResponse(String challenge) throws IOException, SmtpSyntaxException {
        // a continuation carries no enhanced status code, and PLAIN's challenge is empty: "334 "
        out.write(("334 " + challenge + "\r\n").getBytes(StandardCharsets.US_ASCII));
        ClientInput.Line line = in.readLine(MAX_SASL_LINE_OCTETS);
        if (line == null) {
            throw new EOFException("connection closed inside AUTH");
        }
        if (line.tooLong()) {
            throw new SmtpSyntaxException(new SmtpReply(500, "5.5.6", "Authentication exchange line is too long"));
        }
        String response = new String(line.bytes(), StandardCharsets.US_ASCII).strip();
        if (response.equals("*")) {
            throw new SmtpSyntaxException(new SmtpReply(501, "5.7.0", "Authentication canceled"));
        }
        return response;
    }

    /** RFC 4954 §6: 535 5.7.8, with what to do about it. */
    private static SmtpReply invalidCredentials() {
        return new SmtpReply(535, "5.7.8", "Authentication credentials invalid. Use an app password with the send"
                + " scope ('coffer user app-password add ... --scope send'); the account password is not accepted here.");
    }

    private boolean hasRecipients() {
        return transaction != null && !transaction.recipients.isEmpty();
    }

    /** Hands the message to the role, and answers for it. */
    private void deliver(Transaction done, byte[] body) throws IOException {
        String traceId = id + "." + (++messages);
        List<String> recipients = List.copyOf(done.recipients);
        Envelope envelope = new Envelope(done.reversePath, recipients, heloName, tlsProtocol, done.smtpUtf8, done.body,
                done.requireTls);

        DeliveryOutcome outcome;
        try {
            outcome = role.deliver(new SessionRole.Delivery(id, traceId, envelope, plain.getInetAddress(), extended,
                    account, body));
        } catch (RuntimeException e) {
            log.error("session={} event=delivery-error trace={}", id, traceId, e);
            fail(SmtpReply.localError());
            return;
        }
        switch (outcome) {
            case DeliveryOutcome.Delivered delivered -> {
                log.info("session={} event=delivered trace={} queueId={} recipients={} octets={}",
                        id, traceId, delivered.queueId(), recipients.size(), body.length);
                send(SmtpReply.ok("OK " + delivered.queueId()));
            }
            case DeliveryOutcome.TemporaryFailure temporary -> {
                log.info("session={} event=delivery-deferred trace={} code={}", id, traceId, temporary.enhancedCode());
                fail(new SmtpReply(451,
                        SmtpReply.fits(451, temporary.enhancedCode()) ? temporary.enhancedCode() : "4.3.0",
                        reason(temporary.reason(), "Temporary failure, try again later")));
            }
            case DeliveryOutcome.PermanentFailure permanent -> {
                int code = permanent.replyCode() >= 500 && permanent.replyCode() <= 599 ? permanent.replyCode() : 554;
                log.info("session={} event=delivery-refused trace={} reply={} code={}",
                        id, traceId, code, permanent.enhancedCode());
                fail(new SmtpReply(code,
                        SmtpReply.fits(code, permanent.enhancedCode()) ? permanent.enhancedCode() : "5.3.0",
                        reason(permanent.reason(), "Message refused")));
            }
            case null -> {
                log.error("session={} event=delivery-error trace={} error=no-outcome", id, traceId);
                fail(SmtpReply.localError());
            }
        }
    }

    private static String reason(String reason, String otherwise) {
        return reason == null || reason.isBlank() ? otherwise : reason;
    }

    private void useStreams(Socket socket) throws IOException {
        out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        in = new ClientInput(socket.getInputStream(), out);
    }

    /** Queues a reply; it is flushed before the next read that may block (PIPELINING). */
    private void send(SmtpReply reply) throws IOException {
        if (reply.isError()) {
            log.info("session={} verb={} reply={} code={}", id, verb, reply.code(), reply.enhancedCode());
        } else {
            log.debug("session={} verb={} reply={}", id, verb, reply.code());
        }
        out.write(reply.toBytes());
    }

    /** Sends an error reply and counts it; too many errors end the session. */
    private void fail(SmtpReply reply) throws IOException {
        send(reply);
        if (++errors >= limits.maxErrors()) {
            log.info("session={} event=too-many-errors errors={}", id, errors);
            send(new SmtpReply(421, "4.7.0", hostname + " Too many errors, closing connection"));
            closing = "too-many-errors";
        }
    }

    private void trySend(SmtpReply reply) {
        try {
            out.write(reply.toBytes());
            out.flush();
        } catch (IOException e) {
            log.debug("session={} event=reply-lost error={}", id, e.toString());
        }
    }

    private static String verbOf(byte[] line) {
        int end = 0;
        while (end < line.length && end < 16 && line[end] != ' ') {
            end++;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "?");
    }
}
