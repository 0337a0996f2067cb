package dev.pbft.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The faults of one run, explicit so that a failure can name them and the checkers can leave the
 * faulty replicas out: which replicas are Byzantine and how, which crash and when, and what the
 * network does. Byzantine and crashed replicas together are at most f.
 *
 * @param byzantine replica id to its behaviour
 * @param crashes   replica id to the tick it crashes
 * @param restarts  crashed replica id to the tick it starts again, having lost its memory but
 *                  not its journal and checkpoint images (crash-recovery); others stay down
 * @param diskLost  restarted replicas that also lost their disk: they start empty, fenced
 * @param network   link faults until the fault phase ends
 */
public record Scenario(SortedMap<Integer, Behaviour> byzantine, SortedMap<Integer, Long> crashes,
                       SortedMap<Integer, Long> restarts, java.util.SortedSet<Integer> diskLost, NetworkFaults network) {
    private static final Behaviour[] CATALOGUE = Behaviour.values();

    public Scenario {
        byzantine = Collections.unmodifiableSortedMap(new TreeMap<>(byzantine));
        crashes = Collections.unmodifiableSortedMap(new TreeMap<>(crashes));
        restarts = Collections.unmodifiableSortedMap(new TreeMap<>(restarts));
        diskLost = Collections.unmodifiableSortedSet(new TreeSet<>(diskLost));
        if (!restarts.keySet().containsAll(diskLost)) {
            throw new IllegalArgumentException("only a restarted replica can have lost its disk");
        }
        for (var e : restarts.entrySet()) {
            Long crash = crashes.get(e.getKey());
            if (crash == null || e.getValue() <= crash) {
                throw new IllegalArgumentException("replica " + e.getKey() + " restarts without crashing first");
            }
        }
    }

    /** Crash-stop only: nobody restarts. */
    public Scenario(SortedMap<Integer, Behaviour> byzantine, SortedMap<Integer, Long> crashes, NetworkFaults network) {
        this(byzantine, crashes, new TreeMap<>(), new TreeSet<>(), network);
    }

    /** No faulty replica, no crash, a quiet network. */
    public static Scenario benign(int maxDelayTicks) {
        return new Scenario(new TreeMap<>(), new TreeMap<>(), NetworkFaults.none(maxDelayTicks));
    }

    /**
     * The scenario seed {@code seed} picks. The seed's residue picks the first faulty replica's
     * behaviour, so consecutive seeds walk the whole catalogue (the last two residues: crashes and
     * network faults only); everything else is drawn from a PRNG seeded by it.
     */
    public static Scenario generate(SimOptions o, long seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
        // The fault phase ends at a drawn tick, so some runs finish inside it and others go on into
        // the liveness phase with work left; crashes and partitions fall inside it.
        long end = o.faultPhaseTicks() <= 0 ? 0 : o.faultPhaseTicks() / 4 + r.nextInt((int) (3 * o.faultPhaseTicks() / 4) + 1);
        TreeMap<Integer, Behaviour> byzantine = new TreeMap<>();
        List<NetworkFaults.Partition> partitions = new ArrayList<>();
        int kind = (int) Math.floorMod(seed, (long) CATALOGUE.length + 2);
        if (o.f() > 0 && kind < CATALOGUE.length) {
            Behaviour b = CATALOGUE[kind];
            byzantine.put(pick(b, o.n(), byzantine, r), b);
            if (b.needsViewChange()) {
                // Cut the first primary off for a while: the view changes, so the forgeries are seen.
                // (the fault phase lasts at least as long as the cut).
                long from = 50 + r.nextInt(200);
                long until = from + 600 + r.nextInt(1000);
                partitions.add(new NetworkFaults.Partition(new TreeSet<>(List.of(0)), from, until, false));
                end = Math.max(end, until);
            }
        }
        while (byzantine.size() < o.f() && r.nextInt(3) == 0) {
            Behaviour b = CATALOGUE[r.nextInt(CATALOGUE.length)];
            int id = pick(b, o.n(), byzantine, r);
            if (id >= 0) {
                byzantine.put(id, b);
            }
        }
        TreeMap<Integer, Long> crashes = new TreeMap<>();
        int crashBudget = Math.min(o.crashes(), o.f() - byzantine.size());
        boolean crashHeavy = kind == CATALOGUE.length;
        for (int i = 0; i < crashBudget; i++) {
            if (!crashHeavy && r.nextInt(2) == 0) {
                continue;
            }
            int id = r.nextInt(o.n());
            if (!byzantine.containsKey(id) && !crashes.containsKey(id)) {
                crashes.put(id, (long) r.nextInt((int) Math.max(1, end)));
            }
        }
        // Half the crashed replicas come back, some after the group has moved far beyond their window.
        TreeMap<Integer, Long> restarts = new TreeMap<>();
        TreeSet<Integer> diskLost = new TreeSet<>();
        crashes.forEach((id, tick) -> {
            if (r.nextBoolean()) {
                restarts.put(id, tick + 20 + r.nextInt(1500));
                if (r.nextInt(3) == 0) {
                    diskLost.add(id);
                }
            }
        });
        int partitionCount = kind == CATALOGUE.length + 1 ? 1 + r.nextInt(3) : r.nextInt(2);
        for (int i = 0; i < partitionCount && end > 0; i++) {
            TreeSet<Integer> side = new TreeSet<>();
            int size = 1 + r.nextInt(o.n() - 1);
            while (side.size() < size) {
                side.add(r.nextInt(o.n()));
            }
            long from = r.nextInt((int) end);
            partitions.add(new NetworkFaults.Partition(side, from, Math.min(end, from + 100 + r.nextInt(1500)),
                    r.nextBoolean()));
        }
        NetworkFaults net = new NetworkFaults(r.nextInt(o.maxLossPercent() + 1), r.nextInt(6), 3 + r.nextInt(o.maxDelayTicks() - 2),
                partitions, end);
        return new Scenario(byzantine, crashes, restarts, diskLost, net);
    }

    /** A replica for {@code b} that is not yet faulty, or -1. */
    private static int pick(Behaviour b, int n, Map<Integer, Behaviour> taken, Random r) {
        int id = switch (b.role) {
            case PRIMARY -> 0;
            case NEXT_PRIMARY -> 1;
            case BACKUP -> 1 + r.nextInt(n - 1);
            case ANY -> r.nextInt(n);
        };
        for (int tries = 0; taken.containsKey(id) && tries < n; tries++) {
            id = b.role == Behaviour.Role.BACKUP ? 1 + (id % (n - 1)) : (id + 1) % n;
        }
        return taken.containsKey(id) ? -1 : id;
    }

    /** Whether {@code replica} is Byzantine in this run: excluded from every check. */
    public boolean isByzantine(int replica) {
        return byzantine.containsKey(replica);
    }

    /** The behaviours of this run, for statistics: "none" if every replica is correct. */
    public String behaviours() {
        return byzantine.isEmpty() ? (crashes.isEmpty() ? "network-only" : "crash") : byzantine.values().toString();
    }

    @Override
    public String toString() {
        return "byzantine " + byzantine + ", crashes (replica=tick) " + crashes + ", restarts (replica=tick) "
                + restarts + (diskLost.isEmpty() ? "" : ", disk lost " + diskLost) + ", network " + network;
    }
}
