package dev.coffer.cli;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.DomainClaimException;
import dev.coffer.account.DomainOwnership;
import dev.coffer.config.CofferConfig;
import dev.coffer.config.ConfigLoader;
import dev.coffer.dns.DnsTxtLookup;
import dev.coffer.server.ConfiguredDns;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Look up the _coffer-verify TXT record of a domain a user added, and host"
        + " the domain once it carries a user's token.")
final class DomainVerifyCommand extends StoreCommand {

    @Parameters(paramLabel = "DOMAIN")
    String name;

    @Override
    void run(Store store, AccountService accounts, AliasService aliases) throws Exception {
        CofferConfig config = ConfigLoader.load(data.path());
        DomainOwnership ownership = new DomainOwnership(store,
                DnsTxtLookup.through(ConfiguredDns.uncached(data.path(), config.dns())), Clock.systemUTC());
        try {
            Domain domain = ownership.verifyAnyClaim(name);
            System.out.println("verified " + domain.name() + "; it is hosted now. Its records: coffer domain dns "
                    + domain.name());
        } catch (DomainClaimException e) {
            if (e.reason() == DomainClaimException.Reason.ALREADY_HOSTED) {
                System.out.println(e.getMessage());
                return;
            }
            if (e.reason() == DomainClaimException.Reason.NO_CLAIM) {
                throw new IllegalArgumentException("no user has added " + name
                        + "; to host it yourself, run: coffer domain add " + name);
            }
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
