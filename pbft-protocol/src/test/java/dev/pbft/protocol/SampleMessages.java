package dev.pbft.protocol;

import dev.pbft.protocol.codec.WireLimits;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.Checkpoint;
import dev.pbft.protocol.message.Commit;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.Attach;
import dev.pbft.protocol.message.BatchData;
import dev.pbft.protocol.message.Endorsement;
import dev.pbft.protocol.message.BatchFetch;
import dev.pbft.protocol.message.NewView;
import dev.pbft.protocol.message.DigestPrePrepare;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Prepare;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.StateChunk;
import dev.pbft.protocol.message.StateRequest;
import dev.pbft.protocol.message.Status;
import dev.pbft.protocol.message.StatusQuery;
import dev.pbft.protocol.message.StatusReport;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded, in-bounds examples of every message type, for round-trip and fuzz tests. */
public final class SampleMessages {
    public static final WireLimits LIMITS = new WireLimits(8, 4, 1024, 4096, 16, 8, 1 << 20);

    private final Random random;
    private final WireLimits limits;

    public SampleMessages(long seed, WireLimits limits) {
        this.random = new Random(seed);
        this.limits = limits;
    }

    /** One of each message type, in a fixed order. */
    public List<Message> oneOfEach() {
        return List.of(request(), prePrepare(), prepare(), commit(), reply(), checkpoint(), viewChange(),
                newView(), status(), batchFetch(), batchData(), stateRequest(), stateChunk(),
                endorsement(), attach(), statusQuery(), statusReport(), digestPrePrepare());
    }

    public Message any() {
        List<Message> all = oneOfEach();
        return all.get(random.nextInt(all.size()));
    }

    private Bytes bytes(int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private Bytes fixed(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private Bytes signature() {
        return random.nextBoolean() ? Bytes.EMPTY : fixed(WireLimits.SIGNATURE_BYTES);
    }

    private int replica() {
        return random.nextInt(limits.replicaCount());
    }

    private long small() {
        return random.nextInt(1 << 20);
    }

    public Request request() {
        int client = limits.replicaCount() + random.nextInt(limits.principalCount() - limits.replicaCount());
        return new Request(client, small(), bytes(Math.min(64, limits.requestBytesMax())), random.nextBoolean(),
                random.nextBoolean(), fixed(limits.replicaCount() * WireLimits.MAC_BYTES));
    }

    public PrePrepare prePrepare() {
        List<Request> batch = new ArrayList<>();
        int size = random.nextInt(Math.min(4, limits.batchRequestsMax()) + 1);
        for (int i = 0; i < size; i++) {
            batch.add(request());
        }
        return new PrePrepare(small(), small(), BatchDigest.of(batch), batch);
    }

    /** A PRE-PREPARE with about half its requests by digest. */
    public DigestPrePrepare digestPrePrepare() {
        PrePrepare p = prePrepare();
        List<DigestPrePrepare.Entry> batch = new ArrayList<>();
        for (Request r : p.batch()) {
            batch.add(random.nextBoolean() ? new DigestPrePrepare.Whole(r)
                    : new DigestPrePrepare.ByDigest(r.client(), r.timestamp(), fixed(32)));
        }
        return new DigestPrePrepare(p.view(), p.seq(), p.digest(), batch);
    }

    public Prepare prepare() {
        return new Prepare(small(), small(), fixed(32), replica());
    }

    public Commit commit() {
        return new Commit(small(), small(), fixed(32), replica());
    }

    public Reply reply() {
        return new Reply(small(), small(), limits.replicaCount(), replica(), bytes(64));
    }

    public Checkpoint checkpoint() {
        return new Checkpoint(small(), fixed(32), replica());
    }

    public ViewChange viewChange() {
        List<ViewChange.CheckpointClaim> claims = List.of(new ViewChange.CheckpointClaim(small(), fixed(32)));
        List<ViewChange.Entry> prepared = List.of(entry(), entry());
        List<ViewChange.Entry> prePrepared = List.of(entry(), entry(), entry());
        return new ViewChange(small(), small(), claims, prepared, prePrepared, replica(), signature());
    }

    private ViewChange.Entry entry() {
        return new ViewChange.Entry(small(), fixed(32), small());
    }

    public NewView newView() {
        return new NewView(small(), List.of(viewChange(), viewChange()), small(), fixed(32), List.of(prePrepare()),
                replica());
    }

    public Status status() {
        return new Status(small(), random.nextBoolean(), small(), small(), replica());
    }

    public BatchFetch batchFetch() {
        return new BatchFetch(small(), fixed(32), replica());
    }

    public BatchData batchData() {
        PrePrepare p = prePrepare();
        return new BatchData(p.seq(), p.digest(), p.batch(), replica());
    }

    public StateRequest stateRequest() {
        return new StateRequest(small(), fixed(32), random.nextInt(3), List.of(random.nextInt(10), 300),
                random.nextInt(1000), replica());
    }

    public StateChunk stateChunk() {
        var piece = new StateChunk.Piece(random.nextInt(70_000), 10, 10 + 256 + random.nextInt(5), bytes(256));
        return new StateChunk(small(), fixed(32), random.nextInt(3), List.of(piece, piece), replica());
    }

    public Endorsement endorsement() {
        var entry = new Endorsement.Entry(limits.replicaCount(), small(), fixed(32));
        return new Endorsement(replica(), List.of(entry, entry, new Endorsement.Entry(limits.replicaCount(), small(),
                fixed(32))));
    }

    public Attach attach() {
        int client = limits.replicaCount() + random.nextInt(limits.principalCount() - limits.replicaCount());
        return new Attach(client, fixed(WireLimits.MAC_BYTES));
    }

    public StatusQuery statusQuery() {
        int client = limits.replicaCount() + random.nextInt(limits.principalCount() - limits.replicaCount());
        return new StatusQuery(client, random.nextLong());
    }

    public StatusReport statusReport() {
        int client = limits.replicaCount() + random.nextInt(limits.principalCount() - limits.replicaCount());
        return new StatusReport(client, random.nextLong(), replica(), small(), random.nextBoolean(), replica(), small(),
                small(), fixed(32), random.nextInt(limits.replicaCount()));
    }
}
