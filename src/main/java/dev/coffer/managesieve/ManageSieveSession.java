package dev.coffer.managesieve;

import dev.coffer.account.AppPasswordLogin;
import dev.coffer.account.AppPasswordScope;
import dev.coffer.account.LoginResult;
import dev.coffer.crypto.ServerTls;
import dev.coffer.filter.sieve.SieveExtensions;
import dev.coffer.filter.sieve.SieveScriptException;
import dev.coffer.filter.sieve.SieveScriptInfo;
import dev.coffer.filter.sieve.SieveScripts;
import dev.coffer.net.ClientInput;
import dev.coffer.net.SaslPlain;
import dev.coffer.net.Session;
import dev.coffer.store.Account;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ManageSieve connection (RFC 5804): capabilities, STARTTLS, AUTHENTICATE PLAIN with an
 * app password (only over TLS), then the script commands, which go to {@link SieveScripts}.
 * Sequential blocking code on its own virtual thread.
 */
final class ManageSieveSession implements Session {

    private static final Logger log = LoggerFactory.getLogger(ManageSieveSession.class);

    /** How long a TLS handshake after STARTTLS may take. */
    static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final Socket plain;
    private final String hostname;
    private final SieveScripts scripts;
    private final AppPasswordLogin login;
    private final ServerTls tls;
    private final ManageSieveLimits limits;
    private final boolean logClientAddresses;

    private ClientInput in;
    private OutputStream out;
    private ManageSieveReader reader;
    private String tlsProtocol;
    /** The logged-in account; null before AUTHENTICATE and after UNAUTHENTICATE. */
    private Account account;
    private int errors;
    private String closing;
    private String verb = "-";

    ManageSieveSession(String id, Socket plain, String hostname, SieveScripts scripts, AppPasswordLogin login,
                       ServerTls tls, ManageSieveLimits limits, boolean logClientAddresses) {
        this.id = id;
        this.plain = plain;
        this.hostname = hostname;
        this.scripts = scripts;
        this.login = login;
        this.tls = tls;
        this.limits = limits;
        this.logClientAddresses = logClientAddresses;
    }

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
            plain.setSoTimeout(Math.toIntExact(Math.max(1, limits.idleTimeout().toMillis())));
            useStreams(plain);
            // RFC 5804 §1.7: the greeting is the capability list and OK
            send(capabilities() + ManageSieveResponse.ok(hostname + " ManageSieve ready"));
            while (closing == null) {
                ManageSieveRequest request;
                try {
                    request = reader.read();
                } catch (ManageSieveSyntaxException e) {
                    verb = "-";
                    if (e.fatal()) {
                        send(ManageSieveResponse.bye(e.getMessage()));
                        closing = "protocol-error";
                    } else {
                        fail(null, e.getMessage());
                    }
                    continue;
                }
                if (request == null) {
                    log.info("session={} event=disconnect reason=client-closed", id);
                    return;
                }
                verb = request.verb().replaceAll("[^A-Z]", "?");
                handle(request);
            }
            out.flush();
            log.info("session={} event=disconnect reason={}", id, closing);
        } catch (SocketTimeoutException e) {
            log.info("session={} event=timeout", id);
            try {
                // RFC 5804 §1.3: the server says BYE before it closes
                out.write(ManageSieveResponse.bye("Idle for too long").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                log.debug("session={} event=bye-failed", id);
            }
        } catch (IOException e) {
            log.info("session={} event=disconnect reason=io-error error={}", id, e.getClass().getSimpleName());
        } finally {
            abort();
        }
    }

    private void handle(ManageSieveRequest request) throws IOException {
        List<ManageSieveRequest.Argument> args = request.arguments();
        switch (request.verb()) {
            case "CAPABILITY" -> {
                if (arity(args, 0)) {
                    send(capabilities() + ManageSieveResponse.ok("Capability completed"));
                }
            }
            case "LOGOUT" -> {
                send(ManageSieveResponse.ok("Logout completed"));
                closing = "logout";
            }
            case "NOOP" -> noop(args);
            case "STARTTLS" -> startTls(args);
            case "AUTHENTICATE" -> authenticate(args);
            default -> {
                if (account == null) {
                    boolean known = List.of("UNAUTHENTICATE", "HAVESPACE", "PUTSCRIPT", "LISTSCRIPTS", "SETACTIVE",
                            "GETSCRIPT", "DELETESCRIPT", "RENAMESCRIPT", "CHECKSCRIPT").contains(request.verb());
                    fail(null, known ? "Authenticate first" : "Unknown command " + verb);
                } else {
                    authenticated(request.verb(), args);
                }
            }
        }
    }

    private void authenticated(String command, List<ManageSieveRequest.Argument> args) throws IOException {
        try {
            switch (command) {
                case "UNAUTHENTICATE" -> {
                    if (arity(args, 0)) {
                        // RFC 5804 §2.14.1: back to the non-authenticated state
                        log.info("session={} event=unauthenticate account={}", id, account.id());
                        account = null;
                        send(ManageSieveResponse.ok("Unauthenticate completed"));
                    }
                }
                case "LISTSCRIPTS" -> {
                    if (arity(args, 0)) {
                        StringBuilder lines = new StringBuilder();
                        for (SieveScriptInfo script : scripts.list(account)) {
                            lines.append(ManageSieveResponse.string(script.name())).append(script.active() ? " ACTIVE" : "").append("\r\n");
                        }
                        send(lines + ManageSieveResponse.ok("Listscripts completed"));
                    }
                }
                case "HAVESPACE" -> {
                    if (args.size() != 2 || !args.get(0).string() || args.get(1).string()) {
                        fail(null, "HAVESPACE takes a script name (a string) and a size in octets (a number)");
                    } else {
                        scripts.checkSpace(account, args.get(0).value(), number(args.get(1).value()));
                        send(ManageSieveResponse.ok("Putscript would succeed"));
                    }
                }
                case "PUTSCRIPT" -> {
                    if (strings(args, 2)) {
                        scripts.put(account, args.get(0).value(), args.get(1).value());
                        log.info("session={} event=putscript account={}", id, account.id());
                        send(ManageSieveResponse.ok("Putscript completed"));
                    }
                }
                case "CHECKSCRIPT" -> {
                    if (strings(args, 1)) {
                        scripts.check(args.get(0).value());
                        send(ManageSieveResponse.ok("Script is valid"));
                    }
                }
                case "GETSCRIPT" -> {
                    if (strings(args, 1)) {
                        String content = scripts.get(account, args.get(0).value());
                        send("{" + content.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + content + "\r\n"
                                + ManageSieveResponse.ok("Getscript completed"));
                    }
                }
                case "SETACTIVE" -> {
                    if (strings(args, 1)) {
                        scripts.activate(account, args.get(0).value());
                        log.info("session={} event=setactive account={}", id, account.id());
                        send(ManageSieveResponse.ok("Setactive completed"));
                    }
                }
                case "DELETESCRIPT" -> {
                    if (strings(args, 1)) {
                        scripts.delete(account, args.get(0).value());
                        send(ManageSieveResponse.ok("Deletescript completed"));
                    }
                }
                case "RENAMESCRIPT" -> {
                    if (strings(args, 2)) {
                        scripts.rename(account, args.get(0).value(), args.get(1).value());
                        send(ManageSieveResponse.ok("Renamescript completed"));
                    }
                }
                default -> fail(null, "Unknown command " + verb);
            }
        } catch (SieveScriptException e) {
            fail(code(e.reason()), e.getMessage());
        } catch (NumberFormatException e) {
            fail(null, "HAVESPACE takes a size in octets");
        } catch (RuntimeException e) {
            log.error("session={} event=command-failed verb={} error={}", id, verb, e.toString());
            fail("TRYLATER", "Local error; try again later");
        }
    }

    /** RFC 5804 §1.3 response codes. */
    private static String code(SieveScriptException.Reason reason) {
        return switch (reason) {
            case NONEXISTENT -> "NONEXISTENT";
            case ACTIVE -> "ACTIVE";
            case ALREADY_EXISTS -> "ALREADYEXISTS";
            case TOO_MANY -> "QUOTA/MAXSCRIPTS";
            case TOO_LARGE -> "QUOTA/MAXSIZE";
            case INVALID_NAME, SYNTAX -> null;
        };
    }

    /** RFC 5804 §2.14 NOOP: an optional string comes back in a TAG response code. */
    private void noop(List<ManageSieveRequest.Argument> args) throws IOException {
        if (args.isEmpty()) {
            send(ManageSieveResponse.ok("Done"));
        } else if (args.size() == 1 && args.getFirst().string()) {
            send(ManageSieveResponse.ok("TAG " + ManageSieveResponse.string(args.getFirst().value()), "Done"));
        } else {
            fail(null, "NOOP takes at most one string");
        }
    }

    /** RFC 5804 §2.2 STARTTLS. */
    private void startTls(List<ManageSieveRequest.Argument> args) throws IOException {
        if (!arity(args, 0)) {
            return;
        }
        if (tlsProtocol != null) {
            fail(null, "TLS is already active");
            return;
        }
        if (account != null) {
            fail(null, "STARTTLS is only allowed before AUTHENTICATE");
            return;
        }
        // like RFC 3207 §6: what was pipelined in clear after STARTTLS must not run inside TLS
        int pipelined = in.buffered();
        if (pipelined > 0) {
            in.discardBuffered();
            log.warn("session={} event=starttls-pipelined-input-discarded octets={}", id, pipelined);
        }
        send(ManageSieveResponse.ok("Begin TLS negotiation now"));
        out.flush();
        int idle = plain.getSoTimeout();
        plain.setSoTimeout(Math.min(idle, Math.toIntExact(TLS_HANDSHAKE_TIMEOUT.toMillis())));
        SSLSocket secure = tls.accept(plain);
        secure.setSoTimeout(idle);
        tlsProtocol = secure.getSession().getProtocol();
        log.info("session={} event=tls protocol={} cipher={}", id, tlsProtocol, secure.getSession().getCipherSuite());
        useStreams(secure);
        // RFC 5804 §2.2: after TLS the server re-issues the capabilities, followed by OK
        send(capabilities() + ManageSieveResponse.ok("TLS negotiation successful"));
    }

    /** RFC 5804 §2.1 AUTHENTICATE with SASL PLAIN (RFC 4616), only over TLS. */
    private void authenticate(List<ManageSieveRequest.Argument> args) throws IOException {
        if (account != null) {
            fail(null, "Already authenticated");
            return;
        }
        if (args.isEmpty() || args.size() > 2 || args.stream().anyMatch(arg -> !arg.string())) {
            fail(null, "AUTHENTICATE takes a mechanism name and an optional initial response, as strings");
            return;
        }
        if (tlsProtocol == null) {
            fail("ENCRYPT-NEEDED", "Use STARTTLS before AUTHENTICATE");
            return;
        }
        if (!args.getFirst().value().equalsIgnoreCase("PLAIN")) {
            fail(null, "Only the PLAIN mechanism is supported");
            return;
        }
        String response;
        if (args.size() == 2) {
            response = args.get(1).value();
        } else {
            // RFC 5804 §2.1: the server challenge is a string; PLAIN's is empty
            send("\"\"\r\n");
            ManageSieveRequest.Argument answer = continuation();
            if (answer == null) {
                return;
            }
            response = answer.value();
        }
        if (response.equals("*")) {
            fail(null, "Authentication cancelled");
            return;
        }
        SaslPlain plainResponse;
        try {
            plainResponse = SaslPlain.parse(new String(Base64.getDecoder().decode(response.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            fail(null, "The PLAIN response must be base64");
            return;
        } catch (SaslPlain.MalformedException e) {
            fail(null, e.getMessage());
            return;
        }
        if (!plainResponse.actsAsItself()) {
            fail(null, "Acting as another user is not allowed");
            return;
        }
        LoginResult result;
        try {
            result = login.login(plainResponse.authcid(), plainResponse.password(), AppPasswordScope.READ, plain.getInetAddress());
        } catch (RuntimeException e) {
            log.error("session={} event=login-error error={}", id, e.toString());
            fail("TRYLATER", "Local error; try again later");
            return;
        }
        switch (result) {
            case LoginResult.Success success -> {
                account = success.account();
                log.info("session={} event=login account={} mechanism=PLAIN", id, account.id());
                send(ManageSieveResponse.ok("Authenticated"));
            }
            case LoginResult.Failure failure -> {
                log.info("session={} event=login-failed mechanism=PLAIN", id);
                fail(null, "Authentication failed: use your address and an app password");
            }
            case LoginResult.Throttled throttled -> {
                log.info("session={} event=login-throttled retry-after-s={}", id, throttled.retryAfter().toSeconds());
                fail("TRYLATER", "Too many failed logins; try again in " + throttled.retryAfter().toSeconds() + " seconds");
            }
        }
    }

    /** The client's answer to a SASL challenge: one string on its own (RFC 5804 §2.1), or null after a NO. */
    private ManageSieveRequest.Argument continuation() throws IOException {
        try {
            ClientInput.Line line = in.readLine(limits.maxLineOctets());
            if (line == null) {
                closing = "client-closed";
                return null;
            }
            if (line.tooLong()) {
                fail(null, "Line too long");
                return null;
            }
            List<ManageSieveRequest.Argument> tokens = new ArrayList<>();
            String text = new String(line.bytes(), StandardCharsets.UTF_8);
            long literal = ManageSieveReader.tokenize(text, tokens);
            if (literal >= 0) {
                if (literal > limits.maxLineOctets()) {
                    send(ManageSieveResponse.bye("SASL response too large"));
                    closing = "protocol-error";
                    return null;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.readExactly(literal, bytes::write);
                in.readLine(limits.maxLineOctets());
                return new ManageSieveRequest.Argument(bytes.toString(StandardCharsets.UTF_8), true);
            }
            if (tokens.size() != 1 || !tokens.getFirst().string()) {
                fail(null, "Expected the SASL response as one string");
                return null;
            }
            return tokens.getFirst();
        } catch (ManageSieveSyntaxException e) {
            fail(null, e.getMessage());
            return null;
        }
    }

    /** RFC 5804 §1.7; SASL mechanisms only over TLS, STARTTLS only before it. */
    private String capabilities() {
        StringBuilder lines = new StringBuilder();
        lines.append("\"IMPLEMENTATION\" \"Coffer\"\r\n");
        lines.append("\"SASL\" \"").append(tlsProtocol == null ? "" : "PLAIN").append("\"\r\n");
        lines.append("\"SIEVE\" ").append(ManageSieveResponse.string(SieveExtensions.capability())).append("\r\n");
        if (tlsProtocol == null) {
            lines.append("\"STARTTLS\"\r\n");
        }
        if (account != null) {
            // RFC 5804 §1.7: the logged-in user, only once authenticated
            lines.append("\"OWNER\" ").append(ManageSieveResponse.string(account.address())).append("\r\n");
        }
        lines.append("\"MAXREDIRECTS\" \"").append(scripts.limits().maxRedirects()).append("\"\r\n");
        lines.append("\"VERSION\" \"1.0\"\r\n");
        return lines.toString();
    }

    /** Whether exactly {@code count} arguments, all strings, were given; answers NO otherwise. */
    private boolean strings(List<ManageSieveRequest.Argument> args, int count) throws IOException {
        if (args.size() != count || args.stream().anyMatch(arg -> !arg.string())) {
            fail(null, verb + " takes " + count + (count == 1 ? " string" : " strings"));
            return false;
        }
        return true;
    }

    private boolean arity(List<ManageSieveRequest.Argument> args, int count) throws IOException {
        if (args.size() != count) {
            fail(null, verb + " takes no arguments");
            return false;
        }
        return true;
    }

    private static long number(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(value);
        }
        return Long.parseLong(value);
    }

    private void useStreams(Socket socket) throws IOException {
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        in = new ClientInput(socket.getInputStream(), out);
        reader = new ManageSieveReader(in, limits);
    }

    /** Queues a response; it is flushed before the next read that may block. */
    private void send(String response) throws IOException {
        log.debug("session={} verb={} reply={}", id, verb, response.startsWith("NO") ? "NO" : "OK");
        out.write(response.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers NO and counts it; too many end the session with BYE. */
    private void fail(String code, String text) throws IOException {
        log.info("session={} verb={} reply=NO code={}", id, verb, code == null ? "-" : code);
        send(ManageSieveResponse.no(code, text));
        if (++errors >= limits.maxErrors()) {
            log.info("session={} event=too-many-errors errors={}", id, errors);
            send(ManageSieveResponse.bye("Too many errors"));
            closing = "too-many-errors";
        }
    }
}
