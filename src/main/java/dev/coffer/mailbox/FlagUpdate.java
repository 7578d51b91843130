package dev.coffer.mailbox;

import java.util.List;

/**
 * The result of a STORE.
 *
 * @param changed     messages as they are after the change (new flags and MODSEQ), UID order;
 *                    includes messages whose flags already were as asked (their MODSEQ unchanged)
 * @param notModified UIDs skipped because of UNCHANGEDSINCE (RFC 7162 MODIFIED response code)
 */
public record FlagUpdate(List<MessageInfo> changed, List<Long> notModified) {}
