package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.chain.Address;
import org.junit.jupiter.api.Test;

/**
 * qbft_getSignerMetrics lists its entries as Besu does: in the iteration order of a HashMap keyed by
 * Besu's Address, whose hash is the 31-polynomial over its 20 signed bytes (Arrays.hashCode). The
 * expected orders follow from that hash and HashMap's layout: bucket = (h ^ h >>> 16) & 15 while
 * there are fewer than 13 entries, entries of one bucket in the order they were put.
 */
class SignerMetricsOrderTest {
    private static final Address ZERO = Address.fromHex("0x0000000000000000000000000000000000000000"); // bucket 9
    private static final Address ONES = Address.fromHex("0x1111111111111111111111111111111111111111"); // bucket 14
    private static final Address TWOS = Address.fromHex("0x2222222222222222222222222222222222222222"); // bucket 7
    private static final Address THREES = Address.fromHex("0x3333333333333333333333333333333333333333"); // bucket 13
    private static final Address FOURS = Address.fromHex("0x4444444444444444444444444444444444444444"); // bucket 2
    private static final Address FFS = Address.fromHex("0xffffffffffffffffffffffffffffffffffffffff"); // bucket 2

    @Test
    void entriesComeInBesusHashMapOrder() {
        Map<Address, Integer> firstSeen = new LinkedHashMap<>();
        for (Address a : List.of(ZERO, ONES, TWOS, THREES, FOURS, FFS)) {
            firstSeen.put(a, firstSeen.size());
        }
        Map<Address, Integer> besu = NodeInfoApi.inBesuHashOrder(firstSeen);
        assertEquals(List.of(FOURS, FFS, TWOS, ZERO, THREES, ONES), List.copyOf(besu.keySet()));
        assertEquals(List.of(4, 5, 2, 0, 3, 1), List.copyOf(besu.values()), "each address keeps its metric");
    }

    @Test
    void oneBucketKeepsTheOrderEntriesWerePut() {
        Map<Address, Integer> firstSeen = new LinkedHashMap<>();
        firstSeen.put(FFS, 0);
        firstSeen.put(FOURS, 1);
        assertEquals(List.of(FFS, FOURS), List.copyOf(NodeInfoApi.inBesuHashOrder(firstSeen).keySet()));
    }
}
