package dev.pbft.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pbft.crypto.Digests;
import dev.pbft.crypto.MacKeyring;
import dev.pbft.protocol.SampleMessages;
import dev.pbft.protocol.message.Message;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated input to every decoder: the only outcome other than a valid message
 * must be a {@link CodecException}, and no single decode may allocate more than a bounded multiple
 * of its input. Seeded: a failure names its seed and case, and {@code -Dfuzz.seed=N} replays it.
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    private static final int MESSAGE_CASES = 60_000;
    private static final int FRAME_CASES = 50_000;
    private static final long ALLOCATION_SLACK_BYTES = 256 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final byte[] key = new byte[32];
    private final MacKeyring receiver = MacKeyring.of(0, Map.of(1, key), Map.of(1, key));
    private final MacKeyring sender = MacKeyring.of(1, Map.of(0, key), Map.of(0, key));

    @Test
    void messageDecoderRejectsHostileBytesCleanly() {
        var codec = new MessageCodec(SampleMessages.LIMITS);
        var samples = new SampleMessages(SEED, SampleMessages.LIMITS);
        var mutator = new Mutator(new Random(SEED));
        int accepted = 0;
        for (int i = 0; i < MESSAGE_CASES; i++) {
            byte[] input = i % 10 == 0 ? mutator.random(i % 200) : mutator.mutate(codec.encode(samples.any()));
            accepted += decodeOrReject(i, input, bytes -> codec.decode(bytes, 0, bytes.length)) ? 1 : 0;
        }
        System.out.printf("message fuzz: seed %d, %d cases, %d still decoded%n", SEED, MESSAGE_CASES, accepted);
    }

    @Test
    void frameDecoderRejectsHostileFramesCleanly() {
        var codec = new MessageCodec(SampleMessages.LIMITS);
        var decoder = new FrameDecoder(0, new MessageCodec(SampleMessages.LIMITS), receiver);
        var samples = new SampleMessages(SEED + 1, SampleMessages.LIMITS);
        var mutator = new Mutator(new Random(SEED + 1));
        int accepted = 0;
        for (int i = 0; i < FRAME_CASES; i++) {
            // Half the cases mutate the body and re-MAC it, so hostile bodies get past the MAC
            // check the way a faulty but keyed peer's would.
            // A third of the frames carry several messages, as coalesced unicasts do.
            byte[] body = i % 3 == 0 ? codec.encodeAll(List.of(samples.any(), samples.any(), samples.any()))
                    : codec.encode(samples.any());
            byte[] frame = i % 2 == 0 ? frame(mutator.mutate(body)) : mutator.mutate(frame(body));
            accepted += decodeOrReject(i, frame, bytes -> decoder.decodeAll(1, bytes, 0, bytes.length).get(0)) ? 1 : 0;
        }
        System.out.printf("frame fuzz: seed %d, %d cases, %d still decoded%n", SEED, FRAME_CASES, accepted);
    }

    @Test
    void frameDecoderAcceptsWhatTheEncoderBuilds() throws CodecException {
        var encoder = new FrameEncoder(new MessageCodec(SampleMessages.LIMITS), sender);
        var decoder = new FrameDecoder(0, new MessageCodec(SampleMessages.LIMITS), receiver);
        for (Message m : new SampleMessages(SEED, SampleMessages.LIMITS).oneOfEach()) {
            byte[] frame = encoder.encode(m, new int[] {0}).frameFor(0);
            assertEquals(m, decoder.decode(1, frame, 4, frame.length - 4));
        }
    }

    @Test
    void aFrameWithoutAMacForTheReceiverIsRejectedAsMac() {
        var encoder = new FrameEncoder(new MessageCodec(SampleMessages.LIMITS),
                MacKeyring.of(1, Map.of(2, key), Map.of()));
        var decoder = new FrameDecoder(0, new MessageCodec(SampleMessages.LIMITS), receiver);
        byte[] frame = encoder.encode(new SampleMessages(SEED, SampleMessages.LIMITS).commit(), new int[] {2}).frameFor(0);
        try {
            decoder.decode(1, frame, 4, frame.length - 4);
            fail("decoded a frame with no MAC for the receiver");
        } catch (CodecException e) {
            assertEquals("mac", e.reason());
        }
    }

    private interface Decode {
        Message apply(byte[] bytes) throws CodecException;
    }

    private boolean decodeOrReject(int caseNo, byte[] input, Decode decode) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        String outcome = decodeOnce(caseNo, input, decode);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > allocationBound(input)) {
            // A first pass through a rare path may load classes or deoptimise; an allocation sized
            // by the input happens again on the same input, so measure once more before failing.
            before = THREADS.getCurrentThreadAllocatedBytes();
            decodeOnce(caseNo, input, decode);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated > allocationBound(input)) {
                fail("seed " + SEED + " case " + caseNo + ": decoding " + input.length + " bytes allocated "
                        + allocated + " (" + outcome + ")");
            }
        }
        return outcome == null;
    }

    private static long allocationBound(byte[] input) {
        return 8L * input.length + ALLOCATION_SLACK_BYTES;
    }

    /** Returns null if the input decoded, else the rejection; fails on any other exception. */
    private static String decodeOnce(int caseNo, byte[] input, Decode decode) {
        try {
            decode.apply(input);
            return null;
        } catch (CodecException e) {
            assertTrue(Set.of("bound", "malformed", "mac").contains(e.reason()), e.reason());
            return e.getMessage();
        } catch (Throwable t) {
            throw new AssertionError("seed " + SEED + " case " + caseNo + ": " + t, t);
        }
    }

    /** A frame around an arbitrary body with a valid MAC from principal 1 to principal 0. */
    private byte[] frame(byte[] body) {
        byte[] mac = sender.mac(0, Digests.sha256(body));
        ByteBuffer buf = ByteBuffer.allocate(Frame.length(body.length, 1));
        buf.putInt(body.length).put(body).put((byte) 1).putShort((short) 0).put(mac);
        return buf.array();
    }
}
