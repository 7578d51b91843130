package dev.coffer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded store of one data directory: {@code coffer.db} (SQLite) and {@code blobs/}.
 * The server and CLI commands each open it; SQLite coordinates them.
 */
public final class Store implements AutoCloseable {

    private final Database database;
    private final BlobStore blobs;
    private final DomainStore domains;
    private final AccountStore accounts;
    private final AliasStore aliases;
    private final AliasWkdKeyStore aliasWkdKeys;
    private final AppPasswordStore appPasswords;
    private final MailboxStore mailboxes;
    private final MessageStore messages;
    private final DkimKeyStore dkimKeys;
    private final SecondFactorStore secondFactors;
    private final WebSessionStore webSessions;
    private final SecurityLogStore securityLog;
    private final SecurityKeyStore securityKeys;
    private final InviteStore invites;
    private final GreylistStore greylist;
    private final SieveScriptStore sieveScripts;
    private final VacationStore vacations;
    private final VacationResponseStore vacationResponses;

    private Store(Database database, BlobStore blobs) {
        this.database = database;
        this.blobs = blobs;
        this.domains = new DomainStore(database);
        this.accounts = new AccountStore(database);
        this.aliases = new AliasStore(database);
        this.aliasWkdKeys = new AliasWkdKeyStore(database);
        this.appPasswords = new AppPasswordStore(database);
        this.mailboxes = new MailboxStore(database);
        this.messages = new MessageStore(database);
        this.dkimKeys = new DkimKeyStore(database);
        this.secondFactors = new SecondFactorStore(database);
        this.webSessions = new WebSessionStore(database);
        this.securityLog = new SecurityLogStore(database);
        this.securityKeys = new SecurityKeyStore(database);
        this.invites = new InviteStore(database);
        this.greylist = new GreylistStore(database);
        this.sieveScripts = new SieveScriptStore(database);
        this.vacations = new VacationStore(database);
        this.vacationResponses = new VacationResponseStore(database);
    }

    public static Store open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        BlobStore blobs = new FileBlobStore(dataDir.resolve("blobs"));
        return new Store(Database.openSqlite(dataDir.resolve("coffer.db"), blobs::syncNames), blobs);
    }

    public BlobStore blobs() {
        return blobs;
    }

    public DomainStore domains() {
        return domains;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public AliasStore aliases() {
        return aliases;
    }

    public AliasWkdKeyStore aliasWkdKeys() {
        return aliasWkdKeys;
    }

    public AppPasswordStore appPasswords() {
        return appPasswords;
    }

    public MailboxStore mailboxes() {
        return mailboxes;
    }

    public MessageStore messages() {
        return messages;
    }

    public SecondFactorStore secondFactors() {
        return secondFactors;
    }

    public WebSessionStore webSessions() {
        return webSessions;
    }

    public SecurityLogStore securityLog() {
        return securityLog;
    }

    public SecurityKeyStore securityKeys() {
        return securityKeys;
    }

    public InviteStore invites() {
        return invites;
    }

    public DkimKeyStore dkimKeys() {
        return dkimKeys;
    }

    public GreylistStore greylist() {
        return greylist;
    }

    public SieveScriptStore sieveScripts() {
        return sieveScripts;
    }

    public VacationStore vacations() {
        return vacations;
    }

    /** Users' claims on domains not yet proved; stateless over the database like {@link #queue()}. */
    public DomainClaimStore domainClaims() {
        return new DomainClaimStore(database);
    }

    /** The unsent rows of DMARC aggregate reports; stateless over the database like {@link #queue()}. */
    public DmarcReportStore dmarcReports() {
        return new DmarcReportStore(database);
    }

    /** The outbound queue's rows; stateless over the database, so a new view each call is cheap. */
    public QueueStore queue() {
        return new QueueStore(database);
    }

    /** The state and change log of per-account object types (JMAP /changes); stateless over the database. */
    public ObjectChangeStore objectChanges() {
        return new ObjectChangeStore(database);
    }

    /** Accounts' sending identities; stateless over the database. */
    public IdentityStore identities() {
        return new IdentityStore(database);
    }

    /** Records of messages sent through JMAP; stateless over the database. */
    public SubmissionStore submissions() {
        return new SubmissionStore(database);
    }

    /** Accounts' standing vacation responses; one instance, whose cache every caller shares. */
    public VacationResponseStore vacationResponses() {
        return vacationResponses;
    }

    /** The counters that tell caches of this store's rows, in every process, that those rows changed. */
    public ChangeCounters changes() {
        return database.changes();
    }

    @Override
    public void close() {
        messages.close();
        database.close();
    }
}
