package org.bcpki.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.Vote;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The consensus thread reads vote proposals while RPC threads write them. */
class VoteProposalsRaceTest {
    private static Address address(int b) {
        return Address.fromHex("0x" + String.format("%02x", b).repeat(20));
    }

    @Test
    @DisplayName("finding 14: an RPC thread proposing a vote while the consensus thread picks one never breaks the pick")
    void proposalDuringPick() throws Exception {
        Map<Address, Boolean> proposals = Collections.synchronizedMap(new LinkedHashMap<>());
        Address current = address(1);
        Address candidate = address(2);
        proposals.put(current, true);   // a no-op vote: already a validator
        proposals.put(candidate, true); // the vote that changes the set
        // the validator set's contains() is called while the proposals are being walked: at that exact
        // moment another thread proposes a vote, and we wait until it has either finished or is blocked
        Set<Address> validators = new AbstractSet<>() {
            boolean raced;

            @Override
            public boolean contains(Object o) {
                if (!raced) {
                    raced = true;
                    Thread rpc = new Thread(() -> proposals.put(address(3), true));
                    rpc.start();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (rpc.getState() != Thread.State.TERMINATED && rpc.getState() != Thread.State.BLOCKED) {
                        assertTrue(System.nanoTime() < deadline, "the proposing thread neither finished nor blocked");
                        Thread.onSpinWait();
                    }
                }
                return o.equals(current);
            }

            @Override
            public Iterator<Address> iterator() {
                return Set.of(current).iterator();
            }

            @Override
            public int size() {
                return 1;
            }
        };
        Optional<Vote> vote = QbftEngine.firstChange(proposals, validators);
        assertEquals(Optional.of(new Vote(candidate, true)), vote);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!proposals.containsKey(address(3))) {
            assertTrue(System.nanoTime() < deadline, "the concurrent proposal was lost");
            Thread.onSpinWait();
        }
    }
}
