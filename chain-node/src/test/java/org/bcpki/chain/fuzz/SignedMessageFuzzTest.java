package org.bcpki.chain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.net.PeerPayload;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.MalformedDataException;

/**
 * The signed peer envelope RLP [payload, signature] and the payload RLP [kind, body] inside it.
 * Properties: an accepted envelope re-encodes to exactly the input, and if it recovers to a
 * fixture key, that key signed exactly this payload (so a changed envelope never verifies as its
 * sender unless it is byte-identical); the payload decodes only to a known kind, re-encodes
 * exactly, and fails only with {@link MalformedDataException}.
 */
class SignedMessageFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void onlyExactSignedEnvelopesVerify(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        Optional<SignedMessage> decoded = SignedMessage.decode(bytes);
        if (decoded.isEmpty()) {
            return;
        }
        SignedMessage message = decoded.get();
        assertEquals(bytes, message.encode());
        assertFalse(WireFixtures.forged(message), "an envelope verified for a key that did not sign it");
        PeerPayload payload;
        try {
            payload = PeerPayload.decode(message.payload());
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(message.payload(), payload.encode());
    }
}
