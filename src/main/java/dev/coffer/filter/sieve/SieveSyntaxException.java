package dev.coffer.filter.sieve;

/** A script that cannot run: the line where the problem is and what is wrong there. */
public final class SieveSyntaxException extends Exception {

    private final int line;

    public SieveSyntaxException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
