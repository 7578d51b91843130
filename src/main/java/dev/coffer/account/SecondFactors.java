package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.SecondFactorStore;
import dev.coffer.store.Store;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.util.encoders.Base32;

/**
 * Second factors for the web login: security keys (WebAuthn, see {@link SecurityKeys}), a TOTP
 * authenticator (RFC 6238) and ten one-time recovery codes for when the others are lost. TOTP is enrolled in two steps: the secret is shown
 * (as an otpauth URI for a QR code), and becomes active once the user enters a first code.
 */
public final class SecondFactors {

    /** What the user scans or types into the authenticator app. */
    public record TotpEnrollment(String secret, String otpauthUri) {}

    public static final int RECOVERY_CODES = 10;
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final SecurityKeys securityKeys;
    private final SecurityLog log;
    private final Clock clock;
    private final String issuer;

    public SecondFactors(Store store, SecurityKeys securityKeys, SecurityLog log, Clock clock, String issuer) {
        this.store = store;
        this.securityKeys = securityKeys;
        this.log = log;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** A fresh TOTP secret for the account, not active until {@link #confirmTotp} succeeds. */
    public TotpEnrollment beginTotp(Account account) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String base32 = Base32.toBase32String(secret);
        store.secondFactors().putTotp(account.id(), base32, clock.instant());
        return new TotpEnrollment(base32, otpauthUri(account.address(), base32));
    }

    /** Activates the pending TOTP secret with a first code; returns fresh recovery codes, or empty when the code is wrong. */
    public Optional<List<String>> confirmTotp(Account account, String code) {
        Optional<SecondFactorStore.TotpSecret> pending = store.secondFactors().totp(account.id());
        if (pending.isEmpty() || !acceptTotp(pending.get(), code)) {
            return Optional.empty();
        }
        log.record(account, "second-factor-added", "authenticator app");
        return Optional.of(newRecoveryCodes(account));
    }

    /** Whether the account must give a second factor to log in. */
    public boolean required(Account account) {
        return totpActive(account) || !securityKeys.list(account).isEmpty();
    }

    /** What the login asks for: a code when TOTP is on, WebAuthn request options when there are security keys. */
    public WebLoginResult.SecondFactorRequired challenge(Account account) {
        boolean keys = !securityKeys.list(account).isEmpty();
        return new WebLoginResult.SecondFactorRequired(totpActive(account) || !keys,
                keys ? securityKeys.startAssertion(account) : null);
    }

    /** Checks a second factor; a recovery code is spent by its use. */
    public boolean verify(Account account, SecondFactorProof proof) {
        return switch (proof) {
            case SecondFactorProof.Code code -> verify(account, code.code());
            case SecondFactorProof.SecurityKeyAssertion assertion ->
                    securityKeys.verifyAssertion(account, assertion.responseJson());
        };
    }

    private boolean totpActive(Account account) {
        return store.secondFactors().totp(account.id()).map(SecondFactorStore.TotpSecret::confirmed).orElse(false);
    }

    /** Checks a TOTP code or an unused recovery code (which is then spent). */
    private boolean verify(Account account, String code) {
        Optional<SecondFactorStore.TotpSecret> totp = store.secondFactors().totp(account.id())
                .filter(SecondFactorStore.TotpSecret::confirmed);
        if (totp.isPresent() && acceptTotp(totp.get(), code)) {
            return true;
        }
        return spendRecoveryCode(account, code);
    }

    /** Replaces the recovery codes with ten new ones, shown once. */
    public List<String> newRecoveryCodes(Account account) {
        List<String> codes = new ArrayList<>();
        List<String> verifiers = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] random = new byte[5];
            RANDOM.nextBytes(random);
            String code = Base32.toBase32String(random).toLowerCase(Locale.ROOT);
            code = code.substring(0, 4) + "-" + code.substring(4);
            codes.add(code);
            verifiers.add(Verifiers.create(normalize(code)));
        }
        store.secondFactors().replaceRecoveryCodes(account.id(), verifiers);
        return codes;
    }

    public int unusedRecoveryCodes(Account account) {
        return (int) store.secondFactors().recoveryCodes(account.id()).stream().filter(code -> !code.used()).count();
    }

    /** Turns TOTP off and deletes the recovery codes. */
    public void removeTotp(Account account) {
        if (store.secondFactors().deleteTotp(account.id())) {
            store.secondFactors().replaceRecoveryCodes(account.id(), List.of());
            log.record(account, "second-factor-removed", "authenticator app");
        }
    }

    private boolean acceptTotp(SecondFactorStore.TotpSecret totp, String code) {
        byte[] secret = Base32.decode(totp.secret());
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant(), totp.lastStep());
        // The store's conditional update makes the replay check atomic (RFC 6238 §5.2).
        return step.isPresent() && store.secondFactors().useTotpStep(totp.accountId(), step.getAsLong());
    }

    private boolean spendRecoveryCode(Account account, String code) {
        if (code == null) {
            return false;
        }
        String normalized = normalize(code);
        for (SecondFactorStore.RecoveryCode stored : store.secondFactors().recoveryCodes(account.id())) {
            if (!stored.used() && Verifiers.matches(stored.verifier(), normalized)
                    && store.secondFactors().spendRecoveryCode(stored.id(), clock.instant())) {
                log.record(account, "recovery-code-used", unusedRecoveryCodes(account) + " left");
                return true;
            }
        }
        return false;
    }

    private static String normalize(String code) {
        return code.strip().replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /** The Key Uri Format that authenticator apps read from a QR code. */
    private String otpauthUri(String address, String secret) {
        String label = encode(issuer) + ":" + encode(address);
        return "otpauth://totp/" + label + "?secret=" + secret.replace("=", "") + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
