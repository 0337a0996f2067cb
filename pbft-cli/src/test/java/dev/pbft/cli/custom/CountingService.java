package dev.pbft.cli.custom;

import dev.pbft.replica.service.ExecutionContext;
import dev.pbft.replica.service.Service;
import java.nio.charset.StandardCharsets;

/** A user's service as {@code --service-class} loads it: counts the operations it executed. */
public final class CountingService implements Service {
    private long count;

    @Override
    public byte[] execute(ExecutionContext context, byte[] operation) {
        return ("count " + ++count).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] snapshot() {
        return Long.toString(count).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void restore(byte[] snapshot) {
        count = Long.parseLong(new String(snapshot, StandardCharsets.UTF_8));
    }
}
