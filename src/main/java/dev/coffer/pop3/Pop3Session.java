package dev.coffer.pop3;

import dev.coffer.net.ClientInput;
import dev.coffer.net.SaslPlain;
import dev.coffer.net.Session;
import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.LoginResult;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.store.Account;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 connection, from greeting to QUIT: RFC 1939 with CAPA and response codes
 * (RFC 2449, RFC 3206), STLS (RFC 2595) and AUTH PLAIN (RFC 5034, RFC 4616). The maildrop
 * is the account's INBOX. Sequential blocking code on its own virtual thread.
 */
final class Pop3Session implements Session {

    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);

    /** RFC 5034 §4: AUTH continuation lines are not bound by the 255 octets of RFC 2449 §4. */
    static final int MAX_SASL_LINE_OCTETS = 8 * 1024;

    /** RFC 5034 §4: a server challenge is "+" SP base64; PLAIN's is empty. */
    private static final byte[] EMPTY_CHALLENGE = "+ \r\n".getBytes(StandardCharsets.US_ASCII);

    /** How long a TLS handshake (POP3S or after STLS) may take. */
    static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final Socket plain;
    private final String hostname;
    private final MailboxService mailboxes;
    private final AppPasswordLogin login;
    private final ServerTls tls;
    private final Pop3Limits limits;
    private final boolean implicitTls;
    private final boolean logClientAddresses;

    private ClientInput in;
    private OutputStream out;
    /** The negotiated TLS protocol, null while in clear. */
    private String tlsProtocol;
    /** The name from USER, waiting for PASS. */
    private String user;
    /** The INBOX snapshot: null in the AUTHORIZATION state, set in the TRANSACTION state (RFC 1939 §3). */
    private Maildrop maildrop;
    private int errors;
    /** Why the session is ending, once it is; null while it runs. */
    private String closing;
    private String verb = "-";

    Pop3Session(String id, Socket plain, String hostname, MailboxService mailboxes, AppPasswordLogin login,
                ServerTls tls, Pop3Limits limits, boolean implicitTls, boolean logClientAddresses) {
        this.id = id;
        this.plain = plain;
        this.hostname = hostname;
        this.mailboxes = mailboxes;
        this.login = login;
        this.tls = tls;
        this.limits = limits;
        this.implicitTls = implicitTls;
        this.logClientAddresses = logClientAddresses;
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
            log.info("session={} event=connect tls={} client={}", id, implicitTls, plain.getInetAddress().getHostAddress());
        } else {
            log.info("session={} event=connect tls={}", id, implicitTls);
        }
        try {
            plain.setSoTimeout(Math.toIntExact(Math.max(1, limits.idleTimeout().toMillis())));
            if (implicitTls) {
                // RFC 8314 §3.3: TLS first, then the protocol's greeting
                useStreams(startTls());
            } else {
                useStreams(plain);
            }
            send(Pop3Reply.greeting(hostname));
            while (closing == null) {
                ClientInput.Line line = in.readLine(limits.maxLineOctets());
                if (line == null) {
                    // RFC 1939 §6: without QUIT there is no UPDATE state; nothing is deleted
                    log.info("session={} event=disconnect reason=client-closed", id);
                    return;
                }
                if (line.tooLong()) {
                    verb = "-";
                    fail(Pop3Reply.lineTooLong());
                    continue;
                }
                Pop3Command command;
                try {
                    command = Pop3CommandParser.parse(line.bytes());
                } catch (Pop3SyntaxException e) {
                    verb = verbOf(line.bytes());
                    fail(e.reply());
                    continue;
                }
                verb = command.verb();
                handle(command);
            }
            out.flush();
            log.info("session={} event=disconnect reason={}", id, closing);
        } catch (SocketTimeoutException e) {
            // RFC 1939 §3: the autologout timer closes the connection without a response
            // and without removing any messages
            log.info("session={} event=timeout", id);
        } catch (IOException e) {
            log.info("session={} event=disconnect reason=io-error error={}", id, e.getClass().getSimpleName());
        } finally {
            abort();
        }
    }

    private void handle(Pop3Command command) throws IOException {
        switch (command) {
            case Pop3Command.Capa capa -> send(capabilities());
            case Pop3Command.Quit quit -> quit();
            case Pop3Command.Stls stls -> stls();
            case Pop3Command.User userCommand -> user(userCommand);
            case Pop3Command.Pass pass -> pass(pass);
            case Pop3Command.Auth auth -> auth(auth);
            case Pop3Command.NotSupported notSupported -> fail(Pop3Reply.err(
                    notSupported.verb() + " is not supported; log in with an app password using USER/PASS or AUTH PLAIN"));
            default -> {
                if (maildrop == null) {
                    fail(Pop3Reply.notInState(command.verb(), false));
                } else {
                    transaction(command);
                }
            }
        }
    }

    /** RFC 1939 §5: the TRANSACTION state. */
    private void transaction(Pop3Command command) throws IOException {
        switch (command) {
            case Pop3Command.Stat stat -> send(Pop3Reply.ok(maildrop.count() + " " + maildrop.size()));
            case Pop3Command.List list when list.message().isPresent() -> {
                int number = list.message().getAsInt();
                if (checked(number)) {
                    send(Pop3Reply.ok(number + " " + maildrop.message(number).size()));
                }
            }
            case Pop3Command.List list -> {
                List<String> lines = new ArrayList<>();
                for (int number = 1; number <= maildrop.highestNumber(); number++) {
                    if (!maildrop.isDeleted(number)) {
                        lines.add(number + " " + maildrop.message(number).size());
                    }
                }
                send(Pop3Reply.okLines(maildrop.count() + " messages (" + maildrop.size() + " octets)", lines));
            }
            case Pop3Command.Uidl uidl when uidl.message().isPresent() -> {
                int number = uidl.message().getAsInt();
                if (checked(number)) {
                    send(Pop3Reply.ok(number + " " + maildrop.uniqueId(number)));
                }
            }
            case Pop3Command.Uidl uidl -> {
                List<String> lines = new ArrayList<>();
                for (int number = 1; number <= maildrop.highestNumber(); number++) {
                    if (!maildrop.isDeleted(number)) {
                        lines.add(number + " " + maildrop.uniqueId(number));
                    }
                }
                send(Pop3Reply.okLines("Unique-ID listing follows", lines));
            }
            case Pop3Command.Retr retr -> {
                byte[] content = content(retr.message());
                if (content != null) {
                    send(Pop3Reply.ok(content.length + " octets"));
                    MessageText.writeAll(content, out);
                    maildrop.retrieved(retr.message());
                }
            }
            case Pop3Command.Top top -> {
                byte[] content = content(top.message());
                if (content != null) {
                    send(Pop3Reply.ok("Top of message follows"));
                    MessageText.writeTop(content, top.lines(), out);
                }
            }
            case Pop3Command.Dele dele -> {
                if (checked(dele.message())) {
                    // RFC 1939 §5: only marked; removed in the UPDATE state
                    maildrop.delete(dele.message());
                    send(Pop3Reply.ok("Message " + dele.message() + " deleted"));
                }
            }
            case Pop3Command.Rset rset -> {
                maildrop.reset();
                send(Pop3Reply.ok("Maildrop has " + maildrop.count() + " messages (" + maildrop.size() + " octets)"));
            }
            case Pop3Command.Noop noop -> send(Pop3Reply.ok(""));
            default -> fail(Pop3Reply.notInState(command.verb(), true));
        }
    }

    /** Whether {@code number} names a message not marked deleted; answers {@code -ERR} when not. */
    private boolean checked(int number) throws IOException {
        Pop3Reply problem = maildrop.problem(number);
        if (problem != null) {
            fail(problem);
            return false;
        }
        return true;
    }

    /** The stored bytes of a message, or null after answering {@code -ERR}. */
    private byte[] content(int number) throws IOException {
        if (!checked(number)) {
            return null;
        }
        try {
            return mailboxes.content(maildrop.message(number));
        } catch (MailboxException e) {
            if (e.reason() == MailboxException.Reason.NONEXISTENT) {
                // removed by another client (IMAP EXPUNGE) since this session's snapshot
                fail(Pop3Reply.err("Message " + number + " is no longer available"));
            } else {
                log.error("session={} event=content-failed reason={} error={}", id, e.reason(), e.getMessage());
                fail(Pop3Reply.localError());
            }
        } catch (RuntimeException e) {
            log.error("session={} event=content-failed", id, e);
            fail(Pop3Reply.localError());
        }
        return null;
    }

    /** RFC 2449 §5; login mechanisms only where a login may happen: after TLS, before login (RFC 2595 §4). */
    private Pop3Reply capabilities() {
        List<String> lines = new ArrayList<>(List.of(
                "TOP",
                "UIDL",
                "RESP-CODES",
                "AUTH-RESP-CODE",
                "PIPELINING",
                "EXPIRE NEVER",
                "LOGIN-DELAY 0"));
        if (maildrop == null) {
            if (tlsProtocol == null) {
                lines.add("STLS");
            } else {
                lines.add("USER");
                lines.add("SASL PLAIN");
            }
        }
        return Pop3Reply.okLines("Capability list follows", lines);
    }

    /** RFC 1939 §7 USER. */
    private void user(Pop3Command.User command) throws IOException {
        if (loginRefused()) {
            return;
        }
        user = command.name();
        // the same answer for every name: nobody learns which addresses exist
        send(Pop3Reply.ok("Send PASS with an app password"));
    }

    /** RFC 1939 §7 PASS. */
    private void pass(Pop3Command.Pass pass) throws IOException {
        if (loginRefused()) {
            return;
        }
        if (user == null) {
            fail(Pop3Reply.err("Send USER first"));
            return;
        }
        String name = user;
        user = null;
        authenticate(name, pass.secret(), "user");
    }

    /** RFC 5034 AUTH with the PLAIN mechanism (RFC 4616). */
    private void auth(Pop3Command.Auth auth) throws IOException {
        if (loginRefused()) {
            return;
        }
        user = null;
        if (auth.mechanism() == null) {
            // not in RFC 5034, but widely used (RFC 1734 era clients): AUTH alone lists the mechanisms
            send(Pop3Reply.okLines("Supported mechanisms follow", List.of("PLAIN")));
            return;
        }
        if (!auth.mechanism().equals("PLAIN")) {
            fail(Pop3Reply.err("Unsupported authentication mechanism; use PLAIN"));
            return;
        }
        String response = auth.initialResponse();
        if (response == null) {
            out.write(EMPTY_CHALLENGE);
            ClientInput.Line line = in.readLine(MAX_SASL_LINE_OCTETS);
            if (line == null) {
                closing = "client-closed-in-auth";
                return;
            }
            if (line.tooLong()) {
                fail(Pop3Reply.lineTooLong());
                return;
            }
            response = new String(line.bytes(), StandardCharsets.US_ASCII);
        }
        if (response.equals("*")) {
            // RFC 5034 §4: the client cancels the exchange
            fail(Pop3Reply.err("Authentication canceled"));
            return;
        }
        SaslPlain credentials;
        try {
            credentials = Pop3CommandParser.decodePlain(response);
        } catch (Pop3SyntaxException e) {
            fail(e.reply());
            return;
        }
        if (!credentials.actsAsItself()) {
            log.info("session={} event=login-failed mechanism=plain reason=authzid", id);
            fail(Pop3Reply.invalidCredentials());
            return;
        }
        authenticate(credentials.authcid(), credentials.password(), "plain");
    }

    /** Logins need the AUTHORIZATION state and TLS (RFC 2595 §2.1, RFC 8314 §2). */
    private boolean loginRefused() throws IOException {
        if (maildrop != null) {
            fail(Pop3Reply.notInState(verb, true));
            return true;
        }
        if (tlsProtocol == null) {
            fail(Pop3Reply.tlsRequired());
            return true;
        }
        return false;
    }

    private void authenticate(String username, String secret, String mechanism) throws IOException {
        LoginResult result;
        try {
            result = login.login(username, secret, AppPasswordScope.READ, plain.getInetAddress());
        } catch (RuntimeException e) {
            log.error("session={} event=login-error mechanism={}", id, mechanism, e);
            fail(Pop3Reply.localError());
            return;
        }
        switch (result) {
            case LoginResult.Success success -> openMaildrop(success.account(), mechanism);
            case LoginResult.Failure failure -> {
                log.info("session={} event=login-failed mechanism={}", id, mechanism);
                fail(Pop3Reply.invalidCredentials());
            }
            case LoginResult.Throttled throttled -> {
                log.info("session={} event=login-throttled mechanism={} retry-after-s={}",
                        id, mechanism, throttled.retryAfter().toSeconds());
                fail(Pop3Reply.throttled(throttled.retryAfter()));
            }
        }
    }

    /** RFC 1939 §4: the maildrop is fixed at login; a maildrop that cannot be opened leaves the session in AUTHORIZATION. */
    private void openMaildrop(Account account, String mechanism) throws IOException {
        try {
            Optional<MailboxInfo> inbox = mailboxes.find(account.id(), "INBOX");
            if (inbox.isEmpty()) {
                log.error("session={} event=maildrop-failed account={} reason=no-inbox", id, account.id());
                fail(Pop3Reply.maildropUnavailable());
                return;
            }
            maildrop = new Maildrop(inbox.get().id(), inbox.get().uidValidity(), mailboxes.messages(inbox.get().id()));
        } catch (RuntimeException e) {
            log.error("session={} event=maildrop-failed account={}", id, account.id(), e);
            fail(Pop3Reply.maildropUnavailable());
            return;
        }
        log.info("session={} event=login account={} mechanism={} messages={}", id, account.id(), mechanism, maildrop.count());
        send(Pop3Reply.ok("Maildrop has " + maildrop.count() + " messages (" + maildrop.size() + " octets)"));
    }

    /** RFC 1939 §6: QUIT in the TRANSACTION state enters UPDATE and removes the messages marked deleted. */
    private void quit() throws IOException {
        closing = "quit";
        if (maildrop == null) {
            send(Pop3Reply.ok(hostname + " POP3 server signing off"));
            return;
        }
        markSeen();
        List<Long> deleted = maildrop.deletedUids();
        if (deleted.isEmpty()) {
            send(Pop3Reply.ok(hostname + " POP3 server signing off (" + maildrop.count() + " messages left)"));
            return;
        }
        try {
            mailboxes.storeFlags(maildrop.mailboxId(), deleted, FlagOperation.ADD, Set.of("\\Deleted"), OptionalLong.empty());
            List<Long> removed = mailboxes.expunge(maildrop.mailboxId(), Optional.of(deleted));
            log.info("session={} event=update deleted={} removed={}", id, deleted.size(), removed.size());
            send(Pop3Reply.ok(hostname + " POP3 server signing off (" + maildrop.count() + " messages left)"));
        } catch (MailboxException | RuntimeException e) {
            log.error("session={} event=update-failed error={}", id, e.toString());
            // RFC 1939 §6: "-ERR some deleted messages not removed"
            send(Pop3Reply.err("SYS/TEMP", "Some deleted messages not removed; try again later"));
        }
    }

    /** Messages retrieved in full become {@code \Seen}, as IMAP clients of the same account expect. */
    private void markSeen() {
        List<Long> seen = maildrop.retrievedUids();
        if (seen.isEmpty()) {
            return;
        }
        try {
            mailboxes.storeFlags(maildrop.mailboxId(), seen, FlagOperation.ADD, Set.of("\\Seen"), OptionalLong.empty());
        } catch (MailboxException | RuntimeException e) {
            log.warn("session={} event=mark-seen-failed error={}", id, e.toString());
        }
    }

    /** RFC 2595 §4 STLS. */
    private void stls() throws IOException {
        if (tlsProtocol != null) {
            fail(Pop3Reply.err("TLS is already active"));
            return;
        }
        if (maildrop != null) {
            fail(Pop3Reply.notInState("STLS", true));
            return;
        }
        // RFC 2595 §4 with RFC 3207 §6: what the client sent after STLS in clear must not be
        // taken as a command once TLS is up (command injection, CVE-2011-0411)
        int pipelined = in.buffered();
        if (pipelined > 0) {
            in.discardBuffered();
            log.warn("session={} event=stls-pipelined-input-discarded octets={}", id, pipelined);
        }
        send(Pop3Reply.ok("Begin TLS negotiation"));
        out.flush();
        useStreams(startTls());
        // RFC 2595 §4: the client must discard what it knew; so does the server
        user = null;
    }

    private SSLSocket startTls() throws IOException {
        int idle = plain.getSoTimeout();
        // a client that stalls the handshake holds a connection slot for less than the idle timeout
        plain.setSoTimeout(Math.min(idle, Math.toIntExact(TLS_HANDSHAKE_TIMEOUT.toMillis())));
        SSLSocket secure = tls.accept(plain);
        secure.setSoTimeout(idle);
        tlsProtocol = secure.getSession().getProtocol();
        log.info("session={} event=tls protocol={} cipher={}", id, tlsProtocol, secure.getSession().getCipherSuite());
        return secure;
    }

    private void useStreams(Socket socket) throws IOException {
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        in = new ClientInput(socket.getInputStream(), out);
    }

    /** Queues a response; it is flushed before the next read that may block (PIPELINING). */
    private void send(Pop3Reply reply) throws IOException {
        if (reply.isError()) {
            log.info("session={} verb={} reply=-ERR code={}", id, verb,
                    reply.responseCode() == null ? "-" : reply.responseCode());
        } else {
            log.debug("session={} verb={} reply=+OK", id, verb);
        }
        out.write(reply.toBytes());
    }

    /** Sends an error response and counts it; too many errors end the session (without UPDATE). */
    private void fail(Pop3Reply reply) throws IOException {
        send(reply);
        if (++errors >= limits.maxErrors()) {
            log.info("session={} event=too-many-errors errors={}", id, errors);
            send(Pop3Reply.tooManyErrors());
            closing = "too-many-errors";
        }
    }

    private static String verbOf(byte[] line) {
        int end = 0;
        while (end < line.length && end < 8 && line[end] != ' ') {
            end++;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "?");
    }
}
