package dev.coffer.account;

import dev.coffer.store.AppPassword;

/** A freshly created app password: the secret is shown to the user once and never stored. */
public record NewAppPassword(AppPassword record, String secret) {}
