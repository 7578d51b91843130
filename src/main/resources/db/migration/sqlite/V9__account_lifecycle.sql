-- Account deletion by its user: the account is locked at once and shredded after a grace
-- period; its address is never given out again. Invite codes let an operator open sign-up
-- to chosen people.

ALTER TABLE accounts ADD COLUMN locked_at BIGINT;

CREATE TABLE retired_addresses (
    address     TEXT    PRIMARY KEY,
    retired_at  BIGINT  NOT NULL
);

CREATE TABLE invite_codes (
    id          INTEGER PRIMARY KEY,
    code_hash   TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);

-- Recovery (DESIGN §4): a second copy of the secret key, protected under a key derived from
-- the recovery phrase the client showed at sign-up, and a verifier of the phrase's authKey.
ALTER TABLE accounts ADD COLUMN recovery_salt TEXT;
ALTER TABLE accounts ADD COLUMN recovery_verifier TEXT;
ALTER TABLE accounts ADD COLUMN recovery_secret_key TEXT;

-- The last login (web or app password), at day granularity, for the operator's optional policy
-- on inactive accounts.
ALTER TABLE accounts ADD COLUMN last_active_at BIGINT;

-- Operators who may use the admin API (only once they have a second factor).
ALTER TABLE accounts ADD COLUMN admin BOOLEAN NOT NULL DEFAULT FALSE;
