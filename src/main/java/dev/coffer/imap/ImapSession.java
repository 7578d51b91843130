package dev.coffer.imap;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.LoginResult;
import dev.coffer.crypto.ServerTls;
import dev.coffer.imap.command.Append;
import dev.coffer.imap.command.Authenticate;
import dev.coffer.imap.command.CopyMove;
import dev.coffer.imap.command.Enable;
import dev.coffer.imap.command.EnabledExtensions;
import dev.coffer.imap.command.Expunge;
import dev.coffer.imap.command.Fetch;
import dev.coffer.imap.command.ImapContext;
import dev.coffer.imap.command.ListCommand;
import dev.coffer.imap.command.MailboxCommands;
import dev.coffer.imap.command.QuotaCommands;
import dev.coffer.imap.command.Search;
import dev.coffer.imap.command.Select;
import dev.coffer.imap.command.Status;
import dev.coffer.imap.command.Store;
import dev.coffer.mailbox.MailboxEvent;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.net.Session;
import dev.coffer.store.Account;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
final class ImapSession implements Session, ImapContext {

    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
    private static final int DRAIN_QUIET_MILLIS = 3_000;
    private static final long DRAIN_MAX_OCTETS = 64L * 1024 * 1024;
    private static final long DRAIN_MAX_NANOS = 20_000_000_000L;

    static final String AUTH_FAILED = "Invalid credentials. Use an app password (create one with "
            + "'coffer user app-password add'); the account password is not accepted here.";
    private static final byte[] SKIPPED = new byte[0];

    private enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED }

    /** A line read by the IDLE reader, or null for the end of the stream. */
    private record ClientLine(ImapInput.Line line, IOException error) {}

    private final String id;
    private final Socket plain;
    private final String hostname;
    private final MailboxService mailboxes;
    private final EnvelopeCache envelopes;
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
    private final EnabledExtensions extensions = new EnabledExtensions();
    private List<Long> savedUids = List.of();
    private int failures;
    /** Why the session is ending, once it is; null while it runs. */
    private String closing;

    /** Mailbox events waiting for the session thread (and, during IDLE, the client's next line). */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private static final int MAX_QUEUED_EVENTS = 100_000;
    private volatile boolean overflowed;
    private final ArrayDeque<MailboxEvent> pending = new ArrayDeque<>();

    ImapSession(String id, Socket plain, String hostname, MailboxService mailboxes, EnvelopeCache envelopes,
                AppPasswordLogin login, ServerTls tls, ImapLimits limits, boolean implicitTls,
                boolean logClientAddresses) {
        this.id = id;
        this.plain = plain;
        this.hostname = hostname;
        this.mailboxes = mailboxes;
        this.envelopes = envelopes;
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
            if (closing.equals("line-too-long")) {
                drainBeforeClose();
            }
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

    /**
     * Closing a socket with unread input makes TCP send a reset, which can destroy the BYE
     * still in flight; so read away what the flooding client is still sending, briefly.
     */
    private void drainBeforeClose() throws IOException {
        socket.setSoTimeout(DRAIN_QUIET_MILLIS);
        in.drain(DRAIN_MAX_OCTETS, System.nanoTime() + DRAIN_MAX_NANOS);
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
        OutputStream buffered = new TransientBufferedOutputStream(guarded, limits.outputBufferOctets());
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
                case ImapCommand.Login l -> Authenticate.login(this, tag, l);
                case ImapCommand.Authenticate a -> Authenticate.authenticate(this, tag, a);
                case ImapCommand.Enable e -> Enable.handle(this, tag, e);
                case ImapCommand.Id i -> {
                    out.untagged("ID (\"name\" \"Coffer\")");
                    ok(tag, "ID completed");
                }
                case ImapCommand.Namespace n -> {
                    out.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
                    ok(tag, "NAMESPACE completed");
                }
                case ImapCommand.Compress c -> compress(tag, c);
                case ImapCommand.Select s -> Select.handle(this, tag, s);
                case ImapCommand.Create c -> MailboxCommands.create(this, tag, c);
                case ImapCommand.Delete d -> MailboxCommands.delete(this, tag, d);
                case ImapCommand.Rename r -> MailboxCommands.rename(this, tag, r);
                case ImapCommand.Subscribe s -> MailboxCommands.subscribe(this, tag, s);
                case ImapCommand.ListMailboxes l -> ListCommand.handle(this, tag, l);
                case ImapCommand.Status s -> Status.handle(this, tag, s);
                case ImapCommand.Append a -> Append.handle(this, tag, a);
                case ImapCommand.Idle i -> idle(tag);
                case ImapCommand.Close c -> {
                    if (!selected.readOnly()) {
                        // RFC 9051 §6.4.1: expunge silently
                        mailboxes.expunge(selected.info().id(), Optional.empty());
                    }
                    deselect(false);
                    ok(tag, "CLOSE completed");
                }
                case ImapCommand.Unselect u -> {
                    deselect(false);
                    ok(tag, "UNSELECT completed");
                }
                case ImapCommand.Expunge e -> Expunge.handle(this, tag, e);
                case ImapCommand.Fetch f -> Fetch.handle(this, tag, f);
                case ImapCommand.Store s -> Store.handle(this, tag, s);
                case ImapCommand.Copy c -> CopyMove.handle(this, tag, c);
                case ImapCommand.Search s -> Search.handle(this, tag, s);
                case ImapCommand.GetQuota q -> QuotaCommands.getQuota(this, tag, q);
                case ImapCommand.GetQuotaRoot q -> QuotaCommands.getQuotaRoot(this, tag, q);
                case ImapCommand.SetQuota q -> QuotaCommands.setQuota(this, tag);
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

    // ------------------------------------------------- TLS, login, compression

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

    @Override
    public boolean tlsActive() {
        return tlsActive;
    }

    @Override
    public String readSaslResponse(String tag) throws IOException {
        out.continuation("");
        out.flush();
        ImapInput.Line line = in.readLine(limits.maxLineOctets(), 16L * limits.maxLineOctets());
        if (line == null) {
            closing = "client-closed";
            return null;
        }
        if (line.tooLong()) {
            lineTooLong(tag, line);
            return null;
        }
        return new String(line.bytes(), StandardCharsets.US_ASCII).strip();
    }

    /** The move from not authenticated to authenticated (RFC 9051 §3). */
    @Override
    public void logIn(String tag, String username, String secret) throws IOException {
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
        out.use(new TransientBufferedOutputStream(deflated, limits.outputBufferOctets()));
        compressed = true;
    }

    // ------------------------------------------------- what handlers may use

    /** A mailbox name as the client sent it, as the service stores it. */
    @Override
    public String name(String wire) {
        String name = extensions.utf8Names() ? wire : ModifiedUtf7.decode(wire);
        while (name.length() > 1 && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** A stored mailbox name as a response token. */
    @Override
    public String wire(String name) {
        return ImapWriter.quotedText(extensions.utf8Names() ? name : ModifiedUtf7.encode(name));
    }

    @Override
    public ImapWriter out() {
        return out;
    }

    @Override
    public MailboxService mailboxes() {
        return mailboxes;
    }

    @Override
    public EnvelopeCache envelopes() {
        return envelopes;
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public SelectedMailbox selected() {
        return selected;
    }

    @Override
    public EnabledExtensions extensions() {
        return extensions;
    }

    @Override
    public List<Long> savedUids() {
        return savedUids;
    }

    @Override
    public void saveUids(List<Long> uids) {
        savedUids = uids;
    }

    // ------------------------------------------------------------ selection

    @Override
    public MailboxService.Subscription listen(long mailboxId) {
        queue.clear();
        pending.clear();
        overflowed = false;
        return mailboxes.listen(mailboxId, this::changed);
    }

    @Override
    public void select(SelectedMailbox view) {
        selected = view;
        state = State.SELECTED;
        savedUids = List.of();
    }

    @Override
    public void deselect(boolean announceClosed) throws IOException {
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
                if (selected != null && event.mailboxId() == selected.info().id()) {
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
    @Override
    public void announce(boolean expungesAllowed) throws IOException {
        if (overflowed && selected != null) {
            out.untagged("BYE Too many changes to tell; please reconnect");
            closing = "event-queue-overflow";
            return;
        }
        List<Object> drained = new ArrayList<>();
        queue.drainTo(drained);
        for (Object item : drained) {
            if (item instanceof MailboxEvent event && selected != null && event.mailboxId() == selected.info().id()) {
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
                            out.untagged(FetchResponder.flagsUpdate(index + 1, message, extensions.qresync(),
                                    extensions.condstore()));
                        }
                    }
                }
                case MailboxEvent.Expunged expunged -> {
                    if (!expungesAllowed) {
                        return;
                    }
                    expunged(expunged.uids());
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
    @Override
    public void expunged(List<Long> uids) throws IOException {
        List<Long> gone = new ArrayList<>();
        for (long uid : uids) {
            int index = selected.indexOf(uid);
            if (index < 0) {
                continue;
            }
            selected.remove(index);
            if (extensions.qresync()) {
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

    // ------------------------------------------------------------ responses

    @Override
    public void ok(String tag, String text) throws IOException {
        out.tagged(tag, "OK", null, text);
    }

    @Override
    public void bad(String tag, String text) throws IOException {
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
