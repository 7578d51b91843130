package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.config.ConfigLoader;
import dev.coffer.config.ConfigTemplate;
import dev.coffer.acme.TlsKeys;
import dev.coffer.crypto.CertificateAuthority;
import dev.coffer.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", description = {
    "Create a data directory for a real deployment: coffer.toml (standard ports), the database,",
    "and a provisional certificate from a local CA until you install a real one (tls/cert.pem, tls/key.pem)."})
final class InitCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Option(names = "--hostname", required = true, description = "The server's host name, e.g. mail.example.org.")
    String hostname;

    @Option(names = "--domain", description = "A first mail domain to host, e.g. example.org.")
    String domain;

    @Override
    public Integer call() throws Exception {
        Path dir = data.path();
        if (Files.exists(dir.resolve(ConfigLoader.FILE_NAME))) {
            throw new IOException(dir.resolve(ConfigLoader.FILE_NAME) + " already exists; not overwriting it");
        }
        Files.createDirectories(dir);
        ConfigLoader.write(dir, ConfigTemplate.forDeployment(hostname));
        ConfigLoader.load(dir);
        CertificateAuthority.createDemo(dir, List.of(hostname));
        TlsKeys.in(dir, ConfigLoader.load(dir).tls().key()).next();
        try (Store store = Store.open(dir)) {
            if (domain != null) {
                new AccountService(store).addDomain(domain);
            }
        }
        System.out.println("initialised " + dir.toAbsolutePath() + "; edit " + ConfigLoader.FILE_NAME
                + ", install your certificate, then run 'coffer serve --data " + dir + "'");
        return 0;
    }
}
