package dev.pbft.cli;

import ch.qos.logback.classic.Level;
import dev.pbft.config.ConfigException;
import dev.pbft.config.KeyFileException;
import dev.pbft.protocol.transport.ListenException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pbft} command line: one entry point, one subcommand per task. Whatever an operator
 * can get wrong ends in one line on stderr that says what, where and how to fix it, and a distinct
 * exit code; a stack trace only with {@code PBFT_LOG_LEVEL=DEBUG}.
 */
@Command(name = "pbft", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Byzantine-fault-tolerant state machine replication (PBFT) on the JVM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the job failed (requests failed, a replica stopped, an unexpected error)",
                "2:bad arguments or a refused config", "3:a key is missing, unreadable or not the config's",
                "4:an address cannot be listened on (in use, not this host's)",
                "5:the group did not answer a client in time", "6:replicas refuse a client (another config, its key)",
                "7:fewer than 2f+1 replicas are healthy (status)"},
        subcommands = {KeygenCommand.class, ValidateCommand.class, ReplicaCommand.class, UpCommand.class, ClientCommand.class, StatusCommand.class, DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for a job that failed: requests failed, a replica's core stopped, an unexpected error. */
    static final int EXIT_FAILED = 1;
    /** Exit code for a refused configuration or bad arguments. */
    static final int EXIT_USAGE = 2;
    /** Exit code for a private key that is missing, unreadable, or does not match the config. */
    static final int EXIT_KEY = 3;
    /** Exit code for a listen address that cannot be bound. */
    static final int EXIT_ADDRESS = 4;
    /** Exit code for a client request that got no f+1 matching replies in time. */
    static final int EXIT_UNANSWERED = 5;
    /** Exit code for a client that replicas refuse: another config, or a key they do not accept. */
    static final int EXIT_REFUSED = 6;
    /** Exit code of {@code status} when fewer than 2f+1 replicas are healthy. */
    static final int EXIT_UNHEALTHY = 7;

    /**
     * Leaves a client command's connection problems to its own output: below DEBUG, the links'
     * log (a replica down, a refusal) would repeat what the command prints once.
     */
    static void quietLinks() {
        if (!debug()) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                    "dev.pbft.protocol.transport.OutboundLink")).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; used by tests without spawning a JVM. */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> explain(e, cmd.getCommandName(), cmd.getErr()))
                .setParameterExceptionHandler((e, rest) -> {
                    CommandLine cmd = e.getCommandLine();
                    PrintWriter err = cmd.getErr();
                    err.println(prefix(cmd.getCommandName()) + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
                    err.println("('" + cmd.getCommandSpec().qualifiedName() + " --help' lists the options)");
                    return EXIT_USAGE;
                })
                .execute(args);
    }

    /**
     * Prints what went wrong with {@code command} as one line (a refused config: one per problem)
     * and returns its exit code. The stack trace follows only at DEBUG.
     */
    static int explain(Exception e, String command, PrintWriter err) {
        int code = EXIT_FAILED;
        String line = null;
        for (Throwable t = e; t != null && line == null; t = t.getCause()) {
            if (t instanceof ConfigException refused) {
                refused.errors().forEach(err::println); // one line each: file:line: key: ...
                code = EXIT_USAGE;
                line = "";
            } else if (t instanceof KeyFileException key) {
                code = EXIT_KEY;
                line = prefix(command) + key.getMessage();
            } else if (t instanceof CommandFailure failure) {
                line = prefix(command) + failure.getMessage();
            } else if (t instanceof ListenException listen) {
                code = EXIT_ADDRESS;
                line = prefix(command) + listen.getMessage() + "; stop what holds it or give this replica another"
                        + " address in the config";
            }
        }
        if (line == null) {
            line = prefix(command) + "failed: " + e + (debug() ? "" : " (PBFT_LOG_LEVEL=DEBUG shows where)");
        }
        if (!line.isEmpty()) {
            err.println(line);
        }
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String prefix(String command) {
        return "pbft".equals(command) ? "pbft: " : "pbft " + command + ": ";
    }

    /** Whether {@code PBFT_LOG_LEVEL} asks for DEBUG or finer. */
    static boolean debug() {
        return LogSetup.rootLevel(System.getenv(LogSetup.LEVEL_VARIABLE)).toInt() <= Level.DEBUG_INT;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pbft " + (v == null ? "(development build)" : v)};
        }
    }
}
