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
