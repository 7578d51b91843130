-- Domains users add themselves ([domains] user_domains): a claim holds a random token the user
-- publishes at _coffer-verify.DOMAIN; the domain is hosted (a row in domains) only once Coffer
-- has found the token in DNS. Several users may claim one name: the first to prove it owns it.
CREATE TABLE domain_claims (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    account_id  BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token       TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (name, account_id)
);

CREATE INDEX domain_claims_by_account ON domain_claims (account_id);

-- The user whose claim proved the domain; NULL for domains the operator added.
ALTER TABLE domains ADD COLUMN owner_account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL;
