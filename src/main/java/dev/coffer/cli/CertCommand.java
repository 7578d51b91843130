package dev.coffer.cli;

import dev.coffer.acme.AcmeRequests;
import dev.coffer.acme.CertificateStatus;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "cert", description = "The TLS certificate: its state, ACME renewal and DANE key rotation (docs/tls.md).",
        subcommands = {CertCommand.Status.class, CertCommand.Renew.class, CertCommand.RotateKey.class})
final class CertCommand extends CommandGroup {

    @Command(name = "status", description = "Names, validity and renewal time of the certificate; TLSA 3 1 1 digests"
            + " of the current and the next key; the ACME account.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Override
        public Integer call() throws Exception {
            CertificateStatus status = CertificateStatus.read(data.path(), ConfigLoader.load(data.path()));
            System.out.println("names        " + String.join(" ", status.names()));
            System.out.println("issuer       " + status.issuer());
            System.out.println("valid        " + status.notBefore() + " to " + status.notAfter());
            System.out.println("renewal      " + (status.acmeEnabled() ? "due " + status.renewalTime() : "off (acme.enabled = false)"));
            System.out.println("current key  3 1 1 " + status.currentKeyDigest());
            System.out.println("next key     " + status.nextKeyDigest().map(d -> "3 1 1 " + d)
                    .orElse("none yet (the server makes it at its next check)"));
            System.out.println("acme account " + status.account().map(Object::toString).orElse("none"));
            status.issuedBy().ifPresent(ca -> System.out.println("issued by    " + ca));
            if (!status.pendingRequests().isEmpty()) {
                System.out.println("requested    " + String.join(", ", status.pendingRequests()));
            }
            status.lastError().ifPresent(error -> System.out.println("last error   " + error));
            return 0;
        }
    }

    @Command(name = "renew", description = "Order a new certificate on the current key now (the running server does it"
            + " at its next check, acme.check_interval_seconds).")
    static final class Renew implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Override
        public Integer call() throws Exception {
            request(data, AcmeRequests.Request.RENEW);
            System.out.println("renewal requested: the server orders the certificate at its next check;"
                    + " 'coffer cert status' shows the result");
            return 0;
        }
    }

    @Command(name = "rotate-key", description = "Make the next key current: the server orders a certificate on it,"
            + " serves it, and makes a new next key. Publish the new next key's TLSA record afterwards.")
    static final class RotateKey implements Callable<Integer> {
        @Mixin
        DataDirOption data;

        @Override
        public Integer call() throws Exception {
            request(data, AcmeRequests.Request.ROTATE_KEY);
            System.out.println("key rotation requested: only do this once the next key's TLSA record has been"
                    + " published for at least twice its TTL (docs/tls.md)");
            return 0;
        }
    }

    private static void request(DataDirOption data, AcmeRequests.Request request) throws Exception {
        CofferConfig config = ConfigLoader.load(data.path());
        if (!config.acme().enabled()) {
            throw new IOException("ACME is off: set [acme] enabled = true in " + data.path().resolve("coffer.toml"));
        }
        new AcmeRequests(data.path()).ask(request);
    }
}
