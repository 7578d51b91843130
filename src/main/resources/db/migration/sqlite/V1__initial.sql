-- Coffer metadata. No column holds message content, a subject or a key that the server
-- could use: message bodies live encrypted in blobs, secret keys are passphrase-protected
-- by a key the server never sees (DESIGN §4, §5).

CREATE TABLE domains (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE accounts (
    id               INTEGER PRIMARY KEY,
    domain_id        BIGINT  NOT NULL REFERENCES domains (id),
    address          TEXT    NOT NULL UNIQUE,
    kdf_salt         TEXT    NOT NULL,
    kdf_memory_kib   INTEGER NOT NULL,
    kdf_iterations   INTEGER NOT NULL,
    kdf_parallelism  INTEGER NOT NULL,
    auth_verifier    TEXT    NOT NULL,
    public_key       TEXT    NOT NULL,
    secret_key       TEXT,
    key_fingerprint  TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL
);

-- An alias address (local@domain) or a catch-all (@domain) that delivers to an account.
CREATE TABLE aliases (
    id                 INTEGER PRIMARY KEY,
    domain_id          BIGINT  NOT NULL REFERENCES domains (id),
    address            TEXT    NOT NULL,
    target_account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at         BIGINT  NOT NULL,
    UNIQUE (address, target_account_id)
);

CREATE TABLE app_passwords (
    id            INTEGER PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    verifier      TEXT    NOT NULL,
    scopes        TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT,
    UNIQUE (account_id, name)
);

CREATE TABLE mailboxes (
    id              INTEGER PRIMARY KEY,
    account_id      BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    special_use     TEXT,
    uid_validity    BIGINT  NOT NULL,
    uid_next        BIGINT  NOT NULL,
    highest_modseq  BIGINT  NOT NULL,
    UNIQUE (account_id, name)
);

-- One stored message. The address and identifier columns copy what stays readable in the
-- outer header of the PGP/MIME message (DESIGN §2); nothing from inside the encryption.
CREATE TABLE messages (
    id                 INTEGER PRIMARY KEY,
    mailbox_id         BIGINT  NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    uid                BIGINT  NOT NULL,
    modseq             BIGINT  NOT NULL,
    blob_id            TEXT    NOT NULL,
    size               BIGINT  NOT NULL,
    internal_date      BIGINT  NOT NULL,
    flags              TEXT    NOT NULL,
    kept_as_received   BOOLEAN NOT NULL,
    from_header        TEXT,
    to_header          TEXT,
    cc_header          TEXT,
    date_header        TEXT,
    message_id         TEXT,
    in_reply_to        TEXT,
    references_header  TEXT,
    UNIQUE (mailbox_id, uid)
);

CREATE INDEX messages_by_mailbox_modseq ON messages (mailbox_id, modseq);
CREATE INDEX aliases_by_address ON aliases (address);
CREATE INDEX accounts_by_domain ON accounts (domain_id);
