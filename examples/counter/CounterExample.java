import static java.nio.charset.StandardCharsets.UTF_8;

import dev.pbft.client.PbftClient;
import dev.pbft.config.ClusterConfig;
import dev.pbft.replica.runtime.Replica;
import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class CounterExample {
    /** The replicated service: deterministic, bytes in, bytes out. */
    public static class Counter implements Service {
        private long value;

        public byte[] execute(ExecutionContext ctx, byte[] op) {
            value += op.length == 0 ? 1 : op[0];
            return Long.toString(value).getBytes(UTF_8);
        }

        public byte[] snapshot() { return Long.toString(value).getBytes(UTF_8); }

        public void restore(byte[] s) { value = Long.parseLong(new String(s, UTF_8)); }
    }

    public static void main(String[] args) throws Exception {            // args[0]: the cluster.conf
        Path file = Path.of(args[0]);
        ClusterConfig config = ClusterConfig.load(file);
        // One replica per host in production; here all of them in this JVM, to try it out.
        // A replica's private key comes from replica.<id>.private-key-file.
        List<Replica> replicas = new ArrayList<>();
        for (int id = 0; id < config.n(); id++) {
            replicas.add(Replica.builder().config(config).id(id).service(new Counter())
                    .dataDir(file.resolveSibling("data").resolve("replica-" + id))   // none: in memory
                    .start());
        }
        // In the application; the client's private key comes from its NAME.key in clients.dir.
        try (PbftClient client = PbftClient.builder().config(config).client("c0").build()) {
            byte[] result = client.invoke(new byte[] {5});                    // f+1 matching replies
            System.out.println(new String(result, UTF_8));
            client.invokeAsync(new byte[] {1})
                    .thenAccept(r -> System.out.println(new String(r, UTF_8)))
                    .join();                                                  // before the client closes
        } finally {
            replicas.forEach(Replica::close);
        }
    }
}
