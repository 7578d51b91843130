package dev.coffer.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Greylisting state that outlives a restart: triplets and whitelisted client networks, under opaque digests. */
public final class GreylistStore {

    private final Database database;

    public GreylistStore(Database database) {
        this.database = database;
    }

    /** The triplet stored under the digest, expired or not. */
    public Optional<GreylistEntry> triplet(String digest) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT digest, first_seen, passed, expires_at FROM greylist_triplets WHERE digest = ?")) {
                select.setString(1, digest);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(entry(row)) : Optional.empty();
                }
            }
        });
    }

    /** Stores the triplet, replacing what was stored under its digest. */
    public void putTriplet(GreylistEntry entry) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO greylist_triplets (digest, first_seen, passed, expires_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (digest) DO UPDATE SET first_seen = excluded.first_seen,"
                            + " passed = excluded.passed, expires_at = excluded.expires_at")) {
                upsert.setString(1, entry.digest());
                upsert.setLong(2, entry.firstSeen().toEpochMilli());
                upsert.setBoolean(3, entry.passed());
                upsert.setLong(4, entry.expiresAt().toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    /** Until when the network stored under the digest is whitelisted, if it ever was (expired or not). */
    public Optional<Instant> networkWhitelistedUntil(String digest) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT expires_at FROM greylist_networks WHERE digest = ?")) {
                select.setString(1, digest);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** Whitelists the network until the given time. */
    public void whitelistNetwork(String digest, Instant until) {
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO greylist_networks (digest, expires_at) VALUES (?, ?)"
                            + " ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at")) {
                upsert.setString(1, digest);
                upsert.setLong(2, until.toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    /** Deletes every triplet and network that expired at or before {@code now}; returns how many rows went. */
    public int purgeExpired(Instant now) {
        return database.write(connection -> {
            int deleted = 0;
            for (String table : new String[] {"greylist_triplets", "greylist_networks"}) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE expires_at <= ?")) {
                    delete.setLong(1, now.toEpochMilli());
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    private static GreylistEntry entry(ResultSet row) throws SQLException {
        return new GreylistEntry(row.getString("digest"), Instant.ofEpochMilli(row.getLong("first_seen")),
                row.getBoolean("passed"), Instant.ofEpochMilli(row.getLong("expires_at")));
    }
}
