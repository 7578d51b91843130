package dev.coffer.jmap;

/** How the client of a JMAP request logged in: what some methods may hand out depends on it. */
public enum Login {

    /** The webmail's session: the user proved the account password (and the second factor, if any). */
    WEB_SESSION,

    /** An app password or app token: a credential for one client, which never proved the account password. */
    APP_PASSWORD
}
