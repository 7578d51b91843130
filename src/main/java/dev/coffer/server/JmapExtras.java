package dev.coffer.server;

import dev.coffer.account.AccountService;
import dev.coffer.account.AliasService;
import dev.coffer.account.PublicDirectory;
import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.config.CofferConfig;
import dev.coffer.jmap.JmapCapability;
import dev.coffer.jmap.JmapDataType;
import dev.coffer.jmap.JmapMethod;
import dev.coffer.jmap.OutgoingMessages;
import dev.coffer.jmap.StateChanges;
import dev.coffer.jmap.identity.Identities;
import dev.coffer.jmap.identity.IdentityChanges;
import dev.coffer.jmap.identity.IdentityGet;
import dev.coffer.jmap.identity.IdentitySet;
import dev.coffer.jmap.keys.AccountKeyGet;
import dev.coffer.jmap.keys.KeysCapability;
import dev.coffer.jmap.keys.RecipientKeyLookup;
import dev.coffer.jmap.keys.RecipientKeys;
import dev.coffer.jmap.keys.WkdClient;
import dev.coffer.jmap.standard.Limits;
import dev.coffer.jmap.standard.StoredState;
import dev.coffer.jmap.submission.EmailSubmissionChanges;
import dev.coffer.jmap.submission.EmailSubmissionGet;
import dev.coffer.jmap.submission.EmailSubmissionQuery;
import dev.coffer.jmap.submission.EmailSubmissionSet;
import dev.coffer.jmap.submission.EmailThreads;
import dev.coffer.jmap.submission.QueueLookup;
import dev.coffer.jmap.submission.SubmissionCapability;
import dev.coffer.jmap.vacation.VacationCapability;
import dev.coffer.jmap.vacation.VacationResponseGet;
import dev.coffer.jmap.vacation.VacationResponseSet;
import dev.coffer.smtp.SubmissionPolicy;
import dev.coffer.store.IdentityStore;
import dev.coffer.store.ObjectChangeStore;
import dev.coffer.store.Store;
import dev.coffer.store.SubmissionStore;
import dev.coffer.store.VacationResponseStore;
import dev.coffer.submission.SubmissionService;
import java.time.Clock;
import java.util.List;

/**
 * The JMAP data types beyond Mailbox, Email and Thread — Identity, EmailSubmission,
 * VacationResponse and Coffer's key methods — as the three lists the JMAP dispatcher takes.
 * Delivery honours the vacation response through {@code StoredStandingVacation}, wired with Sieve.
 */
public record JmapExtras(List<JmapMethod> methods, List<JmapCapability> capabilities, List<JmapDataType> dataTypes,
                         AutoCloseable resources) implements AutoCloseable {

    /**
     * @param queue        where queued messages stand (the persistent queue's {@code find})
     * @param threads      the thread of an Email, from the JMAP mail layer
     * @param stateChanges the push channel, told whenever these objects change
     * @param outgoing     the bytes an EmailSubmission sends for an Email
     * @param sendingLimit the per-account limit of SMTP submission (the same instance, so both count)
     */
    public static JmapExtras create(Store store, CofferConfig config, SubmissionService submission,
                                    RecipientResolver resolver, QueueLookup queue, EmailThreads threads,
                                    StateChanges stateChanges, OutgoingMessages outgoing, SubmissionPolicy sendingLimit,
                                    Limits limits, Clock clock) {
        ObjectChangeStore changes = store.objectChanges();
        AliasService aliases = new AliasService(store, new AccountService(store));
        Identities identities = new Identities(store.identities(), changes, aliases, submission::ownsAddress);
        WkdClient wkd = WkdClient.withJdkTrust();
        RecipientKeys keys = new RecipientKeys(new PublicDirectory(store), wkd, RecipientKeys.CacheTimes.DEFAULTS, clock);
        List<JmapMethod> methods = List.of(
                new IdentityGet(identities, limits),
                new IdentityChanges(identities, changes),
                new IdentitySet(identities, stateChanges, limits),
                new EmailSubmissionGet(store.submissions(), changes, queue, limits),
                new EmailSubmissionChanges(changes),
                new EmailSubmissionQuery(store.submissions(), changes),
                new EmailSubmissionSet(store.submissions(), changes, identities, outgoing, threads, submission,
                        address -> resolver.resolve(address) instanceof Recipient.Local,
                        config.smtp().maxRecipients(), config.smtp().maxMessageSize(), sendingLimit, stateChanges,
                        limits, clock),
                new VacationResponseGet(store.vacationResponses(), changes),
                new VacationResponseSet(store.vacationResponses(), changes, stateChanges),
                new AccountKeyGet(store.accounts()),
                new RecipientKeyLookup(keys));
        List<JmapCapability> capabilities = List.of(SubmissionCapability.create(), VacationCapability.create(),
                KeysCapability.create());
        List<JmapDataType> dataTypes = List.of(new StoredState(IdentityStore.TYPE, changes),
                new StoredState(SubmissionStore.TYPE, changes), new StoredState(VacationResponseStore.TYPE, changes));
        return new JmapExtras(methods, capabilities, dataTypes, wkd);
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
