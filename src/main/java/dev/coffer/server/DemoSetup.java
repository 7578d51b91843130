package dev.coffer.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coffer.account.AccountException;
import dev.coffer.account.AccountService;
import dev.coffer.account.Address;
import dev.coffer.account.Enrollment;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import dev.coffer.config.ConfigTemplate;
import dev.coffer.config.ListenAddress;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares a demo data directory on first run: configuration, a demo CA and certificate,
 * the domain {@code coffer.test} and the account {@code demo@coffer.test} with a generated
 * password and an app password. Later runs reuse it.
 */
public final class DemoSetup {

    public static final String DOMAIN = "coffer.test";
    public static final String ADDRESS = "demo@" + DOMAIN;
    public static final List<String> CERTIFICATE_NAMES = List.of("localhost", DOMAIN, "mta-sts." + DOMAIN,
            "openpgpkey." + DOMAIN, "autoconfig." + DOMAIN);

    private static final String DEMO_FILE = "demo.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoSetup() {}

    /** Creates what is missing and returns the demo account; the config must then be loaded. */
    public static DemoAccount prepare(Path dataDir) throws IOException, AccountException {
        Files.createDirectories(dataDir);
        if (!Files.exists(dataDir.resolve(ConfigLoader.FILE_NAME))) {
            ConfigLoader.write(dataDir, ConfigTemplate.forDemo());
        }
        CertificateAuthority.createDemo(dataDir, CERTIFICATE_NAMES);
        Path demoFile = dataDir.resolve(DEMO_FILE);
        if (Files.exists(demoFile)) {
            return JSON.readValue(demoFile.toFile(), DemoAccount.class);
        }
        try (Store store = Store.open(dataDir)) {
            AccountService accounts = new AccountService(store);
            if (accounts.domains().stream().noneMatch(domain -> domain.name().equals(DOMAIN))) {
                accounts.addDomain(DOMAIN);
            }
            String password = randomPassword();
            Address address = Address.parse(ADDRESS);
            accounts.createAccount(address, Enrollment.forNewAccount(address, password.toCharArray()));
            String appPassword = accounts.addAppPassword(ADDRESS, "demo", AccountService.allScopes()).secret();
            DemoAccount demo = new DemoAccount(ADDRESS, password, appPassword, Map.of());
            write(demoFile, demo);
            return demo;
        }
    }

    /** Records the configured ports in {@code demo.json} (the file holds the demo password: mode 0600). */
    public static DemoAccount withPorts(Path dataDir, DemoAccount demo, CofferConfig config) throws IOException {
        CofferConfig.Listeners listeners = config.listeners();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("smtp", port(listeners.smtp()));
        ports.put("submissions", port(listeners.submissions()));
        ports.put("submission", port(listeners.submission()));
        ports.put("imap", port(listeners.imap()));
        ports.put("imaps", port(listeners.imaps()));
        ports.put("pop3", port(listeners.pop3()));
        ports.put("pop3s", port(listeners.pop3s()));
        ports.put("https", port(listeners.https()));
        ports.put("http", port(listeners.http()));
        ports.put("managesieve", port(listeners.managesieve()));
        DemoAccount updated = new DemoAccount(demo.address(), demo.password(), demo.appPassword(), ports);
        write(dataDir.resolve(DEMO_FILE), updated);
        return updated;
    }

    private static Integer port(String listener) {
        return listener == null || listener.isEmpty() ? null : ListenAddress.parse(listener).getPort();
    }

    private static void write(Path file, DemoAccount demo) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, JSON.writeValueAsString(demo) + "\n");
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
