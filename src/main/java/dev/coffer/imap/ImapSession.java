package dev.coffer.imap;

import dev.coffer.net.Session;
import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.LoginResult;
import dev.coffer.crypto.ServerTls;
import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.CopyResult;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.FlagUpdate;
import dev.coffer.mailbox.MailboxEvent;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MailboxStatus;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.Quota;
import dev.coffer.store.Account;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IMAP connection from greeting to LOGOUT: IMAP4rev2 (RFC 9051) and IMAP4rev1
 * (RFC 3501) with the extensions {@link #capabilities()} lists. Sequential blocking code
 * on its own virtual thread; mailbox events from other sessions arrive on a queue and are
 * told to the client only where RFC 9051 §7.5.1 allows.
 */
final class ImapSession implements Session {

    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    static final String AUTH_FAILED = "Invalid credentials. Use an app password (create one with "
            + "'coffer user app-password add'); the account password is not accepted here.";
    static final Set<String> SYSTEM_FLAGS = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");
    static final Set<String> SPECIAL_USES =
            Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash", "\\Important");
    private static final byte[] SKIPPED = new byte[0];

    private enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED }

    /** A line read by the IDLE reader, or null for the end of the stream. */
    private record ClientLine(ImapInput.Line line, IOException error) {}

    private final String id;
    private final Socket plain;
    private final String hostname;
    private final MailboxService mailboxes;
    private final AppPasswordLogin login;
    private final ServerTls tls;
    private final ImapLimits limits;
    private final boolean implicitTls;
    private final boolean logClientAddresses;

    private Socket socket;
    private ImapInput in;
    private ImapWriter out;
    private volatile GuardedOutputStream guard;
    private boolean tlsActive;
    private boolean compressed;

    private State state = State.NOT_AUTHENTICATED;
    private Account account;
    private SelectedMailbox selected;
    private boolean rev2;
    private boolean utf8Accept;
    private boolean condstore;
    private boolean qresync;
    private List<Long> savedUids = List.of();
    private int failures;
    /** Why the session is ending, once it is; null while it runs. */
    private String closing;

    /** Mailbox events waiting for the session thread (and, during IDLE, the client's next line). */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private static final int MAX_QUEUED_EVENTS = 100_000;
    private volatile boolean overflowed;
    private final ArrayDeque<MailboxEvent> pending = new ArrayDeque<>();

    ImapSession(String id, Socket plain, String hostname, MailboxService mailboxes, AppPasswordLogin login,
                ServerTls tls, ImapLimits limits, boolean implicitTls, boolean logClientAddresses) {
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

    /** Ends the session from outside (shutdown, stalled writes): blocked reads and writes fail. */
    @Override
    public void abort() {
        try {
            plain.close();
        } catch (IOException e) {
            log.debug("session={} event=abort-failed error={}", id, e.toString());
        }
    }

    /** Whether a write has been blocked for longer than {@code limitNanos}. */
    boolean writeStalled(long now, long limitNanos) {
        GuardedOutputStream current = guard;
        if (current == null) {
            return false;
        }
        long since = current.writingSince();
        return since != 0 && now - since > limitNanos;
    }

    @Override
    public void run() {
        if (logClientAddresses) {
            log.info("session={} event=connect client={} tls={}", id, plain.getInetAddress().getHostAddress(), implicitTls);
        } else {
            log.info("session={} event=connect tls={}", id, implicitTls);
        }
        try {
            plain.setSoTimeout(Math.toIntExact(Math.max(1, limits.autologout().toMillis())));
            if (implicitTls) {
                // RFC 8314 §3.2: TLS first, then the greeting
                useSocket(tls.accept(plain));
                tlsActive = true;
            } else {
                useSocket(plain);
            }
            out.untagged("OK [CAPABILITY " + capabilities() + "] " + hostname + " Coffer IMAP ready");
            while (closing == null) {
                byte[] command = readCommand();
                if (command == null) {
                    log.info("session={} event=disconnect reason=client-closed", id);
                    return;
                }
                if (command == SKIPPED) {
                    continue;
                }
                ImapParser.Request request;
                try {
                    request = ImapParser.parse(command);
                } catch (ImapSyntaxException e) {
                    bad(e.tag(), e.getMessage());
                    continue;
                }
                handle(request.tag(), request.command());
            }
            out.flush();
            log.info("session={} event=disconnect reason={}", id, closing);
        } catch (SocketTimeoutException e) {
            // RFC 9051 §5.4 autologout
            log.info("session={} event=autologout", id);
            trySend("* BYE Autologout; idle for too long");
        } catch (EOFException e) {
            log.info("session={} event=disconnect reason=eof-in-literal", id);
        } catch (IOException e) {
            log.info("session={} event=disconnect reason=io-error error={}", id, e.toString());
        } finally {
            if (selected != null) {
                selected.close();
            }
        }
    }

    // ------------------------------------------------------------------ input

    /**
     * Reads one command with its literals (RFC 9051 §4.3, RFC 7888 LITERAL+): null at the
     * end of the stream, {@link #SKIPPED} when it was refused here and already answered.
     */
    private byte[] readCommand() throws IOException {
        if (in.buffered() == 0) {
            out.flush();
        }
        long absurd = 16L * limits.maxLineOctets();
        ImapInput.Line line = in.readLine(limits.maxLineOctets(), absurd);
        if (line == null) {
            return null;
        }
        if (line.tooLong()) {
            return lineTooLong(ImapParser.tagOf(line.bytes()), line);
        }
        byte[] first = line.bytes();
        String tag = ImapParser.tagOf(first);
        boolean append = ImapParser.verbOf(first).equals("APPEND");
        ByteArrayOutputStream command = new ByteArrayOutputStream(first.length + 2);
        command.writeBytes(first);
        byte[] current = first;
        while (true) {
            Literal literal = trailingLiteral(current);
            if (literal == null) {
                return command.toByteArray();
            }
            long max = append ? mailboxes.appendLimit() : limits.maxLiteralOctets();
            if (literal.size > max || command.size() + literal.size > Integer.MAX_VALUE - 1024) {
                refuseLiteral(tag, literal, append, max);
                return SKIPPED;
            }
            if (!literal.nonSynchronizing) {
                out.continuation("Ready for literal data");
                out.flush();
            } else if (in.buffered() == 0) {
                out.flush();
            }
            command.write('\r');
            command.write('\n');
            byte[] data = new byte[(int) literal.size];
            in.readFully(data, 0, data.length);
            command.writeBytes(data);
            ImapInput.Line next = in.readLine(limits.maxLineOctets(), absurd);
            if (next == null) {
                return null;
            }
            if (next.tooLong()) {
                return lineTooLong(tag, next);
            }
            current = next.bytes();
            command.writeBytes(current);
        }
    }

    private byte[] lineTooLong(String tag, ImapInput.Line line) throws IOException {
        if (line.overflow() > 16L * limits.maxLineOctets()) {
            // not a mistake but a flood: say so and stop reading (RFC 9051 §7.1.5 BYE)
            out.untagged("BYE Command line too long");
            closing = "line-too-long";
            return SKIPPED;
        }
        bad(tag, "Command line too long: the limit is " + limits.maxLineOctets() + " octets");
        return SKIPPED;
    }

    private void refuseLiteral(String tag, Literal literal, boolean append, long max) throws IOException {
        if (literal.nonSynchronizing) {
            // RFC 7888 §4: the client sends the literal anyway; read it and the rest of the command away
            in.skip(literal.size);
            while (true) {
                ImapInput.Line rest = in.readLine(limits.maxLineOctets(), 16L * limits.maxLineOctets());
                if (rest == null || rest.tooLong()) {
                    closing = "literal-refused";
                    break;
                }
                Literal next = trailingLiteral(rest.bytes());
                if (next == null) {
                    break;
                }
                if (!next.nonSynchronizing) {
                    break;
                }
                in.skip(next.size);
            }
        }
        // for a synchronizing literal no continuation was sent, so the client sends nothing more
        if (append) {
            out.tagged(tag, "NO", "TOOBIG", "Message too big: the limit is " + max + " octets");
        } else {
            bad(tag, "Literal too big: the limit is " + max + " octets");
        }
    }

    private record Literal(long size, boolean nonSynchronizing) {}

    /** A {@code {n}}, {@code {n+}} or {@code ~{n}} at the end of a line, or null. */
    static Literal trailingLiteral(byte[] line) {
        int end = line.length;
        if (end < 3 || line[end - 1] != '}') {
            return null;
        }
        int i = end - 2;
        boolean plus = line[i] == '+';
        if (plus) {
            i--;
        }
        int digitsEnd = i + 1;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        if (i < 0 || line[i] != '{' || i + 1 == digitsEnd) {
            return null;
        }
        if (digitsEnd - (i + 1) > 18) {
            return new Literal(Long.MAX_VALUE, plus);
        }
        return new Literal(Long.parseLong(new String(line, i + 1, digitsEnd - i - 1, StandardCharsets.US_ASCII)), plus);
    }

    private void useSocket(Socket next) throws IOException {
        socket = next;
        GuardedOutputStream guarded = new GuardedOutputStream(next.getOutputStream());
        guard = guarded;
        OutputStream buffered = new BufferedOutputStream(guarded, limits.outputBufferOctets());
        if (in == null) {
            in = new ImapInput(next.getInputStream());
            out = new ImapWriter(buffered);
        } else {
            in.use(next.getInputStream());
            out.use(buffered);
        }
    }

    // --------------------------------------------------------------- dispatch

    private void handle(String tag, ImapCommand command) throws IOException {
        if (!allowedInState(tag, command)) {
            return;
        }
        try {
            switch (command) {
                case ImapCommand.Capability c -> {
                    out.untagged("CAPABILITY " + capabilities());
                    ok(tag, "Capability completed");
                }
                case ImapCommand.Noop n -> {
                    announce(true);
                    ok(tag, "NOOP completed");
                }
                case ImapCommand.Check c -> {
                    announce(true);
                    ok(tag, "CHECK completed");
                }
                case ImapCommand.Logout l -> {
                    out.untagged("BYE Logging out");
                    ok(tag, "LOGOUT completed");
                    closing = "logout";
                }
                case ImapCommand.StartTls s -> startTls(tag);
                case ImapCommand.Login l -> login(tag, l.username(), l.password());
                case ImapCommand.Authenticate a -> authenticate(tag, a);
                case ImapCommand.Enable e -> enable(tag, e);
                case ImapCommand.Id i -> {
                    out.untagged("ID (\"name\" \"Coffer\")");
                    ok(tag, "ID completed");
                }
                case ImapCommand.Namespace n -> {
                    out.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
                    ok(tag, "NAMESPACE completed");
                }
                case ImapCommand.Compress c -> compress(tag, c);
                case ImapCommand.Select s -> select(tag, s);
                case ImapCommand.Create c -> create(tag, c);
                case ImapCommand.Delete d -> delete(tag, d);
                case ImapCommand.Rename r -> {
                    if (selected != null && selected.info.name().equals(name(r.from()))) {
                        deselect(true);
                    }
                    mailboxes.rename(account.id(), name(r.from()), name(r.to()));
                    announce(true);
                    ok(tag, "RENAME completed");
                }
                case ImapCommand.Subscribe s -> {
                    mailboxes.setSubscribed(account.id(), name(s.mailbox()), s.subscribe());
                    announce(true);
                    ok(tag, s.verb() + " completed");
                }
                case ImapCommand.ListMailboxes l -> {
                    new MailboxLister(this).list(l);
                    announce(true);
                    ok(tag, l.verb() + " completed");
                }
                case ImapCommand.Status s -> status(tag, s);
                case ImapCommand.Append a -> append(tag, a);
                case ImapCommand.Idle i -> idle(tag);
                case ImapCommand.Close c -> {
                    if (!selected.readOnly) {
                        // RFC 9051 §6.4.1: expunge silently
                        mailboxes.expunge(selected.info.id(), Optional.empty());
                    }
                    deselect(false);
                    ok(tag, "CLOSE completed");
                }
                case ImapCommand.Unselect u -> {
                    deselect(false);
                    ok(tag, "UNSELECT completed");
                }
                case ImapCommand.Expunge e -> expunge(tag, e);
                case ImapCommand.Fetch f -> fetch(tag, f);
                case ImapCommand.Store s -> store(tag, s);
                case ImapCommand.Copy c -> copy(tag, c);
                case ImapCommand.Search s -> search(tag, s);
                case ImapCommand.GetQuota q -> getQuota(tag, q.root());
                case ImapCommand.GetQuotaRoot q -> getQuotaRoot(tag, q.mailbox());
                case ImapCommand.SetQuota q -> out.tagged(tag, "NO", "CANNOT", "Quotas are set by the administrator");
            }
        } catch (MailboxException e) {
            out.tagged(tag, "NO", code(e), e.getMessage());
        } catch (RuntimeException e) {
            log.error("session={} event=command-failed command={}", id, command.verb(), e);
            out.tagged(tag, "NO", "SERVERBUG", "Internal error; the administrator can find it in the log");
        }
    }

    private boolean allowedInState(String tag, ImapCommand command) throws IOException {
        boolean anyState = command instanceof ImapCommand.Capability || command instanceof ImapCommand.Noop
                || command instanceof ImapCommand.Logout || command instanceof ImapCommand.Id;
        if (anyState) {
            return true;
        }
        boolean preAuth = command instanceof ImapCommand.StartTls || command instanceof ImapCommand.Login
                || command instanceof ImapCommand.Authenticate;
        if (state == State.NOT_AUTHENTICATED) {
            if (!preAuth) {
                bad(tag, "Log in first");
                return false;
            }
            return true;
        }
        if (preAuth) {
            bad(tag, "Already logged in");
            return false;
        }
        boolean needsSelection = command instanceof ImapCommand.Close || command instanceof ImapCommand.Unselect
                || command instanceof ImapCommand.Expunge || command instanceof ImapCommand.Fetch
                || command instanceof ImapCommand.Store || command instanceof ImapCommand.Copy
                || command instanceof ImapCommand.Search || command instanceof ImapCommand.Check;
        if (needsSelection && state != State.SELECTED) {
            bad(tag, "No mailbox selected");
            return false;
        }
        return true;
    }

    /** What the server offers now: RFC 9051 §6.1.1. */
    String capabilities() {
        List<String> capabilities = new ArrayList<>(List.of("IMAP4rev2", "IMAP4rev1"));
        if (state == State.NOT_AUTHENTICATED) {
            if (!tlsActive) {
                capabilities.add("STARTTLS");
                // RFC 9051 §6.2.3: no LOGIN, no AUTHENTICATE before TLS
                capabilities.add("LOGINDISABLED");
            } else {
                capabilities.add("AUTH=PLAIN");
                capabilities.add("SASL-IR");
            }
        }
        capabilities.addAll(List.of("LITERAL+", "ID", "ENABLE", "IDLE", "NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE",
                "CONDSTORE", "QRESYNC", "SPECIAL-USE", "CREATE-SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS",
                "STATUS=SIZE", "ESEARCH", "SEARCHRES", "CHILDREN", "QUOTA", "QUOTA=RES-STORAGE", "BINARY",
                "UTF8=ACCEPT", "APPENDLIMIT=" + mailboxes.appendLimit()));
        if (state != State.NOT_AUTHENTICATED && !compressed) {
            capabilities.add("COMPRESS=DEFLATE");
        }
        return String.join(" ", capabilities);
    }

    // ---------------------------------------------------------- authentication

    /** RFC 9051 §6.2.1 with RFC 3207-style care: nothing read before TLS survives it. */
    private void startTls(String tag) throws IOException {
        if (tlsActive || tls == null) {
            bad(tag, "TLS is already active");
            return;
        }
        int pipelined = in.buffered();
        if (pipelined > 0) {
            in.discardBuffered();
            log.warn("session={} event=starttls-pipelined-input-discarded octets={}", id, pipelined);
        }
        ok(tag, "Begin TLS negotiation now");
        out.flush();
        SSLSocket secure = tls.accept(plain);
        secure.setSoTimeout(plain.getSoTimeout());
        useSocket(secure);
        tlsActive = true;
        log.info("session={} event=starttls protocol={}", id, secure.getSession().getProtocol());
    }

    private void login(String tag, String username, String password) throws IOException {
        if (!tlsActive) {
            out.tagged(tag, "NO", "PRIVACYREQUIRED", "Use STARTTLS before logging in");
            return;
        }
        loginWith(tag, username, password);
    }

    /** RFC 9051 §6.2.2, RFC 4616 PLAIN, RFC 4959 SASL-IR. */
    private void authenticate(String tag, ImapCommand.Authenticate authenticate) throws IOException {
        if (!authenticate.mechanism().equals("PLAIN")) {
            out.tagged(tag, "NO", "CANNOT", "Unsupported mechanism: use PLAIN");
            return;
        }
        if (!tlsActive) {
            out.tagged(tag, "NO", "PRIVACYREQUIRED", "Use STARTTLS before logging in");
            return;
        }
        String response = authenticate.initialResponse();
        if (response == null) {
            out.continuation("");
            out.flush();
            ImapInput.Line line = in.readLine(limits.maxLineOctets(), 16L * limits.maxLineOctets());
            if (line == null) {
                closing = "client-closed";
                return;
            }
            if (line.tooLong()) {
                lineTooLong(tag, line);
                return;
            }
            response = new String(line.bytes(), StandardCharsets.US_ASCII).strip();
            if (response.equals("*")) {
                bad(tag, "Authentication cancelled");
                return;
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            bad(tag, "Invalid base64 in the SASL response");
            return;
        }
        String[] fields = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3) {
            bad(tag, "Invalid PLAIN response: expected authzid NUL authcid NUL password");
            return;
        }
        if (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1])) {
            out.tagged(tag, "NO", "AUTHORIZATIONFAILED", "Logging in as another user is not supported");
            return;
        }
        loginWith(tag, fields[1], fields[2]);
    }

    private void loginWith(String tag, String username, String secret) throws IOException {
        LoginResult result = login.login(username, secret, AppPasswordScope.READ, plain.getInetAddress());
        switch (result) {
            case LoginResult.Success success -> {
                account = success.account();
                state = State.AUTHENTICATED;
                log.info("session={} event=login account={}", id, account.id());
                ok(tag, "[CAPABILITY " + capabilities() + "] Logged in");
            }
            case LoginResult.Failure failure -> {
                log.info("session={} event=login-failed", id);
                failures++;
                out.tagged(tag, "NO", "AUTHENTICATIONFAILED", AUTH_FAILED);
                checkFailures();
            }
            case LoginResult.Throttled throttled -> {
                long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
                out.tagged(tag, "NO", "UNAVAILABLE", "Too many failed logins, try again in " + seconds + " seconds");
            }
        }
    }

    /** RFC 5161 with RFC 7162 CONDSTORE/QRESYNC, RFC 6855 UTF8=ACCEPT, RFC 9051 IMAP4rev2. */
    private void enable(String tag, ImapCommand.Enable enable) throws IOException {
        List<String> enabled = new ArrayList<>();
        for (String capability : enable.capabilities()) {
            switch (capability) {
                case "CONDSTORE" -> {
                    condstore = true;
                    enabled.add(capability);
                }
                case "QRESYNC" -> {
                    qresync = true;
                    condstore = true;
                    enabled.add(capability);
                }
                case "UTF8=ACCEPT" -> {
                    utf8Accept = true;
                    enabled.add(capability);
                }
                case "IMAP4REV2" -> {
                    rev2 = true;
                    enabled.add("IMAP4rev2");
                }
                default -> {}
            }
        }
        out.untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
        ok(tag, "ENABLE completed");
    }

    /** RFC 4978: everything after the tagged OK is deflated, both ways. */
    private void compress(String tag, ImapCommand.Compress compress) throws IOException {
        if (compressed) {
            out.tagged(tag, "NO", "COMPRESSIONACTIVE", "Compression is already active");
            return;
        }
        if (!compress.mechanism().equals("DEFLATE")) {
            bad(tag, "Unknown compression mechanism: use DEFLATE");
            return;
        }
        ok(tag, "DEFLATE active");
        out.flush();
        if (in.buffered() > 0) {
            // the client may not send compressed data before it has seen our OK
            closing = "compress-pipelined";
            return;
        }
        InputStream rawIn = socket.getInputStream();
        GuardedOutputStream guarded = new GuardedOutputStream(socket.getOutputStream());
        guard = guarded;
        DeflaterOutputStream deflated = new DeflaterOutputStream(guarded, new Deflater(Deflater.DEFAULT_COMPRESSION, true),
                8192, true);
        in.use(new InflaterInputStream(rawIn, new Inflater(true), 8192));
        out.use(new BufferedOutputStream(deflated, limits.outputBufferOctets()));
        compressed = true;
    }

    // -------------------------------------------------------------- mailboxes

    /** Whether mailbox names travel as UTF-8 (RFC 6855, RFC 9051) rather than modified UTF-7. */
    boolean utf8Names() {
        return utf8Accept || rev2;
    }

    /** A mailbox name as the client sent it, as the service stores it. */
    String name(String wire) {
        String name = utf8Names() ? wire : ModifiedUtf7.decode(wire);
        while (name.length() > 1 && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** A stored mailbox name as a response token. */
    String wire(String name) {
        return ImapWriter.quotedText(utf8Names() ? name : ModifiedUtf7.encode(name));
    }

    MailboxService mailboxes() {
        return mailboxes;
    }

    ImapWriter out() {
        return out;
    }

    long accountId() {
        return account.id();
    }

    /** RFC 9051 §6.3.2/§6.3.3 with RFC 7162 CONDSTORE and QRESYNC. */
    private void select(String tag, ImapCommand.Select select) throws IOException, MailboxException {
        if (select.qresync().isPresent() && !qresync) {
            bad(tag, "Enable QRESYNC first");
            return;
        }
        if (selected != null) {
            deselect(true);
        }
        Optional<MailboxInfo> found = mailboxes.find(account.id(), name(select.mailbox()));
        if (found.isEmpty()) {
            out.tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        if (select.condstore()) {
            condstore = true;
        }
        MailboxInfo info = found.get();
        queue.clear();
        pending.clear();
        overflowed = false;
        MailboxService.Subscription subscription = mailboxes.listen(info.id(), this::changed);
        List<MessageInfo> messages;
        MailboxStatus status;
        try {
            status = mailboxes.status(info.id());
            messages = mailboxes.messages(info.id());
        } catch (MailboxException | RuntimeException e) {
            subscription.close();
            throw e;
        }
        long highest = status.highestModseq();
        for (MessageInfo message : messages) {
            highest = Math.max(highest, message.modseq());
        }
        selected = new SelectedMailbox(info, select.readOnly(), messages, highest, subscription);
        state = State.SELECTED;
        savedUids = List.of();
        out.untagged("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
        out.untagged("OK [PERMANENTFLAGS " + (select.readOnly() ? "()" : "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)")
                + "] Flags permitted");
        out.untagged(messages.size() + " EXISTS");
        if (!rev2) {
            out.untagged("0 RECENT");
        }
        out.untagged("OK [UIDVALIDITY " + info.uidValidity() + "] UIDs valid");
        out.untagged("OK [UIDNEXT " + Math.max(status.uidNext(), selected.largestUid() + 1) + "] Predicted next UID");
        out.untagged("OK [HIGHESTMODSEQ " + highest + "] Highest");
        if (rev2) {
            // RFC 9051 §6.3.2: the mailbox's name as the server knows it
            out.untagged("LIST (" + (info.specialUse() == null ? "" : info.specialUse()) + ") \"/\" " + wire(info.name()));
        }
        if (select.qresync().isPresent() && select.qresync().get().uidValidity() == info.uidValidity()) {
            resync(select.qresync().get());
        }
        ok(tag, "[" + (select.readOnly() ? "READ-ONLY" : "READ-WRITE") + "] " + select.verb() + " completed");
    }

    /** RFC 7162 §3.2.5.1: what changed since the client's MODSEQ. */
    private void resync(ImapCommand.Qresync parameters) throws IOException {
        long largest = selected.largestUid();
        List<Long> vanished = new ArrayList<>();
        for (long uid : mailboxes.expungedSince(selected.info.id(), parameters.modseq())) {
            if (parameters.knownUids().isEmpty() || parameters.knownUids().get().contains(uid, Math.max(largest, uid))) {
                vanished.add(uid);
            }
        }
        if (!vanished.isEmpty()) {
            out.untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
        }
        for (MessageInfo changed : mailboxes.changedSince(selected.info.id(), parameters.modseq())) {
            int index = selected.indexOf(changed.uid());
            if (index >= 0) {
                MessageInfo current = selected.get(index);
                out.untagged((index + 1) + " FETCH (UID " + current.uid() + " FLAGS " + FetchResponder.flags(current)
                        + " MODSEQ (" + current.modseq() + "))");
            }
        }
    }

    private void deselect(boolean announceClosed) throws IOException {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        queue.clear();
        pending.clear();
        state = State.AUTHENTICATED;
        if (announceClosed) {
            // RFC 7162 §3.2.11, RFC 9051 §7.1: the previous mailbox is closed
            out.untagged("OK [CLOSED] Previous mailbox closed");
        }
    }

    private void create(String tag, ImapCommand.Create create) throws IOException, MailboxException {
        String name = name(create.mailbox());
        if (name.isEmpty() || name.equals("INBOX") && mailboxes.find(account.id(), "INBOX").isPresent()) {
            out.tagged(tag, "NO", "ALREADYEXISTS", "Mailbox already exists");
            return;
        }
        String use = null;
        if (!create.specialUse().isEmpty()) {
            if (create.specialUse().size() > 1 || !SPECIAL_USES.contains(capitalized(create.specialUse().getFirst()))) {
                out.tagged(tag, "NO", "USEATTR", "Only one of " + String.join(" ", SPECIAL_USES) + " may be given");
                return;
            }
            use = capitalized(create.specialUse().getFirst());
        }
        mailboxes.create(account.id(), name, use);
        announce(true);
        ok(tag, "CREATE completed");
    }

    private static String capitalized(String flag) {
        if (flag.length() < 2) {
            return flag;
        }
        return flag.substring(0, 2).toUpperCase(Locale.ROOT) + flag.substring(2).toLowerCase(Locale.ROOT);
    }

    private void delete(String tag, ImapCommand.Delete delete) throws IOException, MailboxException {
        String name = name(delete.mailbox());
        if (selected != null && selected.info.name().equals(name)) {
            deselect(false);
        }
        mailboxes.delete(account.id(), name);
        announce(true);
        ok(tag, "DELETE completed");
    }

    /** RFC 9051 §6.3.11 with RFC 8438 SIZE and RFC 7162 HIGHESTMODSEQ. */
    private void status(String tag, ImapCommand.Status status) throws IOException, MailboxException {
        Optional<MailboxInfo> found = mailboxes.find(account.id(), name(status.mailbox()));
        if (found.isEmpty()) {
            out.tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        out.untagged(statusLine(found.get(), status.items()));
        announce(true);
        ok(tag, "STATUS completed");
    }

    String statusLine(MailboxInfo info, List<String> items) throws MailboxException {
        MailboxStatus status = mailboxes.status(info.id());
        List<String> parts = new ArrayList<>();
        for (String item : items) {
            parts.add(item + " " + switch (item) {
                case "MESSAGES" -> status.messages();
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                case "UNSEEN" -> status.unseen();
                case "DELETED" -> status.deleted();
                case "SIZE" -> status.size();
                case "HIGHESTMODSEQ" -> status.highestModseq();
                case "APPENDLIMIT" -> mailboxes.appendLimit();
                default -> 0L; // RECENT: RFC 9051 keeps no recent messages
            });
        }
        return "STATUS " + wire(info.name()) + " (" + String.join(" ", parts) + ")";
    }

    /** RFC 9051 §6.3.12 with RFC 4315 APPENDUID and RFC 7889 APPENDLIMIT. */
    private void append(String tag, ImapCommand.Append append) throws IOException, MailboxException {
        Optional<MailboxInfo> target = mailboxes.find(account.id(), name(append.mailbox()));
        if (target.isEmpty()) {
            out.tagged(tag, "NO", "TRYCREATE", "No such mailbox; create it first");
            return;
        }
        if (append.message().length > mailboxes.appendLimit()) {
            out.tagged(tag, "NO", "TOOBIG", "Message too big: the limit is " + mailboxes.appendLimit() + " octets");
            return;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String flag : append.flags()) {
            if (flag.startsWith("\\") && !SYSTEM_FLAGS.contains(capitalized(flag))) {
                continue; // \Recent and unknown system flags cannot be set
            }
            flags.add(flag.startsWith("\\") ? capitalized(flag) : flag);
        }
        Instant date = append.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
        AppendResult result = mailboxes.append(account, target.get().id(), append.message(), flags, date);
        announce(true);
        ok(tag, "[APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed");
    }

    // ------------------------------------------------------------------- IDLE

    /** RFC 2177: tell changes as they happen until the client says DONE. */
    private void idle(String tag) throws IOException {
        out.continuation("idling");
        announce(true);
        out.flush();
        Thread.ofVirtual().name("imap-idle-" + id).start(() -> {
            try {
                queue.offer(new ClientLine(in.readLine(limits.maxLineOctets(), 16L * limits.maxLineOctets()), null));
            } catch (IOException e) {
                queue.offer(new ClientLine(null, e));
            }
        });
        long deadline = System.nanoTime() + limits.autologout().toNanos();
        while (true) {
            Object item;
            try {
                item = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closing = "interrupted";
                abort();
                return;
            }
            if (item == null) {
                log.info("session={} event=autologout state=idle", id);
                out.untagged("BYE Autologout; idle for too long");
                out.flush();
                closing = "autologout";
                abort();
                return;
            }
            if (item instanceof MailboxEvent event) {
                if (selected != null && event.mailboxId() == selected.info.id()) {
                    pending.add(event);
                    announce(true);
                    out.flush();
                }
                continue;
            }
            ClientLine line = (ClientLine) item;
            if (line.error() != null) {
                throw line.error();
            }
            if (line.line() == null) {
                closing = "client-closed";
                return;
            }
            String text = new String(line.line().bytes(), StandardCharsets.US_ASCII).strip();
            announce(true);
            if (text.equalsIgnoreCase("DONE")) {
                ok(tag, "IDLE terminated");
            } else {
                bad(tag, "Expected DONE to end IDLE");
            }
            return;
        }
    }

    // ------------------------------------------------------------ changes

    /**
     * Called on the committing thread: only queues. A client that stays silent while its
     * mailbox changes a great deal is asked to reconnect rather than let the queue grow.
     */
    private void changed(MailboxEvent event) {
        if (queue.size() < MAX_QUEUED_EVENTS) {
            queue.offer(event);
        } else {
            overflowed = true;
        }
    }

    /**
     * Tells the client what changed in the selected mailbox since it last heard: new
     * messages (EXISTS), flag changes (FETCH), removals (EXPUNGE or, with QRESYNC, VANISHED).
     * RFC 9051 §7.5.1: no EXPUNGE during FETCH, STORE or SEARCH — those are kept for later.
     */
    void announce(boolean expungesAllowed) throws IOException {
        if (overflowed && selected != null) {
            out.untagged("BYE Too many changes to tell; please reconnect");
            closing = "event-queue-overflow";
            return;
        }
        List<Object> drained = new ArrayList<>();
        queue.drainTo(drained);
        for (Object item : drained) {
            if (item instanceof MailboxEvent event && selected != null && event.mailboxId() == selected.info.id()) {
                pending.add(event);
            }
        }
        while (selected != null && !pending.isEmpty()) {
            MailboxEvent event = pending.peek();
            switch (event) {
                case MailboxEvent.Appended appended -> {
                    boolean added = false;
                    for (MessageInfo message : appended.messages()) {
                        if (message.uid() > selected.largestUid()) {
                            selected.add(message);
                            added = true;
                        }
                    }
                    if (added) {
                        out.untagged(selected.size() + " EXISTS");
                    }
                }
                case MailboxEvent.FlagsChanged changed -> {
                    for (MessageInfo message : changed.messages()) {
                        int index = selected.indexOf(message.uid());
                        if (index >= 0 && message.modseq() > selected.get(index).modseq()) {
                            selected.set(index, message);
                            out.untagged(flagsFetch(index, message, qresync));
                        }
                    }
                }
                case MailboxEvent.Expunged expunged -> {
                    if (!expungesAllowed) {
                        return;
                    }
                    removed(expunged.uids());
                    selected.highestModseq = Math.max(selected.highestModseq, expunged.modseq());
                }
                case MailboxEvent.Gone gone -> {
                    out.untagged("BYE The selected mailbox was deleted or renamed");
                    closing = "mailbox-gone";
                    pending.clear();
                    return;
                }
            }
            pending.poll();
        }
    }

    /** Removes these UIDs from the view and says so: EXPUNGE per message, or one VANISHED (RFC 7162 §3.2.10). */
    private void removed(List<Long> uids) throws IOException {
        List<Long> gone = new ArrayList<>();
        for (long uid : uids) {
            int index = selected.indexOf(uid);
            if (index < 0) {
                continue;
            }
            selected.remove(index);
            if (qresync) {
                gone.add(uid);
            } else {
                out.untagged((index + 1) + " EXPUNGE");
            }
        }
        if (!gone.isEmpty()) {
            gone.sort(null);
            out.untagged("VANISHED " + SequenceSet.format(gone));
        }
    }

    private String flagsFetch(int index, MessageInfo message, boolean withUid) {
        return (index + 1) + " FETCH (FLAGS " + FetchResponder.flags(message) + (withUid ? " UID " + message.uid() : "")
                + (condstore ? " MODSEQ (" + message.modseq() + ")" : "") + ")";
    }

    // ---------------------------------------------------------- messages

    private List<Integer> resolve(String tag, SequenceSet set, boolean uid) throws IOException {
        if (!uid && !set.saved() && !set.withinOrStar(selected.size())) {
            bad(tag, "Invalid message sequence number: the mailbox has " + selected.size() + " messages");
            return null;
        }
        return selected.resolve(set, uid, savedUids);
    }

    /** RFC 9051 §6.4.5/§6.4.9 with RFC 7162 CHANGEDSINCE/VANISHED and RFC 3516 BINARY. */
    private void fetch(String tag, ImapCommand.Fetch fetch) throws IOException, MailboxException {
        List<Integer> indexes = resolve(tag, fetch.set(), fetch.uid());
        if (indexes == null) {
            return;
        }
        List<FetchItem> items = new ArrayList<>(fetch.items());
        if (fetch.changedSince().isPresent() || items.stream().anyMatch(i -> i instanceof FetchItem.ModSeq)) {
            condstore = true;
            if (items.stream().noneMatch(i -> i instanceof FetchItem.ModSeq)) {
                items.add(new FetchItem.ModSeq());
            }
        }
        if (fetch.uid() && items.stream().noneMatch(i -> i instanceof FetchItem.Uid)) {
            items.addFirst(new FetchItem.Uid());
        }
        if (fetch.vanished()) {
            if (!qresync) {
                bad(tag, "Enable QRESYNC first");
                return;
            }
            long largest = selected.largestUid();
            List<Long> vanished = new ArrayList<>();
            for (long uid : mailboxes.expungedSince(selected.info.id(), fetch.changedSince().getAsLong())) {
                if (fetch.set().contains(uid, Math.max(largest, uid)) && selected.indexOf(uid) < 0) {
                    vanished.add(uid);
                }
            }
            if (!vanished.isEmpty()) {
                out.untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
            }
        }
        boolean setsSeen = !selected.readOnly && items.stream().anyMatch(item -> switch (item) {
            case FetchItem.Body body -> !body.peek();
            case FetchItem.Binary binary -> !binary.peek();
            case FetchItem.Rfc822 rfc822 -> !rfc822.part().equals("RFC822.HEADER");
            default -> false;
        });
        if (setsSeen) {
            // RFC 9051 §6.4.5: BODY[] without PEEK sets \Seen; the FETCH then reports the flags
            List<Long> unseen = new ArrayList<>();
            for (int index : indexes) {
                if (!selected.get(index).flags().contains("\\Seen")) {
                    unseen.add(selected.get(index).uid());
                }
            }
            if (!unseen.isEmpty()) {
                FlagUpdate update = mailboxes.storeFlags(selected.info.id(), unseen, FlagOperation.ADD,
                        Set.of("\\Seen"), OptionalLong.empty());
                for (MessageInfo message : update.changed()) {
                    int index = selected.indexOf(message.uid());
                    if (index >= 0) {
                        selected.set(index, message);
                    }
                }
                if (items.stream().noneMatch(i -> i instanceof FetchItem.Flags)) {
                    items.add(new FetchItem.Flags());
                }
            }
        }
        boolean missing = false;
        boolean utf8 = utf8Names();
        for (int index : indexes) {
            MessageInfo message = selected.get(index);
            if (fetch.changedSince().isPresent() && message.modseq() <= fetch.changedSince().getAsLong()) {
                continue;
            }
            try {
                out.untagged(FetchResponder.respond(index + 1, message, items, mailboxes::content, utf8));
            } catch (MailboxException e) {
                if (e.reason() != MailboxException.Reason.NONEXISTENT) {
                    throw e;
                }
                missing = true;
            } catch (FetchResponder.UnknownEncodingException e) {
                out.tagged(tag, "NO", "UNKNOWN-CTE", e.getMessage());
                return;
            }
        }
        announce(fetch.uid());
        if (missing) {
            out.tagged(tag, "NO", "EXPUNGEISSUED", "Some of the messages were expunged meanwhile");
        } else {
            ok(tag, fetch.verb() + " completed");
        }
    }

    /** RFC 9051 §6.4.6 with RFC 7162 UNCHANGEDSINCE. */
    private void store(String tag, ImapCommand.Store store) throws IOException, MailboxException {
        List<Integer> indexes = resolve(tag, store.set(), store.uid());
        if (indexes == null) {
            return;
        }
        if (selected.readOnly) {
            out.tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Set<String> flags = new LinkedHashSet<>();
        for (String flag : store.flags()) {
            if (flag.startsWith("\\")) {
                String system = capitalized(flag);
                if (system.equals("\\Recent")) {
                    continue;
                }
                if (!SYSTEM_FLAGS.contains(system)) {
                    bad(tag, "Unknown system flag " + flag);
                    return;
                }
                flags.add(system);
            } else {
                flags.add(flag);
            }
        }
        if (store.unchangedSince().isPresent()) {
            condstore = true;
        }
        List<Long> uids = new ArrayList<>();
        for (int index : indexes) {
            uids.add(selected.get(index).uid());
        }
        FlagUpdate update = uids.isEmpty()
                ? new FlagUpdate(List.of(), List.of())
                : mailboxes.storeFlags(selected.info.id(), uids, store.operation(), flags, store.unchangedSince());
        for (MessageInfo message : update.changed()) {
            int index = selected.indexOf(message.uid());
            if (index < 0) {
                continue;
            }
            MessageInfo before = selected.get(index);
            selected.set(index, message);
            if (!store.silent()) {
                out.untagged(flagsFetch(index, message, store.uid() || qresync));
            } else if (condstore && message.modseq() != before.modseq()) {
                // RFC 7162 §3.1.3: with .SILENT the new MODSEQ is still reported
                out.untagged((index + 1) + " FETCH (" + (store.uid() || qresync ? "UID " + message.uid() + " " : "")
                        + "MODSEQ (" + message.modseq() + "))");
            }
        }
        announce(store.uid());
        if (!update.notModified().isEmpty()) {
            List<Long> numbers = new ArrayList<>();
            for (long uid : update.notModified()) {
                int index = selected.indexOf(uid);
                if (store.uid()) {
                    numbers.add(uid);
                } else if (index >= 0) {
                    numbers.add((long) index + 1);
                }
            }
            numbers.sort(null);
            ok(tag, "[MODIFIED " + SequenceSet.format(numbers) + "] Conditional STORE failed for some messages");
        } else {
            ok(tag, store.verb() + " completed");
        }
    }

    /** RFC 9051 §6.4.7, RFC 6851 MOVE, RFC 4315 COPYUID. */
    private void copy(String tag, ImapCommand.Copy copy) throws IOException, MailboxException {
        List<Integer> indexes = resolve(tag, copy.set(), copy.uid());
        if (indexes == null) {
            return;
        }
        if (copy.move() && selected.readOnly) {
            out.tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Optional<MailboxInfo> target = mailboxes.find(account.id(), name(copy.mailbox()));
        if (target.isEmpty()) {
            out.tagged(tag, "NO", "TRYCREATE", "No such mailbox; create it first");
            return;
        }
        List<Long> uids = new ArrayList<>();
        for (int index : indexes) {
            uids.add(selected.get(index).uid());
        }
        if (uids.isEmpty()) {
            announce(true);
            ok(tag, copy.verb() + " completed: no messages");
            return;
        }
        CopyResult result = copy.move()
                ? mailboxes.move(selected.info.id(), uids, target.get().id())
                : mailboxes.copy(selected.info.id(), uids, target.get().id());
        String copyUid = "COPYUID " + result.targetUidValidity() + " " + list(result.sourceUids()) + " "
                + list(result.targetUids());
        if (copy.move()) {
            // RFC 6851 §4.3: COPYUID in an untagged OK before the expunges
            out.untagged("OK [" + copyUid + "] Moved");
            announce(true);
            removed(result.sourceUids());
            ok(tag, copy.verb() + " completed");
        } else {
            announce(true);
            ok(tag, "[" + copyUid + "] " + copy.verb() + " completed");
        }
    }

    private static String list(List<Long> numbers) {
        boolean ascending = true;
        for (int i = 1; i < numbers.size(); i++) {
            ascending &= numbers.get(i) > numbers.get(i - 1);
        }
        if (ascending) {
            return SequenceSet.format(numbers);
        }
        return String.join(",", numbers.stream().map(String::valueOf).toList());
    }

    /** RFC 9051 §6.4.3 EXPUNGE, RFC 4315 UID EXPUNGE. */
    private void expunge(String tag, ImapCommand.Expunge expunge) throws IOException, MailboxException {
        if (selected.readOnly) {
            out.tagged(tag, "NO", "READ-ONLY", "The mailbox is read-only");
            return;
        }
        Optional<List<Long>> uids = Optional.empty();
        if (expunge.uids().isPresent()) {
            List<Long> chosen = new ArrayList<>();
            for (int index : selected.resolve(expunge.uids().get(), true, savedUids)) {
                chosen.add(selected.get(index).uid());
            }
            uids = Optional.of(chosen);
        }
        List<Long> removed = uids.isPresent() && uids.get().isEmpty()
                ? List.of()
                : mailboxes.expunge(selected.info.id(), uids);
        announce(true);
        removed(removed);
        ok(tag, expunge.verb() + " completed");
    }

    /** RFC 9051 §6.4.4 with RFC 4731 ESEARCH, RFC 5182 SEARCHRES, RFC 7162 MODSEQ. */
    private void search(String tag, ImapCommand.Search search) throws IOException {
        if (search.charset() != null && !search.charset().equals("UTF-8") && !search.charset().equals("US-ASCII")) {
            out.tagged(tag, "NO", "BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
            return;
        }
        boolean modseq = SearchEvaluator.usesModseq(search.key());
        if (modseq) {
            condstore = true;
        }
        SearchEvaluator evaluator = new SearchEvaluator(selected.size(), selected.largestUid(), savedUids);
        List<Long> numbers = new ArrayList<>();
        List<Long> uids = new ArrayList<>();
        long highest = 0;
        for (int i = 0; i < selected.size(); i++) {
            MessageInfo message = selected.get(i);
            if (evaluator.matches(search.key(), message, i + 1)) {
                numbers.add(search.uid() ? message.uid() : i + 1);
                uids.add(message.uid());
                highest = Math.max(highest, message.modseq());
            }
        }
        Set<String> options = search.returnOptions();
        if (options != null && options.contains("SAVE")) {
            savedUids = List.copyOf(uids);
        }
        if (options != null || rev2) {
            Set<String> wanted = new LinkedHashSet<>(options == null ? Set.of() : options);
            boolean onlySave = wanted.equals(Set.of("SAVE"));
            wanted.remove("SAVE");
            if (wanted.isEmpty() && !onlySave) {
                wanted.add("ALL");
            }
            if (!onlySave) {
                StringBuilder response = new StringBuilder("ESEARCH (TAG " + ImapWriter.quotedText(tag) + ")");
                if (search.uid()) {
                    response.append(" UID");
                }
                if (wanted.contains("MIN") && !numbers.isEmpty()) {
                    response.append(" MIN ").append(numbers.getFirst());
                }
                if (wanted.contains("MAX") && !numbers.isEmpty()) {
                    response.append(" MAX ").append(numbers.getLast());
                }
                if (wanted.contains("COUNT")) {
                    response.append(" COUNT ").append(numbers.size());
                }
                if (wanted.contains("ALL") && !numbers.isEmpty()) {
                    response.append(" ALL ").append(SequenceSet.format(numbers));
                }
                if (modseq && !numbers.isEmpty()) {
                    response.append(" MODSEQ ").append(highest);
                }
                out.untagged(response.toString());
            }
        } else {
            StringBuilder response = new StringBuilder("SEARCH");
            for (long n : numbers) {
                response.append(' ').append(n);
            }
            if (modseq && !numbers.isEmpty()) {
                response.append(" (MODSEQ ").append(highest).append(')');
            }
            out.untagged(response.toString());
        }
        announce(search.uid());
        ok(tag, search.verb() + " completed");
    }

    // ------------------------------------------------------------- quota

    /** RFC 9208: one quota root, "", for the whole account. */
    private void getQuotaRoot(String tag, String mailbox) throws IOException {
        Optional<MailboxInfo> found = mailboxes.find(account.id(), name(mailbox));
        if (found.isEmpty()) {
            out.tagged(tag, "NO", "NONEXISTENT", "No such mailbox");
            return;
        }
        Quota quota = mailboxes.quota(account.id());
        if (quota.limitOctets().isEmpty()) {
            out.untagged("QUOTAROOT " + wire(found.get().name()));
        } else {
            out.untagged("QUOTAROOT " + wire(found.get().name()) + " \"\"");
            out.untagged(quotaLine(quota));
        }
        ok(tag, "GETQUOTAROOT completed");
    }

    private void getQuota(String tag, String root) throws IOException {
        Quota quota = mailboxes.quota(account.id());
        if (!root.isEmpty() || quota.limitOctets().isEmpty()) {
            out.tagged(tag, "NO", "NONEXISTENT", "No such quota root");
            return;
        }
        out.untagged(quotaLine(quota));
        ok(tag, "GETQUOTA completed");
    }

    private static String quotaLine(Quota quota) {
        // RFC 9208 §5.1: STORAGE is counted in units of 1024 octets
        return "QUOTA \"\" (STORAGE " + (quota.usedOctets() + 1023) / 1024 + " "
                + quota.limitOctets().getAsLong() / 1024 + ")";
    }

    // ------------------------------------------------------------ responses

    private void ok(String tag, String text) throws IOException {
        out.tagged(tag, "OK", null, text);
    }

    private void bad(String tag, String text) throws IOException {
        failures++;
        out.tagged(tag, "BAD", null, text);
        checkFailures();
    }

    private void checkFailures() throws IOException {
        if (failures >= limits.maxFailedCommands()) {
            out.untagged("BYE Too many invalid commands");
            closing = "too-many-errors";
        }
    }

    private static String code(MailboxException e) {
        return switch (e.reason()) {
            case NONEXISTENT -> "NONEXISTENT";
            case ALREADY_EXISTS -> "ALREADYEXISTS";
            case CANNOT -> "CANNOT";
            case OVER_QUOTA -> "OVERQUOTA";
            case TOO_BIG -> "TOOBIG";
            case SERVER_BUG -> "SERVERBUG";
        };
    }

    private void trySend(String line) {
        try {
            out.untagged(line.substring(2));
            out.flush();
        } catch (IOException | RuntimeException e) {
            log.debug("session={} event=send-failed error={}", id, e.toString());
        }
    }
}
