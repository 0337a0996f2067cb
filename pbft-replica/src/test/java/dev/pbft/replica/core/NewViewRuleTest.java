package dev.pbft.replica.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pbft.protocol.Bytes;
import dev.pbft.protocol.message.ViewChange;
import dev.pbft.protocol.message.ViewChange.CheckpointClaim;
import dev.pbft.protocol.message.ViewChange.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The new-view decision of TOCS'02 section 4.5.2, as a table of VIEW-CHANGE sets and outcomes (f = 1). */
class NewViewRuleTest {
    private static final int F = 1;
    private static final int L = 16;
    private static final Bytes A = digest(1);
    private static final Bytes B = digest(2);
    private static final Bytes S8 = digest(8);
    private static final Bytes S8_BAD = digest(9);
    private static final CheckpointClaim GENESIS = new CheckpointClaim(0, NewViewRule.GENESIS_DIGEST);

    private static Bytes digest(int b) {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) b);
        return Bytes.wrap(d);
    }

    /** A VIEW-CHANGE for view 2 from {@code replica} with stable checkpoint h and the given claims. */
    private static ViewChange vc(int replica, long h, List<CheckpointClaim> c, List<Entry> p, List<Entry> q) {
        return new ViewChange(2, h, c, p, q, replica, Bytes.EMPTY);
    }

    private static ViewChange empty(int replica) {
        return vc(replica, 0, List.of(GENESIS), List.of(), List.of());
    }

    private static List<Bytes> digests(Bytes... d) {
        return new ArrayList<>(Arrays.asList(d));
    }

    @Test
    void nothingPreparedGivesTheGenesisCheckpointAndAnEmptyO() {
        var d = NewViewRule.decide(List.of(empty(0), empty(1), empty(2)), F, 2 * F + 1, L);
        assertEquals(0, d.stableSeq());
        assertEquals(List.of(), d.digests());
    }

    @Test
    void aDigestPreparedAtOneReplicaAndPrePreparedAtFPlusOneIsKept() {
        // Replica 0 prepared A at seq 1 in view 1 (so 2f+1 pre-prepared or prepared it there).
        var s = List.of(
                vc(0, 0, List.of(GENESIS), List.of(new Entry(1, A, 1)), List.of(new Entry(1, A, 1))),
                vc(1, 0, List.of(GENESIS), List.of(), List.of(new Entry(1, A, 1))),
                vc(2, 0, List.of(GENESIS), List.of(), List.of()));
        assertEquals(digests(A), NewViewRule.decide(s, F, 2 * F + 1, L).digests());
    }

    @Test
    void aPreparedClaimNobodyElsePrePreparedIsNotChosenButNullNeedsTwoFPlusOneSilentOnes() {
        // A lone (faulty) claim fails A2; B then needs 2f+1 without a P entry, and only 2 have none.
        var s = List.of(
                vc(0, 0, List.of(GENESIS), List.of(new Entry(1, A, 1)), List.of(new Entry(1, A, 1))),
                empty(1), empty(2));
        assertNull(NewViewRule.decide(s, F, 2 * F + 1, L), "not settled yet: wait for more VIEW-CHANGEs");
        var more = new ArrayList<>(s);
        more.add(empty(3));
        assertEquals(digests(), NewViewRule.decide(more, F, 2 * F + 1, L).digests(), "with 3 silent ones seq 1 is null, and trailing nulls go");
    }

    @Test
    void theHighestViewWinsAndGapsBecomeNullRequests() {
        var s = List.of(
                vc(0, 0, List.of(GENESIS), List.of(new Entry(1, A, 0), new Entry(3, B, 1)),
                        List.of(new Entry(1, A, 0), new Entry(3, B, 1))),
                vc(1, 0, List.of(GENESIS), List.of(new Entry(1, A, 0)), List.of(new Entry(1, A, 0), new Entry(3, B, 1))),
                vc(2, 0, List.of(GENESIS), List.of(), List.of(new Entry(1, A, 0))));
        assertEquals(digests(A, null, B), NewViewRule.decide(s, F, 2 * F + 1, L).digests());
    }

    @Test
    void aLaterViewOverridesAnEarlierPreparedDigest() {
        // A prepared in view 0 at replica 0; B prepared in view 1 at replicas 1 and 2.
        var s = List.of(
                vc(0, 0, List.of(GENESIS), List.of(new Entry(1, A, 0)), List.of(new Entry(1, A, 0))),
                vc(1, 0, List.of(GENESIS), List.of(new Entry(1, B, 1)), List.of(new Entry(1, B, 1))),
                vc(2, 0, List.of(GENESIS), List.of(new Entry(1, B, 1)), List.of(new Entry(1, B, 1))));
        assertEquals(digests(B), NewViewRule.decide(s, F, 2 * F + 1, L).digests());
    }

    @Test
    void theCheckpointIsTheHighestThatFPlusOneClaimAndTwoFPlusOneReach() {
        CheckpointClaim at8 = new CheckpointClaim(8, S8);
        var s = List.of(
                vc(0, 8, List.of(at8), List.of(new Entry(9, A, 0)), List.of(new Entry(9, A, 0))),
                vc(1, 0, List.of(GENESIS, at8), List.of(new Entry(9, A, 0)), List.of(new Entry(9, A, 0))),
                vc(2, 0, List.of(GENESIS), List.of(), List.of()));
        var d = NewViewRule.decide(s, F, 2 * F + 1, L);
        assertEquals(8, d.stableSeq());
        assertEquals(S8, d.stableDigest());
        assertEquals(digests(A), d.digests());
    }

    @Test
    void oneFaultyCheckpointClaimIsNotEnough() {
        var s = List.of(
                vc(0, 0, List.of(GENESIS, new CheckpointClaim(8, S8_BAD)), List.of(), List.of()),
                empty(1), empty(2));
        assertEquals(0, NewViewRule.decide(s, F, 2 * F + 1, L).stableSeq());
    }

    @Test
    void theOrderOfTheSetDoesNotMatter() {
        var s = new ArrayList<>(List.of(
                vc(0, 0, List.of(GENESIS), List.of(new Entry(2, A, 1)), List.of(new Entry(2, A, 1), new Entry(2, B, 0))),
                vc(1, 0, List.of(GENESIS), List.of(new Entry(2, B, 0)), List.of(new Entry(2, A, 1), new Entry(2, B, 0))),
                vc(2, 0, List.of(GENESIS), List.of(), List.of(new Entry(2, A, 1))),
                empty(3)));
        var first = NewViewRule.decide(s, F, 2 * F + 1, L);
        java.util.Collections.reverse(s);
        assertEquals(first, NewViewRule.decide(s, F, 2 * F + 1, L));
        assertEquals(digests(null, A), first.digests());
    }
}
