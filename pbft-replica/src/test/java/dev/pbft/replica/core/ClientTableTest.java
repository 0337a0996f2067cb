package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientTableTest {
    private static final int CLIENT = 4;
    private final Bytes put = Bytes.utf8("put k v");
    private final Bytes other = Bytes.utf8("put k w");

    @Test
    void aResultAnswersOnlyTheOperationItWasComputedFor() {
        ClientTable table = new ClientTable(8);
        table.recordExecuted(CLIENT, 1, put, Bytes.utf8("OK"));
        assertEquals(Bytes.utf8("OK"), table.cachedResult(CLIENT, 1, put));
        assertNull(table.cachedResult(CLIENT, 1, other));
        assertTrue(table.executedOther(CLIENT, 1, other));
        assertFalse(table.executedOther(CLIENT, 1, put));
        assertFalse(table.executedOther(CLIENT, 2, other), "timestamp 2 was never executed");
    }

    @Test
    void theFingerprintSeparatesOperations() {
        assertTrue(ClientTable.fingerprint(put) != ClientTable.fingerprint(other));
        assertTrue(ClientTable.fingerprint(Bytes.wrap(new byte[0])) != ClientTable.fingerprint(Bytes.wrap(new byte[1])));
    }

    @Test
    void fingerprintsSurviveTheEncodingThatStateTransferCarries() {
        ClientTable table = new ClientTable(8);
        table.recordExecuted(CLIENT, 1, put, Bytes.utf8("OK"));
        byte[] encoded = table.encode(CLIENT % ClientTable.PARTITIONS);
        ClientTable fetched = new ClientTable(8);
        fetched.decode(CLIENT % ClientTable.PARTITIONS, encoded);
        assertEquals(Bytes.utf8("OK"), fetched.cachedResult(CLIENT, 1, put));
        assertTrue(fetched.executedOther(CLIENT, 1, other));
        assertArrayEquals(encoded, fetched.encode(CLIENT % ClientTable.PARTITIONS));
    }

    @Test
    void theEncodingListsClientsAndKeptResultsInOrderAndLeavesOldOnesOut() {
        ClientTable table = new ClientTable(4);
        int second = CLIENT + ClientTable.PARTITIONS; // same partition, higher principal
        table.recordExecuted(second, 7, put, Bytes.utf8("s7"));
        for (long t : new long[] {1, 3, 2, 6, 5}) { // out of order, as a pipelining client's may run
            table.recordExecuted(CLIENT, t, put, Bytes.utf8("r" + t));
        }
        ByteBuffer expected = ByteBuffer.allocate(256);
        expected.putInt(2);
        expected.putInt(CLIENT).putLong(6).putInt(3); // 1 and 2 lie W = 4 or more below 6
        for (long t = 3; t <= 6; t++) {
            if (t != 4) {
                byte[] r = ("r" + t).getBytes(StandardCharsets.UTF_8);
                expected.putLong(t).putLong(ClientTable.fingerprint(put)).putInt(r.length).put(r);
            }
        }
        byte[] s7 = "s7".getBytes(StandardCharsets.UTF_8);
        expected.putInt(second).putLong(7).putInt(1).putLong(7).putLong(ClientTable.fingerprint(put))
                .putInt(s7.length).put(s7);
        byte[] want = Arrays.copyOf(expected.array(), expected.position());
        assertArrayEquals(want, table.encode(CLIENT % ClientTable.PARTITIONS));
        assertArrayEquals(new byte[0], table.encode((CLIENT + 1) % ClientTable.PARTITIONS));
    }
}
