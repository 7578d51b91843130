-- JMAP data types beyond mail (RFC 8621 §6-§8). Objects carry opaque text the store does not
-- interpret (JSON written by the JMAP layer). The vacation response is a user setting the server
-- reads at delivery, like a Sieve script; it is not mail and is not encrypted.

-- RFC 8620 §5.2: a per-account, per-type sequence is the state string; every object remembers
-- when it was made and last changed, and destroyed objects stay as tombstones for /changes.
CREATE TABLE object_states (
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    data_type   TEXT   NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (account_id, data_type)
);

CREATE TABLE object_changes (
    account_id   BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    data_type    TEXT    NOT NULL,
    object_id    TEXT    NOT NULL,
    created_seq  BIGINT  NOT NULL,
    changed_seq  BIGINT  NOT NULL,
    destroyed    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (account_id, data_type, object_id)
);

CREATE INDEX object_changes_since ON object_changes (account_id, data_type, changed_seq);

CREATE TABLE identities (
    id              INTEGER PRIMARY KEY,
    account_id      BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email           TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    reply_to        TEXT,
    bcc             TEXT,
    text_signature  TEXT    NOT NULL,
    html_signature  TEXT    NOT NULL,
    standing        BOOLEAN NOT NULL
);

CREATE INDEX identities_by_account ON identities (account_id);

CREATE TABLE email_submissions (
    id           INTEGER PRIMARY KEY,
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    identity_id  TEXT   NOT NULL,
    email_id     TEXT   NOT NULL,
    thread_id    TEXT,
    envelope     TEXT   NOT NULL,
    send_at      BIGINT NOT NULL,
    undo_status  TEXT   NOT NULL,
    queue_id     TEXT,
    local_recipients TEXT NOT NULL
);

CREATE INDEX email_submissions_by_account ON email_submissions (account_id, send_at);

CREATE TABLE vacation_responses (
    account_id  BIGINT  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    enabled     BOOLEAN NOT NULL,
    from_date   BIGINT,
    to_date     BIGINT,
    subject     TEXT,
    text_body   TEXT,
    html_body   TEXT
);
