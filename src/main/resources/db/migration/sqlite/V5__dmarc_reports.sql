-- DMARC aggregate reports (RFC 7489 §7.2): one row per evaluated inbound message, holding only
-- what the report carries (appendix C): the sending IP, the domains, the authentication results
-- and the policy. Never a subject, an address's local part or any content. Rows are deleted once
-- their day has been reported.

CREATE TABLE dmarc_report_rows (
    id               INTEGER PRIMARY KEY,
    day              TEXT    NOT NULL,
    policy_domain    TEXT    NOT NULL,
    header_from      TEXT    NOT NULL,
    envelope_from    TEXT    NOT NULL,
    source_ip        TEXT    NOT NULL,
    disposition      TEXT    NOT NULL,
    dkim_aligned     BOOLEAN NOT NULL,
    spf_aligned      BOOLEAN NOT NULL,
    override_type    TEXT    NOT NULL,
    override_comment TEXT    NOT NULL,
    spf_domain       TEXT    NOT NULL,
    spf_result       TEXT    NOT NULL,
    dkim_results     TEXT    NOT NULL,
    policy_p         TEXT    NOT NULL,
    policy_sp        TEXT    NOT NULL,
    adkim            TEXT    NOT NULL,
    aspf             TEXT    NOT NULL,
    pct              INTEGER NOT NULL,
    policy_fo        TEXT    NOT NULL
);

CREATE INDEX dmarc_report_rows_day ON dmarc_report_rows (day, policy_domain);
