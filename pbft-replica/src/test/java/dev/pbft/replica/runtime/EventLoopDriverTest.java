package dev.pbft.replica.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.Message;
import dev.pbft.replica.core.CertificateSigner;
import dev.pbft.replica.core.CoreSettings;
import dev.pbft.replica.core.Outbox;
import dev.pbft.replica.core.ReplicaCore;
import dev.pbft.replica.core.RequestVerifier;
import dev.pbft.replica.service.KvService;
import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventLoopDriverTest {
    private static final long TICK_MILLIS = 5;

    private static ReplicaCore core() {
        CoreSettings settings = new CoreSettings(1, 4, 1, 5, 16, 8, 16, 1 << 20, 4, 8, p -> "c" + p,
                new CoreSettings.Timeouts(200, 400, 20));
        CertificateSigner signer = new CertificateSigner() {
            @Override
            public Bytes sign(byte[] statement) {
                return Bytes.EMPTY;
            }

            @Override
            public boolean verify(int replica, byte[] statement, Bytes signature) {
                return false;
            }
        };
        Outbox outbox = new Outbox() {
            @Override
            public void send(int to, Message message) {
            }

            @Override
            public void multicast(int[] to, Message message) {
            }
        };
        return new ReplicaCore(settings, new KvService(), RequestVerifier.ACCEPT_ALL, signer, outbox);
    }

    /**
     * Protocol timers count ticks. A replica whose loop stalled (a GC pause, a starved CPU) must not
     * make up the missed ticks in a burst: its timers would run out before it had read the messages
     * that arrived meanwhile, and a replica that was merely slow would depose a correct primary alone
     * (seen at every cold start of a benchmark group: one replica moved to the next view by itself).
     */
    @Test
    void aStalledLoopDoesNotCatchUpOnTheTicksItMissed() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            EventLoopDriver driver = new EventLoopDriver(TICK_MILLIS);
            driver.bind(loop);
            AtomicInteger ticks = new AtomicInteger();
            driver.start(core(), ticks::incrementAndGet, e -> { });
            Thread.sleep(10 * TICK_MILLIS);

            long[] stallEnd = new long[2];
            loop.submit(() -> {
                Thread.sleep(40 * TICK_MILLIS);
                stallEnd[0] = ticks.get();
                stallEnd[1] = System.nanoTime();
                return null;
            }).get();
            Thread.sleep(TICK_MILLIS / 2);
            long[] later = loop.submit(() -> new long[] {ticks.get(), System.nanoTime()}).get();

            // One tick per period that passed since the stall ended (on a loaded machine, more than
            // half a period may pass), not the 40 the stall made it miss.
            long periods = (later[1] - stallEnd[1]) / TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
            long burst = later[0] - stallEnd[0];
            assertTrue(burst <= periods + 3, burst + " ticks ran in " + periods + " periods after a stall of 40");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
