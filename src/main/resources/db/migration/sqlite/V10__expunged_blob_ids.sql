-- JMAP (RFC 8620 §5.2) reports destroyed Emails by id, and an Email's id is its blob id within the
-- account: the tombstone of an expunged message keeps the blob id so Email/changes can name it.
-- Rows expunged before this migration have none; /changes over them answers cannotCalculateChanges.
ALTER TABLE expunged_messages ADD COLUMN blob_id TEXT;
