package dev.pbft.cli;

import dev.pbft.client.PbftClient;
import dev.pbft.client.ReplicaStatus;
import dev.pbft.config.ClusterConfig;
import dev.pbft.config.ReplicaSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every replica of a running group at a glance, and whether 2f+1 of them are healthy. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Asks every replica of a running group where it stands and prints one line per replica:"
                + " reachable or not, view and primary, last executed sequence number, last stable checkpoint and"
                + " the prefix of its state digest, and how many peers it is connected to. Then it names the"
                + " replicas that disagree with the majority (another view, waiting for a new view, or another"
                + " state digest at the same checkpoint).",
                "A replica is healthy if it answered, works in the majority's view, and agrees with the majority's"
                        + " state at its checkpoint. Exit code 0 if at least 2f+1 replicas are healthy, 7 if fewer"
                        + " are; 6 if replicas refuse this client; 2 and 3 as for every command."})
final class StatusCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the cluster config file")
    Path config;

    @Option(names = "--id", paramLabel = "NAME",
            description = "the client to ask as, from the config (default: its first client)")
    String id;

    @Option(names = "--timeout-millis", defaultValue = "3000", paramLabel = "MS",
            description = "how long to wait for the replicas' answers (default: ${DEFAULT-VALUE})")
    long timeoutMillis;

    @Override
    public Integer call() throws Exception {
        ClusterConfig cluster = ClusterConfig.load(config); // refusals: see Main
        String name = id != null ? id : cluster.clients().get(0).name();
        if (cluster.client(name).isEmpty()) {
            System.err.printf("pbft status: no client named '%s' in %s%n", name, config);
            return Main.EXIT_USAGE;
        }
        Main.quietLinks(); // a replica that is down is reported in its line
        try (PbftClient client = PbftClient.builder().config(cluster).client(name).build()) {
            Map<Integer, ReplicaStatus> answers = client.replicaStatus(timeoutMillis).get();
            GroupHealth health = GroupHealth.of(cluster.n(), answers);
            for (ReplicaSpec r : cluster.replicas()) {
                System.out.println(line(r, answers.get(r.id()), health, client));
            }
            System.out.println(health.summary(cluster.f()));
            long refusing = cluster.replicas().stream().filter(r -> client.refusedBy(r.id())).count();
            if (refusing > cluster.n() - (2 * cluster.f() + 1)) {
                return Main.EXIT_REFUSED; // they did not answer because they do not take this client
            }
            return health.healthy().size() >= 2 * cluster.f() + 1 ? 0 : Main.EXIT_UNHEALTHY;
        }
    }

    private static String line(ReplicaSpec r, ReplicaStatus s, GroupHealth health, PbftClient client) {
        String where = "replica " + r.id() + " at " + r.host() + ":" + r.port() + ": ";
        if (s == null) {
            String why = client.linkProblem(r.id());
            return where + "no answer" + (why != null ? " (" + why + ")" : "");
        }
        return where + "view " + s.view() + (s.viewActive() ? "" : " (changing)") + ", primary " + s.primary()
                + ", executed " + s.lastExecuted() + ", stable checkpoint " + s.stableCheckpoint()
                + (s.stableCheckpoint() == 0 ? " (the initial state)" : " (state " + s.stateDigest().substring(0, 12) + ")")
                + ", peers " + s.peersConnected() + "/" + (health.n() - 1)
                + health.problem(r.id()).map(p -> "  <- " + p).orElse("");
    }
}
