package org.bcpki.chain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.core.crypto.Keccak;

/**
 * Raw signed transactions as RPC users and peers submit them (legacy, EIP-155, EIP-2930,
 * EIP-1559). Properties: only {@link InvalidTransactionException}; an accepted transaction keeps
 * exactly the input as its raw form and keccak(input) as its hash; and if its sender is a fixture
 * account, the input is a transaction that account signed, byte for byte (no second encoding, so
 * no second hash, of a signed transaction).
 */
class TransactionCodecFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void acceptedTransactionsAreExactlyWhatTheirSenderSigned(byte[] input) {
        Bytes raw = Bytes.wrap(input);
        Transaction tx;
        try {
            tx = TransactionCodec.decode(raw);
        } catch (InvalidTransactionException expected) {
            return;
        }
        assertEquals(raw, tx.raw());
        assertEquals(Bytes.wrap(Keccak.keccak256(input)), tx.hash());
        Set<Bytes> signed = WireFixtures.SIGNED_TRANSACTIONS.get(tx.from());
        if (signed != null) {
            assertTrue(signed.contains(raw), "a transaction verified for an account that did not sign these bytes");
        }
    }
}
