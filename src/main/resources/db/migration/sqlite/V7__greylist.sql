-- Greylisting (RFC 6647) of inbound mail. Rows hold SHA-256 digests, not the client network,
-- sender and recipient themselves: the policy only needs to recognise a triplet again.
-- expires_at: for a pending triplet, the end of its retry window; once passed, of its whitelisting.
CREATE TABLE greylist_triplets (
    digest      TEXT    PRIMARY KEY,
    first_seen  BIGINT  NOT NULL,
    passed      BOOLEAN NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX greylist_triplets_expiry ON greylist_triplets (expires_at);

-- Client networks that have passed greylisting once, whitelisted until expires_at (RFC 6647 automatic whitelisting).
CREATE TABLE greylist_networks (
    digest      TEXT    PRIMARY KEY,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX greylist_networks_expiry ON greylist_networks (expires_at);
