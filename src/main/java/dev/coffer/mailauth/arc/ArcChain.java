package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimMessage;
import dev.coffer.mailauth.dkim.TagList;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ARC sets of a message, checked for the structure RFC 8617 §5.2 step 3 requires:
 * instances 1 to N without gaps, N at most 50, and exactly one field of each kind per instance.
 *
 * @param sets in increasing instance order, the first at index 0
 */
record ArcChain(List<ArcSet> sets) {

    static final String AUTHENTICATION_RESULTS = "ARC-Authentication-Results";

    ArcChain {
        sets = List.copyOf(sets);
    }

    ArcSet newest() {
        return sets.getLast();
    }

    /** Whether the message has any ARC field at all. */
    static boolean hasArcFields(DkimMessage message) {
        return message.fields().stream().anyMatch(ArcChain::isArcField);
    }

    /**
     * The highest instance among the ARC fields whose i= can be read, 0 if there is none;
     * for counting and sealing even a chain that does not validate.
     */
    static int highestInstance(DkimMessage message) {
        int highest = 0;
        for (DkimMessage.Field field : message.fields()) {
            if (isArcField(field)) {
                try {
                    highest = Math.max(highest, instanceOf(field));
                } catch (ArcChainException unreadable) {
                    // a field without a usable i= adds no instance
                }
            }
        }
        return highest;
    }

    /** Collects and groups the ARC fields; every structural fault is an exception naming it. */
    static ArcChain collect(DkimMessage message) throws ArcChainException {
        TreeMap<Integer, DkimMessage.Field[]> byInstance = new TreeMap<>();
        int count = 0;
        for (DkimMessage.Field field : message.fields()) {
            if (!isArcField(field)) {
                continue;
            }
            // RFC 8617 §5.2 step 1: more than 50 sets (of three fields) is a failure; stop reading a flood early
            if (++count > 3 * ArcTags.MAX_INSTANCE) {
                throw new ArcChainException("the message has more than " + 3 * ArcTags.MAX_INSTANCE
                        + " ARC fields; RFC 8617 §5.2 allows at most " + ArcTags.MAX_INSTANCE + " ARC sets");
            }
            int instance = instanceOf(field);
            DkimMessage.Field[] set = byInstance.computeIfAbsent(instance, i -> new DkimMessage.Field[3]);
            int slot = slot(field);
            // RFC 8617 §5.2 step 3: exactly one of each ARC field per instance
            if (set[slot] != null) {
                throw new ArcChainException("the message has more than one " + canonicalName(slot)
                        + " with i=" + instance);
            }
            set[slot] = field;
        }
        List<ArcSet> sets = new ArrayList<>(byInstance.size());
        int expected = 1;
        for (var entry : byInstance.entrySet()) {
            // RFC 8617 §5.2 step 3: instances run from 1 without gaps
            if (entry.getKey() != expected) {
                throw new ArcChainException("ARC set i=" + expected + " is missing (the next one is i="
                        + entry.getKey() + ")");
            }
            DkimMessage.Field[] set = entry.getValue();
            for (int slot = 0; slot < 3; slot++) {
                if (set[slot] == null) {
                    throw new ArcChainException("ARC set i=" + expected + " has no " + canonicalName(slot));
                }
            }
            sets.add(new ArcSet(expected, set[0], set[1], set[2]));
            expected++;
        }
        return new ArcChain(sets);
    }

    private static boolean isArcField(DkimMessage.Field field) {
        return field.hasName(AUTHENTICATION_RESULTS) || field.hasName(ArcMessageSignature.FIELD_NAME)
                || field.hasName(ArcSeal.FIELD_NAME);
    }

    private static int slot(DkimMessage.Field field) {
        if (field.hasName(AUTHENTICATION_RESULTS)) {
            return 0;
        }
        return field.hasName(ArcMessageSignature.FIELD_NAME) ? 1 : 2;
    }

    private static String canonicalName(int slot) {
        return switch (slot) {
            case 0 -> AUTHENTICATION_RESULTS;
            case 1 -> ArcMessageSignature.FIELD_NAME;
            default -> ArcSeal.FIELD_NAME;
        };
    }

    /**
     * The i= of an ARC field. RFC 8617 §4.1.1: the ARC-Authentication-Results value starts
     * with "i=N;"; the other two carry i= in their tag-lists.
     */
    private static int instanceOf(DkimMessage.Field field) throws ArcChainException {
        String what = canonicalName(slot(field));
        if (slot(field) != 0) {
            return ArcTags.parse(field.value(), what).instance();
        }
        String value = field.value();
        int semicolon = value.indexOf(';');
        int eq = value.indexOf('=');
        if (semicolon < 0 || eq < 0 || eq > semicolon
                || !TagList.stripFws(value.substring(0, eq)).equalsIgnoreCase("i")) {
            throw new ArcChainException(what + " does not start with \"i=<instance>;\" (RFC 8617 §4.1.1)");
        }
        return ArcTags.instance(TagList.stripFws(value.substring(eq + 1, semicolon)), what);
    }
}
