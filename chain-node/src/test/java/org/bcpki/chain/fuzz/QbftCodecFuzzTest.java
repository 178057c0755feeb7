package org.bcpki.chain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.consensus.QbftCodec;
import org.bcpki.chain.consensus.QbftMessage;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.MalformedDataException;

/**
 * QBFT messages as peers send them (proposals with blocks and justifications, prepares, commits,
 * round changes with prepared certificates). Properties: only {@link MalformedDataException}; an
 * accepted message re-encodes to exactly the input; an embedded signed message that recovers to a
 * fixture validator is one that validator signed.
 */
class QbftCodecFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void decodedMessagesReencodeToTheSameBytes(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        QbftMessage message;
        try {
            message = QbftCodec.decode(bytes);
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(bytes, QbftCodec.encode(message));
        List<SignedMessage> embedded = new ArrayList<>();
        switch (message) {
            case QbftMessage.Proposal p -> embedded.addAll(p.roundChanges());
            case QbftMessage.RoundChange rc -> rc.prepared().ifPresent(c -> embedded.addAll(c.prepares()));
            default -> { }
        }
        for (SignedMessage m : embedded) {
            assertFalse(WireFixtures.forged(m), "an embedded message verified for a key that did not sign it");
        }
    }
}
