package dev.coffer.net;

/** One client connection's conversation, run on its own virtual thread. */
public interface Session {

    /** Talks with the client until either side ends the connection. */
    void run();

    /** Ends the connection at once (server shutdown); safe to call more than once. */
    void abort();
}
