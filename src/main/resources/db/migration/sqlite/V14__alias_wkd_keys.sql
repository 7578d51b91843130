-- An alias whose owner opted in to WKD: the owner's public key with the alias user ID that the
-- owner's client certified (the server holds no secret key and cannot certify it). Deleting the
-- alias (or its account) withdraws it.
CREATE TABLE alias_wkd_keys (
    alias_id      BIGINT  PRIMARY KEY REFERENCES aliases (id) ON DELETE CASCADE,
    public_key    TEXT    NOT NULL,
    published_at  BIGINT  NOT NULL
);
