package dev.pbft.client.core;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Reply;
import dev.pbft.protocol.message.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A ClientCore with a recording outbox and listener; ticks are counted so sends carry their tick. */
final class CoreHarness implements ClientOutbox, ResultListener {
    static final long TICK_MILLIS = 10;

    /** One send: at tick {@code tick}, to {@code replicas}. */
    record Sent(long tick, int[] replicas, Request request) {
        boolean toAll(int n) {
            return replicas.length == n;
        }
    }

    final int n;
    final int f;
    final int self;
    final ClientCore core;
    final List<Sent> sent = new ArrayList<>();
    final Map<Long, Bytes> completed = new LinkedHashMap<>();
    final Map<Long, String> failed = new LinkedHashMap<>();
    long ticks;

    CoreHarness(int f, long retransmitTicks, long retransmitMaxTicks, long timeoutTicks, int outstandingMax) {
        this(f, retransmitTicks, retransmitMaxTicks, timeoutTicks, outstandingMax, true);
    }

    CoreHarness(int f, long retransmitTicks, long retransmitMaxTicks, long timeoutTicks, int outstandingMax,
                boolean sendToAll) {
        this(f, retransmitTicks, retransmitMaxTicks, timeoutTicks, outstandingMax, sendToAll, false);
    }

    /** A client of a group that takes read-only requests ({@code request.read-only = 1}). */
    static CoreHarness withReadOnly(int f) {
        return new CoreHarness(f, 50, 400, 500, 8, true, true);
    }

    private CoreHarness(int f, long retransmitTicks, long retransmitMaxTicks, long timeoutTicks, int outstandingMax,
                        boolean sendToAll, boolean readOnlyPath) {
        this.f = f;
        this.n = 3 * f + 1;
        this.self = n + 2;
        ClientSettings s = new ClientSettings(self, n, f, 1000, TICK_MILLIS, retransmitTicks, retransmitMaxTicks,
                timeoutTicks, outstandingMax, sendToAll, 0, readOnlyPath);
        this.core = new ClientCore(s, CoreHarness::fakeMacs, this);
    }

    static CoreHarness of(int f) {
        return new CoreHarness(f, 50, 400, 500, 8);
    }

    /** A stand-in authenticator: n "MACs" that are copies of the digest. */
    static Bytes fakeMacs(byte[] digest) {
        byte[] macs = new byte[4 * 32];
        System.arraycopy(digest, 0, macs, 0, 32);
        return Bytes.wrap(macs);
    }

    long submit(String op) {
        return core.submit(Bytes.utf8(op), this);
    }

    void reply(int replica, long timestamp, String result) {
        reply(replica, 0, timestamp, result);
    }

    void reply(int replica, long view, long timestamp, String result) {
        core.onReply(replica, new Reply(view, timestamp, self, replica, Bytes.utf8(result)));
    }

    /** A replica's answer on the read-only path. */
    void readReply(int replica, long timestamp, String result) {
        core.onReply(replica, new Reply(0, timestamp, self, replica, Bytes.utf8(result), false, true));
    }

    void tick(long count) {
        for (long i = 0; i < count; i++) {
            ticks++;
            core.tick();
        }
    }

    /** The ticks at which {@code timestamp} was multicast to all replicas. */
    /** When {@code timestamp} went to all replicas again, after the multicast that submitted it. */
    List<Long> retransmitTicks(long timestamp) {
        return sent.stream().filter(s -> s.request().timestamp() == timestamp && s.toAll(n)).skip(1).map(Sent::tick)
                .toList();
    }

    Sent lastSent() {
        return sent.get(sent.size() - 1);
    }

    @Override
    public void send(int replica, Request request) {
        sent.add(new Sent(ticks, new int[] {replica}, request));
    }

    @Override
    public void multicast(int[] replicas, Request request) {
        sent.add(new Sent(ticks, Arrays.copyOf(replicas, replicas.length), request));
    }

    @Override
    public void completed(long timestamp, Bytes result) {
        completed.put(timestamp, result);
    }

    @Override
    public void failed(long timestamp, String reason) {
        failed.put(timestamp, reason);
    }
}
