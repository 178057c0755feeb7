package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.horizen.evm.TrieHasher;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.exec.Log;
import org.bcpki.chain.exec.Receipt;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.junit.jupiter.api.Test;

/** Transactions and receipts roots as this node computes them equal go-ethereum's DeriveSha (via libevm). */
class RootsAgainstGethTest {
    @Test
    void orderedRootsMatchGoEthereum() {
        List<Bytes> txs = new ArrayList<>();
        List<Bytes> receipts = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            txs.add(i % 2 == 0
                    ? TestAccounts.legacy(TestAccounts.ALICE, 1337L, i, 0, 21_000, TestAccounts.BOB.getAddress(), i, "0x")
                    : TestAccounts.eip1559(TestAccounts.ALICE, 1337, i, 30_000, TestAccounts.BOB.getAddress(), i, "0x01"));
            List<Log> logs = i % 3 == 0 ? List.of() : List.of(new Log(TestAccounts.address(TestAccounts.BOB),
                    List.of(Bytes32.leftPad(Bytes.of(i))), Bytes.of(i, 1, 2)));
            receipts.add(Receipt.of(i % 2 == 0 ? 0 : 2, i % 5 != 0, 21_000L * (i + 1), logs).encode());
        }
        for (int n : new int[] {0, 1, 2, 16, 17, 130}) {
            assertEquals(geth(txs.subList(0, n)), MerklePatriciaTrie.orderedRoot(txs.subList(0, n)), "transactions " + n);
            assertEquals(geth(receipts.subList(0, n)), MerklePatriciaTrie.orderedRoot(receipts.subList(0, n)), "receipts " + n);
        }
        Receipt decoded = Receipt.decode(receipts.get(7));
        assertEquals(receipts.get(7), decoded.encode());
    }

    private static Bytes32 geth(List<Bytes> items) {
        return Bytes32.wrap(TrieHasher.Root(items.stream().map(Bytes::toArray).toArray(byte[][]::new)).toBytes());
    }
}
