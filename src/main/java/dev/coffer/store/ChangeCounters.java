package dev.coffer.store;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One counter per {@link Topic} of rarely changed data that readers cache, moved on by every
 * write of that data, and shared by every process that opens the database: the server and the
 * CLI commands that change accounts, aliases or domains while it runs. The counters live in a
 * small file beside the database ({@code coffer.db-changes}), mapped into memory, so reading
 * one is a memory load, not a query; that is how SQLite's own {@code -shm} file coordinates WAL
 * readers, and it asks for the same thing: all processes on one machine, a local file system.
 *
 * <p>A write moves the counter after its commit (and also when it fails, which costs only a
 * reload); a cache notes the counter before it reads the database. So an entry filled before a
 * commit carries an older count and is dropped on next use, and once a write has returned,
 * in whatever process, no cache serves what it replaced.
 */
public final class ChangeCounters {

    /** What caches hold, each moved on by the writes listed. */
    public enum Topic {
        /** Domains, accounts and aliases: what an address resolves to. */
        DIRECTORY,
        /** Which mailbox names each account has, and their ids. */
        MAILBOX_NAMES,
        /** Users' Sieve scripts and which one is active. */
        SIEVE_SCRIPTS,
        /** Users' standing vacation responses (JMAP VacationResponse). */
        VACATION_RESPONSES
    }

    /** A cache line per counter, so processes moving different counters do not contend. */
    private static final int SLOT_OCTETS = 64;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer counters;

    private ChangeCounters(MappedByteBuffer counters) {
        this.counters = counters;
    }

    /** Opens the counters file, creating it (all counters zero) if needed. */
    static ChangeCounters open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            // Mapping past the end grows the file with zeros; the mapping outlives the channel.
            return new ChangeCounters(channel.map(FileChannel.MapMode.READ_WRITE, 0,
                    (long) SLOT_OCTETS * Topic.values().length));
        }
    }

    /** The topic's counter now. */
    public long current(Topic topic) {
        return (long) LONG.getVolatile(counters, offset(topic));
    }

    /** Moves the topic's counter on: an atomic add, safe against other processes doing the same. */
    void changed(Topic topic) {
        LONG.getAndAdd(counters, offset(topic), 1L);
    }

    private static int offset(Topic topic) {
        return topic.ordinal() * SLOT_OCTETS;
    }
}
