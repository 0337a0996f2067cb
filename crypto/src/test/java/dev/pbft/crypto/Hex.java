package dev.pbft.crypto;

import java.util.HexFormat;

/** Test helper: hex strings as typed in the RFCs, whitespace allowed. */
final class Hex {
    private Hex() {
    }

    static byte[] b(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String s(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    static byte[] range(int from, int toInclusive) {
        byte[] out = new byte[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }
}
