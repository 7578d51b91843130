package dev.coffer.account;

import dev.coffer.store.Account;
import java.util.List;

/** Where mail for an address goes. */
public sealed interface Recipient {

    /** One or more local accounts (an alias may name several). */
    record Local(List<Account> accounts) implements Recipient {}

    /** The domain is hosted, but nothing answers to this address. */
    record Unknown() implements Recipient {}

    /** The domain is not hosted here. */
    record NotHosted() implements Recipient {}
}
