-- Web login security (DESIGN §4): second factors, web sessions and the account's security log.
-- Secrets are stored as verifiers where the server only needs to check them (recovery codes,
-- session tokens); a TOTP secret must be readable to compute codes.

CREATE TABLE totp_secrets (
    account_id  BIGINT  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret      TEXT    NOT NULL,
    confirmed   BOOLEAN NOT NULL,
    -- RFC 6238 §5.2: the last time step accepted, so that a code is never accepted twice.
    last_step   BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    verifier    TEXT    NOT NULL,
    used_at     BIGINT
);

CREATE TABLE web_sessions (
    id            INTEGER PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash    TEXT    NOT NULL UNIQUE,
    csrf_token    TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL
);

CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

-- What happened to an account's security (logins, lockouts, factors added or removed), for the
-- user to see. No client address unless the operator turned IP logging on.
CREATE TABLE security_log (
    id          INTEGER PRIMARY KEY,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    at          BIGINT  NOT NULL,
    event       TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);

CREATE INDEX security_log_by_account ON security_log (account_id, at);

-- WebAuthn credentials (security keys, passkeys): public keys only, named by the user.
CREATE TABLE security_keys (
    id                        INTEGER PRIMARY KEY,
    account_id                BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    credential_id             TEXT    NOT NULL UNIQUE,
    name                      TEXT    NOT NULL,
    attested_credential_data  TEXT    NOT NULL,
    sign_count                BIGINT  NOT NULL,
    uv_initialized            BOOLEAN NOT NULL,
    backup_eligible           BOOLEAN NOT NULL,
    backup_state              BOOLEAN NOT NULL,
    created_at                BIGINT  NOT NULL,
    last_used_at              BIGINT,
    UNIQUE (account_id, name)
);
