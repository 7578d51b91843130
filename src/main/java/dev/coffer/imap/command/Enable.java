package dev.coffer.imap.command;

import dev.coffer.imap.ImapCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** ENABLE: RFC 5161 with RFC 7162 CONDSTORE/QRESYNC, RFC 6855 UTF8=ACCEPT, RFC 9051 IMAP4rev2. */
public final class Enable {

    private Enable() {}

    public static void handle(ImapContext context, String tag, ImapCommand.Enable enable) throws IOException {
        EnabledExtensions extensions = context.extensions();
        List<String> enabled = new ArrayList<>();
        for (String capability : enable.capabilities()) {
            switch (capability) {
                case "CONDSTORE" -> {
                    extensions.enableCondstore();
                    enabled.add(capability);
                }
                case "QRESYNC" -> {
                    extensions.enableQresync();
                    enabled.add(capability);
                }
                case "UTF8=ACCEPT" -> {
                    extensions.enableUtf8Accept();
                    enabled.add(capability);
                }
                case "IMAP4REV2" -> {
                    extensions.enableRev2();
                    enabled.add("IMAP4rev2");
                }
                default -> {}
            }
        }
        context.out().untagged("ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
        context.ok(tag, "ENABLE completed");
    }
}
