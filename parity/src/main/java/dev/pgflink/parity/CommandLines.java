package dev.pgflink.parity;

import picocli.CommandLine;

/** The commands (parity's and the lake's) run the same way: a failure prints one line, {@code NAME: message}, and exits 2. */
public final class CommandLines {
    private CommandLines() {
    }

    public static CommandLine withOneLineErrors(String name, Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(name + ": " + e.getMessage());
            return 2;
        });
    }
}
