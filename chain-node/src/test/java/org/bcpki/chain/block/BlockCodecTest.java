package org.bcpki.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.fuzz.RawRlp;
import org.bcpki.chain.fuzz.WireFixtures;
import org.bcpki.chain.net.PeerPayload;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

/** Regression tests for what fuzzing found in the block and byte-string-list wire forms (issue #17). */
class BlockCodecTest {
    private static Bytes body(String envelope) {
        return PeerPayload.decode(SignedMessage.decode(WireFixtures.ENVELOPES.get(envelope)).orElseThrow().payload()).body();
    }

    @Test
    void aBlockReencodesToItsBytes() throws InvalidTransactionException {
        Bytes encoded = body("new-block");
        assertEquals(encoded, Block.decode(encoded).encode());
    }

    @Test
    void aBlockWithTrailingItemsOrBytesIsRejected() {
        Bytes encoded = body("new-block");
        assertThrows(MalformedDataException.class, () -> Block.decode(Bytes.concatenate(encoded, Bytes.of(0))));
        assertThrows(MalformedDataException.class, () -> Block.decode(RawRlp.withExtraItem(encoded, Bytes.of(0x80))));
    }

    @Test
    void aListOfByteStringsWithTrailingBytesOrNestedListsIsRejected() {
        Bytes transactions = body("transactions");
        assertEquals(WireFixtures.TRANSACTIONS.size(), RlpLists.decode(transactions).size());
        assertThrows(MalformedDataException.class, () -> RlpLists.decode(Bytes.concatenate(transactions, Bytes.of(0))));
        assertThrows(MalformedDataException.class, () -> RlpLists.decode(RawRlp.list(List.of(Bytes.of(0xc0)))));
    }
}
