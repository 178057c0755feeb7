package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.chain.tx.TransactionPoolOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The pool's Besu limits: share per sender, distance ahead, eviction of stale future transactions. */
class TransactionPoolLimitsTest {
    private static final Credentials CAROL = Credentials.create("0x" + "33".repeat(32));

    private static Transaction tx(Credentials from, long nonce) throws InvalidTransactionException {
        return TransactionCodec.decode(TestAccounts.legacy(from, 1337L, nonce, 0, 21_000, from.getAddress(), 0, "0x"));
    }

    @Test
    @DisplayName("finding 6: one sender cannot take more than tx-pool-limit-by-account-percentage of the pool")
    void senderShareIsCapped() throws Exception {
        TransactionPool pool = new TransactionPool(new TransactionPoolOptions(100, 0.1, 50));
        for (long nonce = 0; nonce < 10; nonce++) {
            pool.add(tx(TestAccounts.ALICE, nonce), 0);
        }
        InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> pool.add(tx(TestAccounts.ALICE, 10), 0));
        assertEquals(Reason.NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER, e.reason());
        assertEquals(10, pool.size(TestAccounts.address(TestAccounts.ALICE)));
        pool.add(tx(TestAccounts.BOB, 0), 0);
        assertEquals(11, pool.size());
    }

    @Test
    @DisplayName("finding 6: a full pool evicts the stalest nonce-gap transactions for runnable ones and says when it is full")
    void fullPoolEvictsStaleFutureTransactions() throws Exception {
        TransactionPool pool = new TransactionPool(new TransactionPoolOptions(6, 1.0, 50));
        for (long nonce = 5; nonce < 9; nonce++) {
            pool.add(tx(TestAccounts.ALICE, nonce), 0); // a gap at 0..4: never runnable
        }
        pool.add(tx(TestAccounts.BOB, 0), 0);
        pool.add(tx(TestAccounts.BOB, 1), 0);
        assertEquals(6, pool.size());
        // a future transaction never pushes anything out
        InvalidTransactionException full = assertThrows(InvalidTransactionException.class, () -> pool.add(tx(CAROL, 3), 0));
        assertEquals(Reason.POOL_FULL, full.reason());
        // a runnable one replaces the stalest gap transaction (Alice's highest nonce)
        pool.add(tx(CAROL, 0), 0);
        assertEquals(6, pool.size());
        assertEquals(3, pool.size(TestAccounts.address(TestAccounts.ALICE)));
        assertEquals(8, pool.pendingNonce(TestAccounts.address(TestAccounts.ALICE), 5));
        for (long nonce = 2; nonce < 5; nonce++) {
            pool.add(tx(TestAccounts.BOB, nonce), 0);
        }
        assertEquals(0, pool.size(TestAccounts.address(TestAccounts.ALICE)), "every gap transaction made way");
        InvalidTransactionException still = assertThrows(InvalidTransactionException.class, () -> pool.add(tx(TestAccounts.BOB, 5), 0));
        assertEquals(Reason.POOL_FULL, still.reason());
        assertTrue(still.getMessage().contains("full"));
        assertEquals(6, pool.executable(sender -> 0, 100).size());
    }
}
