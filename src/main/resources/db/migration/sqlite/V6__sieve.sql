-- Sieve (RFC 5228) scripts per account, managed over ManageSieve (RFC 5804) or the CLI;
-- at most one is active. Vacation (RFC 5230) remembers whom it answered, as salted hashes
-- of the sender (never the address itself), until the :days window ends.

CREATE TABLE sieve_scripts (
    id          INTEGER PRIMARY KEY,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  BIGINT  NOT NULL,
    UNIQUE (account_id, name)
);

CREATE UNIQUE INDEX one_active_sieve_script ON sieve_scripts (account_id) WHERE active;

CREATE TABLE vacation_salts (
    account_id  BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    salt        BLOB   NOT NULL
);

CREATE TABLE vacation_replies (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sender_hash  TEXT   NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (account_id, sender_hash)
);
