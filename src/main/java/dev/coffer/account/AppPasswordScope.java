package dev.coffer.account;

import java.util.Locale;

/** What an app password may do: read mail (IMAP, POP3), send it (SMTP submission), use JMAP (mail, sending). */
public enum AppPasswordScope {
    READ,
    SEND,
    JMAP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AppPasswordScope parse(String text) throws AccountException {
        for (AppPasswordScope scope : values()) {
            if (scope.id().equalsIgnoreCase(text.strip())) {
                return scope;
            }
        }
        throw new AccountException("unknown app password scope '" + text + "': use read, send or jmap");
    }
}
