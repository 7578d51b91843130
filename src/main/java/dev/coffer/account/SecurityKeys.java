package dev.coffer.account;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import dev.coffer.store.Account;
import dev.coffer.store.SecurityKeyStore;
import dev.coffer.store.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebAuthn security keys and passkeys (W3C WebAuthn Level 3) as a second factor, verified with
 * webauthn4j. Each ceremony has a one-time challenge that lives in memory for
 * {@link #CEREMONY_TIMEOUT}. The options and responses are the JSON forms of WebAuthn Level 3
 * ({@code PublicKeyCredential.parseCreationOptionsFromJSON}, {@code credential.toJSON()}).
 */
public final class SecurityKeys {

    public static final Duration CEREMONY_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_KEYS = 10;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** ES256, EdDSA and RS256, the algorithms security keys and platform authenticators use. */
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    /** Who the credentials are for: the RP ID (the mail domain's host name) and the web origins. */
    public record RelyingParty(String id, String name, Set<String> origins) {}

    /** {@code PublicKeyCredentialCreationOptionsJSON}. */
    public record CreationOptions(String challenge, Map<String, String> rp, Map<String, String> user,
                                  List<Map<String, Object>> pubKeyCredParams, long timeout,
                                  List<Map<String, String>> excludeCredentials,
                                  Map<String, String> authenticatorSelection, String attestation) {}

    /** {@code PublicKeyCredentialRequestOptionsJSON}. */
    public record RequestOptions(String challenge, String rpId, long timeout,
                                 List<Map<String, String>> allowCredentials, String userVerification) {}

    private record Pending(byte[] challenge, Instant expires) {}

    private final Store store;
    private final SecurityLog log;
    private final Clock clock;
    private final RelyingParty relyingParty;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentialData =
            new AttestedCredentialDataConverter(new ObjectConverter());
    private final Map<Long, Pending> registrations = new ConcurrentHashMap<>();
    private final Map<Long, Pending> assertions = new ConcurrentHashMap<>();

    public SecurityKeys(Store store, SecurityLog log, Clock clock, RelyingParty relyingParty) {
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.relyingParty = relyingParty;
    }

    /** The options for {@code navigator.credentials.create()}; the challenge is kept for {@link #finishRegistration}. */
    public CreationOptions startRegistration(Account account) {
        byte[] challenge = newChallenge(registrations, account);
        List<Map<String, Object>> algorithms = ALGORITHMS.stream()
                .map(parameters -> Map.<String, Object>of("type", "public-key", "alg", parameters.getAlg().getValue()))
                .toList();
        return new CreationOptions(BASE64URL.encodeToString(challenge),
                Map.of("id", relyingParty.id(), "name", relyingParty.name()),
                Map.of("id", BASE64URL.encodeToString(userHandle(account)), "name", account.address(),
                        "displayName", account.address()),
                algorithms, CEREMONY_TIMEOUT.toMillis(), descriptors(account),
                Map.of("residentKey", "preferred", "userVerification", "preferred"), "none");
    }

    /**
     * Verifies the authenticator's answer (the JSON of {@code credential.toJSON()}) and keeps the
     * credential under {@code name}.
     *
     * @throws AccountException naming what is wrong: no ceremony in progress, a bad response, a duplicate name
     */
    public void finishRegistration(Account account, String name, String responseJson) throws AccountException {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new AccountException("a security key needs a name of 1 to 64 characters");
        }
        if (store.securityKeys().list(account.id()).size() >= MAX_KEYS) {
            throw new AccountException("an account can have at most " + MAX_KEYS + " security keys");
        }
        if (store.securityKeys().list(account.id()).stream().anyMatch(key -> key.name().equals(name))) {
            throw new AccountException("there is already a security key named '" + name + "'");
        }
        byte[] challenge = takeChallenge(registrations, account)
                .orElseThrow(() -> new AccountException("no security key registration is in progress, or it expired"));
        RegistrationData registration;
        try {
            registration = webAuthn.verifyRegistrationResponseJSON(responseJson,
                    new RegistrationParameters(serverProperty(challenge), ALGORITHMS, false, true));
        } catch (WebAuthnException e) {
            throw new AccountException("the security key's answer does not verify: " + e.getMessage());
        }
        AuthenticatorData<?> data = registration.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData attested = data.getAttestedCredentialData();
        store.securityKeys().add(new SecurityKeyStore.SecurityKey(0, account.id(),
                BASE64URL.encodeToString(attested.getCredentialId()), name,
                Base64.getEncoder().encodeToString(credentialData.convert(attested)), data.getSignCount(),
                data.isFlagUV(), data.isFlagBE(), data.isFlagBS(), clock.instant(), null));
        log.record(account, "second-factor-added", "security key " + name);
    }

    /** The options for {@code navigator.credentials.get()} during this account's login. */
    public RequestOptions startAssertion(Account account) {
        byte[] challenge = newChallenge(assertions, account);
        return new RequestOptions(BASE64URL.encodeToString(challenge), relyingParty.id(), CEREMONY_TIMEOUT.toMillis(),
                descriptors(account), "preferred");
    }

    /** Whether the assertion (the JSON of {@code credential.toJSON()}) was made by one of the account's keys. */
    public boolean verifyAssertion(Account account, String responseJson) {
        Optional<byte[]> challenge = takeChallenge(assertions, account);
        if (challenge.isEmpty() || responseJson == null) {
            return false;
        }
        try {
            AuthenticationData assertion = webAuthn.parseAuthenticationResponseJSON(responseJson);
            Optional<SecurityKeyStore.SecurityKey> key = store.securityKeys()
                    .find(account.id(), BASE64URL.encodeToString(assertion.getCredentialId()));
            if (key.isEmpty()) {
                return false;
            }
            webAuthn.verify(assertion, new AuthenticationParameters(serverProperty(challenge.get()),
                    credentialRecord(key.get()), null, false, true));
            AuthenticatorData<?> data = assertion.getAuthenticatorData();
            store.securityKeys().used(key.get().id(), data.getSignCount(), data.isFlagBS(), clock.instant());
            return true;
        } catch (WebAuthnException e) {
            return false;
        }
    }

    public List<SecurityKeyStore.SecurityKey> list(Account account) {
        return store.securityKeys().list(account.id());
    }

    public boolean remove(Account account, String name) {
        boolean removed = store.securityKeys().delete(account.id(), name);
        if (removed) {
            log.record(account, "second-factor-removed", "security key " + name);
        }
        return removed;
    }

    private CredentialRecord credentialRecord(SecurityKeyStore.SecurityKey key) {
        AttestedCredentialData attested = credentialData.convert(Base64.getDecoder().decode(key.attestedCredentialData()));
        return new CredentialRecordImpl(new NoneAttestationStatement(), key.uvInitialized(), key.backupEligible(),
                key.backupState(), key.signCount(), attested, null, null, null, null);
    }

    private List<Map<String, String>> descriptors(Account account) {
        return store.securityKeys().list(account.id()).stream()
                .map(key -> Map.of("type", "public-key", "id", key.credentialId()))
                .toList();
    }

    private ServerProperty serverProperty(byte[] challenge) {
        Set<Origin> origins = relyingParty.origins().stream().map(Origin::new)
                .collect(java.util.stream.Collectors.toSet());
        return new ServerProperty(origins, relyingParty.id(), new DefaultChallenge(challenge));
    }

    private byte[] newChallenge(Map<Long, Pending> ceremonies, Account account) {
        Instant now = clock.instant();
        ceremonies.values().removeIf(pending -> pending.expires().isBefore(now));
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        ceremonies.put(account.id(), new Pending(challenge, now.plus(CEREMONY_TIMEOUT)));
        return challenge;
    }

    /** The account's pending challenge, removed so that it serves once. */
    private Optional<byte[]> takeChallenge(Map<Long, Pending> ceremonies, Account account) {
        Pending pending = ceremonies.remove(account.id());
        if (pending == null || pending.expires().isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(pending.challenge());
    }

    /** WebAuthn §5.4.3: an opaque user handle without personal data; here a hash of the account id. */
    private static byte[] userHandle(Account account) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ByteBuffer.allocate(Long.BYTES + 12).put("coffer-user:".getBytes(StandardCharsets.US_ASCII))
                            .putLong(account.id()).array());
            return Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static byte[] decodeBase64Url(String text) {
        return BASE64URL_DECODER.decode(text);
    }
}
