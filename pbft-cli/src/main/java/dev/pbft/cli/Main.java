package dev.pbft.cli;

import dev.pbft.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pbft} command line: one entry point, one subcommand per task. */
@Command(name = "pbft", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Byzantine-fault-tolerant state machine replication (PBFT) on the JVM.",
        subcommands = {KeygenCommand.class, ValidateCommand.class, ReplicaCommand.class, UpCommand.class, ClientCommand.class, DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for a refused configuration or bad arguments. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; used by tests without spawning a JVM. */
    public static int run(String... args) {
        // picocli exits 2 on invalid input; a refused config is the same kind of mistake.
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException refused) {
                refused.errors().forEach(System.err::println); // one line each: file:line: key: ...
                return EXIT_USAGE;
            }
            throw e;
        }).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pbft " + (v == null ? "(development build)" : v)};
        }
    }
}
