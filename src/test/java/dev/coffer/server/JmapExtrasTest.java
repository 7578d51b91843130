package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.RecipientResolver;
import dev.coffer.config.ConfigLoader;
import dev.coffer.crypto.MessageEncryption;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.JmapDataType;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.mail.MessageLimits;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mailbox.StoreMailboxService;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.submission.SubmissionService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmapExtrasTest {

    @Test
    void everyMethodBelongsToAnAnnouncedCapabilityAndEveryTypeHasAState(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(Files.createDirectories(dir.resolve("data")))) {
            Account account = StoreFixture.account(store, "alice@example.org");
            RecipientResolver resolver = new RecipientResolver(store, "+");
            MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(10));
            MessageSealer sealer = new MessageSealer(new MessageEncryption());
            SubmissionService submission = new SubmissionService(store, resolver, new DomainDkimKeys(store, Clock.systemUTC()),
                    DeliveryPipeline.standard(resolver, parser, sealer, store), message -> "q",
                    new StoreMailboxService(store, sealer, parser, 1_000_000), parser, Clock.systemUTC());

            ConfigLoader.write(dir, "hostname = \"mail.example.org\"\n");
            try (JmapExtras extras = JmapExtras.create(store, ConfigLoader.load(dir), submission, resolver,
                    id -> Optional.empty(), (a, emailId) -> Optional.empty(), (accountId, types) -> { },
                    (a, emailId) -> Optional.empty(), SubmissionPolicy.OPEN, Limits.DEFAULTS, Clock.systemUTC())) {
                Set<String> announced = extras.capabilities().stream().map(JmapCapability::uri).collect(Collectors.toSet());
                assertThat(announced).containsExactlyInAnyOrder("urn:ietf:params:jmap:submission",
                        "urn:ietf:params:jmap:vacationresponse", "urn:coffer:params:jmap:keys");
                assertThat(extras.methods()).extracting(JmapMethod::capability).allMatch(announced::contains);
                assertThat(extras.methods()).extracting(JmapMethod::name).doesNotHaveDuplicates()
                        .contains("Identity/get", "EmailSubmission/set", "VacationResponse/get", "AccountKey/get",
                                "RecipientKey/lookup");
                assertThat(extras.dataTypes()).extracting(JmapDataType::name)
                        .containsExactly("Identity", "EmailSubmission", "VacationResponse");
                assertThat(extras.dataTypes()).allMatch(type -> type.state(account).equals("0"));
                assertThat(extras.capabilities().getFirst().account().get("maxDelayedSend").asInt()).isZero();
            }
        }
    }
}
