package dev.coffer.jmap.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.Login;
import dev.coffer.jmap.MethodCall;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.Json;
import dev.coffer.store.Account;
import dev.coffer.store.AccountStore;

/**
 * AccountKey/get: the account's key material as the server holds it (DESIGN §4) — the armored
 * public key, the secret key still protected by the passphrase only the client can derive, its fingerprint, and how to derive that passphrase
 * from the password: {@code keyKey = HKDF-SHA256(Argon2id(password, salt, m, t, p), info)}.
 *
 * <p>The secret key goes only to the webmail's session: anyone holding it can guess the password
 * offline, and an app password must not open that door. It is null for app-password clients, and
 * when the user keeps the key off the server.
 */
public final class AccountKeyGet implements JmapMethod {

    /** DESIGN §4: the HKDF info string of the key that unlocks the secret key. */
    static final String KEY_INFO = "coffer key";

    private final AccountStore accounts;

    public AccountKeyGet(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "AccountKey/get";
    }

    @Override
    public String capability() {
        return KeysCapability.URI;
    }

    @Override
    public JsonNode call(ObjectNode arguments, MethodCall call) throws MethodError {
        // the key may have changed since the session began (a password change re-protects it)
        Account account = accounts.findById(call.account().id())
                .orElseThrow(() -> MethodError.forbidden("The account no longer exists"));
        Account.Credentials credentials = account.credentials();
        ObjectNode kdf = Json.object().put("algorithm", "argon2id").put("salt", credentials.kdfSalt())
                .put("memoryKiB", credentials.kdfMemoryKiB()).put("iterations", credentials.kdfIterations())
                .put("parallelism", credentials.kdfParallelism()).put("hkdf", "HKDF-SHA256").put("keyInfo", KEY_INFO);
        ObjectNode response = Json.object().put("accountId", call.accountId()).put("email", account.address())
                .put("publicKey", account.publicKey())
                .put("secretKey", call.login() == Login.WEB_SESSION ? account.secretKey() : null)
                .put("fingerprint", account.keyFingerprint());
        response.set("kdf", kdf);
        return response;
    }
}
