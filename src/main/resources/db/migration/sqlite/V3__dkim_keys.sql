-- DKIM signing keys of each hosted domain (RFC 6376, RFC 8463). These are the server's own
-- keys, not users' secrets: the server must hold them to sign outgoing mail.
CREATE TABLE dkim_keys (
    id           INTEGER PRIMARY KEY,
    domain_id    BIGINT  NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
    selector     TEXT    NOT NULL,
    algorithm    TEXT    NOT NULL,
    private_key  TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    active       BOOLEAN NOT NULL,
    UNIQUE (domain_id, selector)
);

-- "Require TLS for everything I send" (mailbox.org's @secure behaviour, RFC 8689 for all mail).
ALTER TABLE accounts ADD COLUMN require_tls BOOLEAN NOT NULL DEFAULT FALSE;
