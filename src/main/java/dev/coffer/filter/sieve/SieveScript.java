package dev.coffer.filter.sieve;

import java.util.List;

/** A parsed and checked script: its commands, ready for {@link SieveInterpreter}. */
public final class SieveScript {

    private final List<SieveCommand> commands;

    SieveScript(List<SieveCommand> commands) {
        this.commands = List.copyOf(commands);
    }

    /**
     * Parses and checks a script; a script that would fail here is refused at upload
     * (RFC 5804 §2.6 PUTSCRIPT), so only scripts that compile are ever stored.
     */
    public static SieveScript compile(String source, SieveLimits limits) throws SieveSyntaxException {
        return SieveCompiler.compile(SieveParser.parse(source, limits.maxNestingDepth()));
    }

    List<SieveCommand> commands() {
        return commands;
    }
}
