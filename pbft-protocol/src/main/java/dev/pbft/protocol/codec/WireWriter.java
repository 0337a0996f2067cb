package dev.pbft.protocol.codec;

import com.esotericsoftware.kryo.io.Output;
import dev.pbft.protocol.Bytes;

/** The writing side of {@link WireReader}: length-prefixed byte strings and varints. */
final class WireWriter {
    private WireWriter() {
    }

    static void bytes(Output out, Bytes b) {
        out.writeVarInt(b.length(), true);
        out.writeBytes(b.backingArray());
    }
}
