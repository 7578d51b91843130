-- The outbound queue (DESIGN §2 Outbound). The message itself is a blob encrypted with the
-- node queue key; these rows hold only the envelope and the delivery state.

CREATE TABLE queue_messages (
    id               TEXT    PRIMARY KEY,
    reverse_path     TEXT    NOT NULL,
    blob_id          TEXT    NOT NULL,
    size             BIGINT  NOT NULL,
    require_tls      BOOLEAN NOT NULL,
    envelope_id      TEXT,
    created_at       BIGINT  NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    attempts         INTEGER NOT NULL,
    delay_warned     BOOLEAN NOT NULL
);

CREATE INDEX queue_messages_due ON queue_messages (next_attempt_at);

-- state: pending | delivered | failed; a failed recipient is reported to the sender once (notified).
CREATE TABLE queue_recipients (
    message_id  TEXT    NOT NULL REFERENCES queue_messages (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    address     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT,
    status      TEXT,
    remote_mta  TEXT,
    notified    BOOLEAN NOT NULL,
    PRIMARY KEY (message_id, position)
);

-- RFC 8460 TLS-RPT: counts of TLS sessions per day and policy; result_type '' counts successes.
CREATE TABLE queue_tls_results (
    day             TEXT    NOT NULL,
    policy_domain   TEXT    NOT NULL,
    policy_type     TEXT    NOT NULL,
    policy_strings  TEXT    NOT NULL,
    mx_patterns     TEXT    NOT NULL,
    result_type     TEXT    NOT NULL,
    receiving_mx    TEXT    NOT NULL,
    sessions        BIGINT  NOT NULL,
    PRIMARY KEY (day, policy_domain, policy_type, policy_strings, mx_patterns, result_type, receiving_mx)
);
