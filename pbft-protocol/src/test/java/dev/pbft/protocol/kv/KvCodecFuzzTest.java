package dev.pbft.protocol.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes against both decoders: only {@link IllegalArgumentException} may escape, and
 * whatever decodes re-encodes to exactly the input (the format is canonical). A failure names
 * the seed and the case, which replay it exactly.
 */
class KvCodecFuzzTest {
    private static final long SEED = 0x6b76L;
    private static final int CASES = 20_000;

    @Test
    void mutatedAndRandomOperationsFailOnlyWithIllegalArgument() {
        List<byte[]> valid = KvCodecTest.sampleOps().stream().map(KvCodec::encode).toList();
        fuzz(valid, bytes -> KvCodec.encode(KvCodec.decode(bytes)));
    }

    @Test
    void mutatedAndRandomResultsFailOnlyWithIllegalArgument() {
        List<byte[]> valid = KvCodecTest.sampleResults().stream().map(KvCodec::encodeResult).toList();
        fuzz(valid, bytes -> KvCodec.encodeResult(KvCodec.decodeResult(bytes)));
    }

    private static void fuzz(List<byte[]> valid, Function<byte[], byte[]> roundTrip) {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(random, valid.get(random.nextInt(valid.size())));
            try {
                assertArrayEquals(input, roundTrip.apply(input), "case " + i + " of seed " + SEED);
            } catch (IllegalArgumentException expected) {
                // refused with a reason: the only acceptable failure
            } catch (RuntimeException e) {
                fail("case " + i + " of seed " + SEED + " threw " + e + " on " + Arrays.toString(input), e);
            }
        }
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(7)) {
            case 0 -> flip(random, b);
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
            case 3 -> overwrite(random, b, new byte[] {(byte) 0x80, 0, 0, 0});
            case 4 -> overwrite(random, b, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            case 5 -> {
                b = new byte[random.nextInt(48)];
                random.nextBytes(b);
            }
            default -> {
                flip(random, b);
                b = Arrays.copyOf(b, Math.max(0, b.length - random.nextInt(3)));
            }
        }
        return b;
    }

    private static void flip(Random random, byte[] b) {
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips && b.length > 0; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
    }

    private static void overwrite(Random random, byte[] b, byte[] pattern) {
        if (b.length > 0) {
            int at = random.nextInt(b.length);
            System.arraycopy(pattern, 0, b, at, Math.min(pattern.length, b.length - at));
        }
    }
}
