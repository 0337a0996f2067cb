package dev.pbft.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.io.Output;
import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.SampleMessages;
import dev.pbft.protocol.message.Message;
import dev.pbft.protocol.message.PrePrepare;
import dev.pbft.protocol.message.Request;
import dev.pbft.protocol.message.ViewChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(SampleMessages.LIMITS);

    @Test
    void aViewChangeWithEveryPrePreparedDigestAReplicaMayKeepRoundTrips() throws CodecException {
        // A correct replica keeps up to PRE_PREPARED_PER_SEQ_MAX digests for each of L sequence numbers.
        WireLimits limits = SampleMessages.LIMITS;
        List<ViewChange.Entry> q = new ArrayList<>();
        for (int seq = 1; seq <= limits.windowSize(); seq++) {
            for (int d = 0; d < WireLimits.PRE_PREPARED_PER_SEQ_MAX; d++) {
                byte[] digest = new byte[32];
                digest[0] = (byte) d;
                q.add(new ViewChange.Entry(seq, Bytes.wrap(digest), d));
            }
        }
        var vc = new ViewChange(9, 0, List.of(new ViewChange.CheckpointClaim(0, Bytes.wrap(new byte[32]))), List.of(), q,
                1, Bytes.wrap(new byte[64]));
        MessageCodec codec = new MessageCodec(limits);
        byte[] bytes = codec.encode(vc);
        assertEquals(vc, codec.decode(bytes, 0, bytes.length));
    }

    @Test
    void everyMessageTypeRoundTrips() throws CodecException {
        for (long seed = 0; seed < 50; seed++) {
            for (Message m : new SampleMessages(seed, SampleMessages.LIMITS).oneOfEach()) {
                byte[] encoded = codec.encode(m);
                assertEquals(m, codec.decode(encoded, 0, encoded.length), m.getClass().getSimpleName());
            }
        }
    }

    @Test
    void decodesAtAnOffsetInsideALargerBuffer() throws CodecException {
        Message m = new SampleMessages(1, SampleMessages.LIMITS).viewChange();
        byte[] encoded = codec.encode(m);
        byte[] padded = new byte[encoded.length + 20];
        System.arraycopy(encoded, 0, padded, 7, encoded.length);
        assertEquals(m, codec.decode(padded, 7, encoded.length));
    }

    @Test
    void rejectsAnUnregisteredClassId() {
        Output out = new Output(16);
        out.writeVarInt(99 + 2, true); // Kryo writes registered id + 2
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(out.toBytes(), 0, out.position()));
        assertEquals("malformed", e.reason());
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] encoded = codec.encode(new SampleMessages(2, SampleMessages.LIMITS).commit());
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(CodecException.class, () -> codec.decode(longer, 0, longer.length));
    }

    @Test
    void rejectsABatchOverItsBoundBeforeAllocatingIt() {
        var big = new MessageCodec(new WireLimits(8, 4, 1024, 4096, 1000, 8, 1 << 20));
        List<Request> batch = new ArrayList<>();
        for (int i = 0; i < SampleMessages.LIMITS.batchRequestsMax() + 1; i++) {
            batch.add(new Request(5, i, Bytes.EMPTY, false, Bytes.EMPTY));
        }
        byte[] encoded = big.encode(new PrePrepare(0, 1, Bytes.wrap(new byte[32]), batch));
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(encoded, 0, encoded.length));
        assertEquals("bound", e.reason());
    }

    @Test
    void rejectsALengthClaimLargerThanTheBytesLeft() {
        Output out = new Output(64);
        out.writeVarInt(10 + 2, true); // Request
        out.writeVarInt(5, true);
        out.writeVarLong(1, true);
        out.writeVarInt(1000, true); // claims 1000 operation bytes, sends none
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(out.toBytes(), 0, out.position()));
        assertEquals("bound", e.reason());
    }

    @Test
    void rejectsARequestWithFlagsItDoesNotKnow() {
        Output out = new Output(64);
        out.writeVarInt(10 + 2, true); // Request
        out.writeVarInt(5, true);
        out.writeVarLong(1, true);
        out.writeVarInt(0, true); // no operation bytes
        out.writeByte(Request.READ_ONLY | Request.REPLY_ALL | 4);
        out.writeVarInt(0, true); // no authenticator
        CodecException e = assertThrows(CodecException.class, () -> codec.decode(out.toBytes(), 0, out.position()));
        assertEquals("bound", e.reason());
    }

    @Test
    void rejectsAPrincipalOutsideTheGroup() {
        var wide = new MessageCodec(new WireLimits(100, 4, 1024, 4096, 16, 8, 1 << 20));
        byte[] encoded = wide.encode(new Request(50, 1, Bytes.EMPTY, false, Bytes.EMPTY));
        assertThrows(CodecException.class, () -> codec.decode(encoded, 0, encoded.length));
    }

    @Test
    void refusesToEncodeAMessageLargerThanAFrame() {
        var tiny = new MessageCodec(new WireLimits(8, 4, 1 << 20, 4096, 16, 8, 128));
        var request = new Request(5, 1, Bytes.wrap(new byte[1000]), false, Bytes.EMPTY);
        assertThrows(IllegalArgumentException.class, () -> tiny.encode(request));
    }

    @Test
    void encodingIsDeterministic() {
        Message m = new SampleMessages(3, SampleMessages.LIMITS).newView();
        assertArrayEquals(codec.encode(m), codec.encode(m));
    }

    @Test
    void severalMessagesRoundTripInOneBody() throws CodecException {
        List<Message> messages = new SampleMessages(4, SampleMessages.LIMITS).oneOfEach();
        byte[] body = codec.encodeAll(messages);
        assertEquals(messages, codec.decodeAll(body, 0, body.length));
        assertThrows(CodecException.class, () -> codec.decode(body, 0, body.length), "decode wants exactly one");
    }

    @Test
    void aBodyWithoutMessagesOrWithTooManyIsRejected() {
        assertThrows(CodecException.class, () -> codec.decodeAll(new byte[0], 0, 0));
        var commit = new SampleMessages(5, SampleMessages.LIMITS).commit();
        List<Message> tooMany = java.util.Collections.nCopies(MessageCodec.MESSAGES_PER_FRAME_MAX + 1, commit);
        byte[] body = codec.encodeAll(tooMany);
        CodecException e = assertThrows(CodecException.class, () -> codec.decodeAll(body, 0, body.length));
        assertEquals("bound", e.reason());
    }
}
