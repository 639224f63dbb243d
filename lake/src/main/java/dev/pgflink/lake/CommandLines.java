package dev.pgflink.lake;

import picocli.CommandLine;

/** The lake's commands run the same way: a failure prints one line, {@code NAME: message}, and exits 2. */
final class CommandLines {
    private CommandLines() {
    }

    static CommandLine withOneLineErrors(String name, Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(name + ": " + e.getMessage());
            return 2;
        });
    }
}
