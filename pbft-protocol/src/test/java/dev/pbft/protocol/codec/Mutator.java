package dev.pbft.protocol.codec;

import java.util.Arrays;
import java.util.Random;

/** Seeded mutations of valid encodings: the shapes hostile bytes take on a wire. */
final class Mutator {
    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    byte[] mutate(byte[] valid) {
        byte[] b = valid.clone();
        switch (random.nextInt(8)) {
            case 0 -> flipBits(b);
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            case 2 -> b = append(b, random.nextInt(16) + 1);
            case 3 -> overwrite(b, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
            case 4 -> overwrite(b, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80});
            case 5 -> setRandomBytes(b, 1 + random.nextInt(4));
            case 6 -> b = random(random.nextInt(64));
            default -> {
                flipBits(b);
                b = Arrays.copyOf(b, Math.max(0, b.length - random.nextInt(3)));
            }
        }
        return b;
    }

    byte[] random(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private void flipBits(byte[] b) {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && b.length > 0; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
    }

    private byte[] append(byte[] b, int extra) {
        byte[] out = Arrays.copyOf(b, b.length + extra);
        for (int i = b.length; i < out.length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private void overwrite(byte[] b, byte[] pattern) {
        if (b.length == 0) {
            return;
        }
        int at = random.nextInt(b.length);
        for (int i = 0; i < pattern.length && at + i < b.length; i++) {
            b[at + i] = pattern[i];
        }
    }

    private void setRandomBytes(byte[] b, int count) {
        for (int i = 0; i < count && b.length > 0; i++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
    }
}
