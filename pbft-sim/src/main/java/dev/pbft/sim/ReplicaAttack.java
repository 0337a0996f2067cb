package dev.pbft.sim;

import dev.pbft.protocol.message.Message;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.ForwardingOutbox;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.runtime.Interposer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A simulator {@link Behaviour} in a real replica process: the same {@link ByzantineOutbox} between
 * the core and the replica's network, switched on once {@code armed} says so (the bench creates a
 * file at the attack's time). Until then the replica is correct. Extra delays count the core's
 * ticks. Test-only, through {@link Interposer}.
 */
public final class ReplicaAttack implements Interposer {
    private final Behaviour behaviour;
    private final int self;
    private final ByzantineOutbox.Group group;
    private final long requestTimeoutTicks;
    private final Random random;
    private final BooleanSupplier armed;
    private final PriorityQueue<Delayed> delayed =
            new PriorityQueue<>(Comparator.comparingLong(Delayed::dueTick).thenComparingLong(Delayed::order));
    private Outbox real;
    private ByzantineOutbox byzantine;
    private boolean on;
    private long ticks;
    private long order;
    /** While a multicast passes through the Byzantine outbox: what it sent, to group unchanged copies. */
    private List<Delayed> collecting;

    private record Delayed(long dueTick, long order, int to, Message message) {
    }

    /**
     * @param name                a behaviour's name, see {@link #names()}
     * @param self                the replica's id
     * @param n                   replicas in the group
     * @param windowSize          the log window, L
     * @param checkpointInterval  K
     * @param clients             client principals of the config
     * @param requestTimeoutTicks the request timeout in core ticks (the slow primary stays just under it)
     * @param armed               polled every few ticks until true; the behaviour starts then
     * @throws IllegalArgumentException if {@code name} is no behaviour that runs in a real process
     */
    public ReplicaAttack(String name, int self, int n, int windowSize, int checkpointInterval, int clients,
                         long requestTimeoutTicks, BooleanSupplier armed) {
        this.behaviour = parse(name);
        this.self = self;
        this.group = new ByzantineOutbox.Group(n, windowSize, checkpointInterval, clients);
        this.requestTimeoutTicks = requestTimeoutTicks;
        this.random = new Random(31L * self + behaviour.ordinal());
        this.armed = armed;
    }

    /** The behaviours a real replica can take on, by name (TWINS needs two cores and runs only in the simulator). */
    public static List<String> names() {
        return Arrays.stream(Behaviour.values()).filter(b -> b != Behaviour.TWINS).map(ReplicaAttack::name).toList();
    }

    /**
     * The replica behaviour {@code name} shows on, as in the simulator: 0 (the primary of view 0) for
     * primary behaviours and those of any replica, 1 (the next primary) for a wrong NEW-VIEW, 2 for
     * backup behaviours.
     */
    public static int defaultReplica(String name) {
        return switch (parse(name).role) {
            case PRIMARY, ANY -> 0;
            case NEXT_PRIMARY -> 1;
            case BACKUP -> 2;
        };
    }

    private static String name(Behaviour b) {
        return b.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Behaviour parse(String name) {
        for (Behaviour b : Behaviour.values()) {
            if (b != Behaviour.TWINS && name(b).equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no replica behaviour '" + name + "'; expected one of " + names());
    }

    @Override
    public synchronized Outbox wrap(Outbox real, CertificateSigner ownSigner) {
        this.real = real;
        this.byzantine = new ByzantineOutbox(self, behaviour, group, requestTimeoutTicks, random, this::transmit,
                ownSigner);
        return new Switch();
    }

    @Override
    public synchronized void attach(ReplicaCore core) {
        byzantine.attach(core);
    }

    @Override
    public synchronized boolean admits(int from, Message message) {
        return !on || byzantine.admits(from, message);
    }

    @Override
    public synchronized void tick() {
        ticks++;
        if (!on && ticks % 10 == 0 && armed.getAsBoolean()) {
            on = true;
        }
        while (!delayed.isEmpty() && delayed.peek().dueTick() <= ticks) {
            Delayed d = delayed.poll();
            real.send(d.to(), d.message());
        }
    }

    private void transmit(int from, int to, Message message, long extraDelayTicks) {
        if (collecting != null) {
            collecting.add(new Delayed(ticks + Math.max(0, extraDelayTicks), order++, to, message));
        } else if (extraDelayTicks <= 0) {
            real.send(to, message);
        } else {
            delayed.add(new Delayed(ticks + extraDelayTicks, order++, to, message));
        }
    }

    /**
     * A multicast through the behaviour: the receivers that get {@code message} itself at once get it
     * in one real multicast, as a correct replica sends it (encoded once), so that the attack, not
     * the harness, is what a benchmark measures; altered, delayed or extra messages go one by one.
     */
    private void multicastThroughBehaviour(int[] to, Message message) {
        collecting = new ArrayList<>();
        try {
            byzantine.multicast(to, message);
        } finally {
            List<Delayed> sent = collecting;
            collecting = null;
            int[] unchanged = sent.stream().filter(d -> d.message() == message && d.dueTick() == ticks)
                    .mapToInt(Delayed::to).toArray();
            if (unchanged.length > 0) {
                real.multicast(unchanged, message);
            }
            for (Delayed d : sent) {
                if (d.message() != message || d.dueTick() != ticks) {
                    transmit(self, d.to(), d.message(), d.dueTick() - ticks);
                }
            }
        }
    }

    @Override
    public synchronized String toString() {
        return name(behaviour) + (on ? ", on" : ", waiting for its start");
    }

    /** The core's outbox: the real one until the behaviour starts, the Byzantine one after. */
    private final class Switch extends ForwardingOutbox {
        Switch() {
            super(real);
        }

        @Override
        public void send(int to, Message message) {
            synchronized (ReplicaAttack.this) {
                if (on) {
                    byzantine.send(to, message);
                } else {
                    real.send(to, message);
                }
            }
        }

        @Override
        public void multicast(int[] to, Message message) {
            synchronized (ReplicaAttack.this) {
                if (on) {
                    multicastThroughBehaviour(to, message);
                } else {
                    real.multicast(to, message);
                }
            }
        }
    }
}
