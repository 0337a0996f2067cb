package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.protocol.Bytes;
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
}
