-- What IMAP and POP3 need beyond delivery: subscriptions, expunge history for QRESYNC
-- (RFC 7162 §3.2.5.1), a UIDVALIDITY sequence, per-account quota, and blob sharing
-- between copies of a message.

ALTER TABLE mailboxes ADD COLUMN subscribed BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE accounts ADD COLUMN quota_octets BIGINT;

CREATE TABLE expunged_messages (
    mailbox_id  BIGINT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    uid         BIGINT NOT NULL,
    modseq      BIGINT NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
);

CREATE INDEX expunged_by_mailbox_modseq ON expunged_messages (mailbox_id, modseq);

CREATE INDEX messages_by_blob ON messages (blob_id);

-- Named counters, such as the last UIDVALIDITY handed out (it must never repeat for a name).
CREATE TABLE sequences (
    name   TEXT   PRIMARY KEY,
    value  BIGINT NOT NULL
);
