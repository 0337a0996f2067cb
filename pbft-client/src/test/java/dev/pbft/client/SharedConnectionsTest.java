package dev.pbft.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link ClientResourcesTest} again, with the clients of a loop sharing one
 * connection per replica; and what only sharing can get wrong.
 */
class SharedConnectionsTest extends ClientResourcesTest {
    @Override
    ClientResources newResources() {
        return ClientResources.sharingConnections(2);
    }

    @Test
    void theResourcesSayTheyShare() {
        assertTrue(shared.sharesConnections());
        assertTrue(!ClientResources.create(1).sharesConnections());
    }

    @Test
    void aSecondClientOfTheSameNameOnTheSameSharedConnectionsIsRefused() throws Exception {
        PbftClient first = group.client(0, shared);
        var refused = assertThrows(PbftClientException.class, () -> group.client(0, shared));
        assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
        assertArrayEquals(utf8("ba"), first.invoke(utf8("ab")), "the first one is untouched");
    }

    @Test
    void clientsJoiningAndLeavingTheSharedConnectionsKeepGettingTheirOwnResults() throws Exception {
        List<PbftClient> clients = clients(8);
        for (int round = 0; round < 3; round++) {
            // The clients that opened each loop's connections leave first; the others stay on them.
            clients.get(round).close();
            for (int i = round + 1; i < 8; i++) {
                String op = "r" + round + "c" + i;
                assertArrayEquals(utf8(new StringBuilder(op).reverse().toString()), clients.get(i).invoke(utf8(op)));
            }
        }
        clients.subList(3, 8).forEach(PbftClient::close);
        // Every loop's connections are gone with their last client; a new client opens them again.
        assertArrayEquals(utf8("ts"), group.client(0, shared).invoke(utf8("st")));
        assertArrayEquals(utf8("ut"), group.client(5, shared).invoke(utf8("tu")));
    }
}
