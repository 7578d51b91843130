package dev.coffer.acme;

import dev.coffer.crypto.PrivateKeys;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coffer's account with the CA (RFC 8555 §7.3): its key in {@code DATA/acme/account-key.pem},
 * registered on first use, its URI kept by {@link AcmeAccountUri} for CAA {@code accounturi}.
 */
final class AcmeAccount {

    private static final Logger log = LoggerFactory.getLogger(AcmeAccount.class);

    private final Path dataDir;
    private final String contact;

    AcmeAccount(Path dataDir, String contact) {
        this.dataDir = dataDir;
        this.contact = contact;
    }

    static Path keyFile(Path dataDir) {
        return dataDir.resolve("acme").resolve("account-key.pem");
    }

    /** Logs in with the stored account, registering it first when there is none. */
    Login login(Session session) throws IOException, AcmeException {
        Path keyFile = keyFile(dataDir);
        if (!Files.exists(keyFile)) {
            PrivateKeys.write(keyFile, PrivateKeys.generate().getPrivate());
        }
        KeyPair key = PrivateKeys.read(keyFile);
        Optional<java.net.URI> known = AcmeAccountUri.read(dataDir);
        if (known.isPresent()) {
            try {
                return session.login(known.get().toURL(), key);
            } catch (MalformedURLException e) {
                throw new IOException("the ACME account URI in " + AcmeAccountUri.file(dataDir) + " is not a URL", e);
            }
        }
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
        if (!contact.isEmpty()) {
            builder.addEmail(contact);
        }
        Login login = builder.createLogin(session);
        AcmeAccountUri.write(dataDir, java.net.URI.create(login.getAccountLocation().toString()));
        log.info("event=acme-account-registered");
        return login;
    }
}
