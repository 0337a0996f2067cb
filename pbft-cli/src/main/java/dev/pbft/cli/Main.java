package dev.pbft.cli;

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
        return new CommandLine(new Main()).execute(args); // picocli exits 2 on invalid input
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pbft " + (v == null ? "(development build)" : v)};
        }
    }
}
