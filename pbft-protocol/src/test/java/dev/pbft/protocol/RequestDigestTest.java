package dev.pbft.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.pbft.protocol.message.Request;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client's authenticator and a batch digest cover. */
class RequestDigestTest {
    private static final Bytes OP = Bytes.utf8("op");

    @Test
    void theFlagsAreCoveredSoNoReplicaCanChangeWhatTheClientAskedFor() {
        byte[] plain = new Request(5, 1, OP, false, false, Bytes.EMPTY).digest().toArray();
        byte[] replyAll = new Request(5, 1, OP, false, true, Bytes.EMPTY).digest().toArray();
        byte[] readOnly = new Request(5, 1, OP, true, false, Bytes.EMPTY).digest().toArray();
        assertFalse(Arrays.equals(plain, replyAll));
        assertFalse(Arrays.equals(plain, readOnly));
        assertFalse(Arrays.equals(replyAll, readOnly));
        assertArrayEquals(plain, RequestDigest.of(5, 1, false, OP), "the two-flag form and the read-only form agree");
    }

    @Test
    void aBatchDigestCoversEachRequestsFlags() {
        assertNotEquals(BatchDigest.of(List.of(new Request(5, 1, OP, false, false, Bytes.EMPTY))),
                BatchDigest.of(List.of(new Request(5, 1, OP, false, true, Bytes.EMPTY))));
    }
}
