package dev.pbft.cli;

import dev.pbft.client.KvClient;
import dev.pbft.client.PbftClient;
import dev.pbft.client.PbftRefusedException;
import dev.pbft.client.PbftTimeoutException;
import dev.pbft.config.ClusterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One key-value operation against a running group, printed as a single line. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Runs one key-value operation against a running group and prints the result.",
                "Operations: put KEY VALUE | get KEY | delete KEY | cas KEY EXPECTED|- NEW (- means 'absent').",
                "Exit code 0 on success; 1 if the key was not found or the compare-and-set failed; 5 if the group did"
                        + " not answer in time; 6 if replicas refuse this client (another config, a key they do not"
                        + " accept); 2 and 3 as for every command (arguments or config, a key file)."})
final class ClientCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Option(names = "--id", required = true, paramLabel = "NAME", description = "this client's name from the config, e.g. c0")
    String id;

    @Parameters(arity = "2..4", paramLabel = "OP", description = "put KEY VALUE, get KEY, delete KEY or cas KEY EXPECTED NEW")
    List<String> op;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        if (cluster.client(id).isEmpty()) {
            System.err.printf("pbft client: no client named '%s' in %s%n", id, config);
            return Main.EXIT_USAGE;
        }
        Main.quietLinks(); // the failure's one line names every replica it lacked and why
        try (PbftClient client = PbftClient.builder().config(cluster).client(id).build()) {
            return run(new KvClient(client));
        } catch (PbftRefusedException e) {
            System.err.println("pbft client: " + e.getMessage());
            return Main.EXIT_REFUSED;
        } catch (PbftTimeoutException e) {
            System.err.println("pbft client: " + e.getMessage());
            return Main.EXIT_UNANSWERED;
        } // any other failure (a key file, say): see Main
    }

    private int run(KvClient kv) {
        String verb = op.get(0);
        switch (verb) {
            case "put" -> {
                requireArgs(3);
                kv.put(op.get(1), op.get(2));
                System.out.println("OK");
                return 0;
            }
            case "get" -> {
                requireArgs(2);
                Optional<String> value = kv.get(op.get(1));
                System.out.println(value.orElse("(not found)"));
                return value.isPresent() ? 0 : 1;
            }
            case "delete" -> {
                requireArgs(2);
                boolean existed = kv.delete(op.get(1));
                System.out.println(existed ? "OK" : "(not found)");
                return existed ? 0 : 1;
            }
            case "cas" -> {
                requireArgs(4);
                Optional<String> expected = "-".equals(op.get(2)) ? Optional.empty() : Optional.of(op.get(2));
                boolean applied = kv.compareAndSet(op.get(1), expected, op.get(3));
                System.out.println(applied ? "OK" : "CAS_FAILED");
                return applied ? 0 : 1;
            }
            default -> throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "unknown operation '" + verb + "'; expected put, get, delete or cas");
        }
    }

    private void requireArgs(int count) {
        if (op.size() != count) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    op.get(0) + " takes " + (count - 1) + " argument(s), got " + (op.size() - 1));
        }
    }
}
