package org.bcpki.chain.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.fuzz.RawRlp;
import org.bcpki.chain.fuzz.WireFixtures;
import org.bcpki.core.MalformedDataException;
import org.junit.jupiter.api.Test;

/** Regression tests for what fuzzing the signed peer envelope (issue #17) found. */
class SignedMessageTest {
    private static final Bytes STATUS = WireFixtures.ENVELOPES.get("status");

    @Test
    void everyEnvelopeVerifiesAsItsSenderAndReencodesToItsBytes() {
        for (Map.Entry<String, Bytes> e : WireFixtures.ENVELOPES.entrySet()) {
            SignedMessage m = SignedMessage.decode(e.getValue()).orElseThrow();
            assertEquals(WireFixtures.NODE_KEYS.get(0).address(), m.sender(), e.getKey());
            assertEquals(e.getValue(), m.encode(), e.getKey());
            assertEquals(m.payload(), PeerPayload.decode(m.payload()).encode(), e.getKey());
        }
    }

    @Test
    void anEnvelopeWithTrailingBytesOrItemsDoesNotVerify() {
        assertTrue(SignedMessage.decode(Bytes.concatenate(STATUS, Bytes.of(0))).isEmpty());
        assertTrue(SignedMessage.decode(RawRlp.withExtraItem(STATUS, Bytes.of(0x80))).isEmpty());
        assertTrue(SignedMessage.decode(RawRlp.withItem(STATUS, 1,
                RLP.encodeValue(Bytes.concatenate(SignedMessage.decode(STATUS).orElseThrow().signature(), Bytes.of(0))))).isEmpty());
    }

    @Test
    void aPeerPayloadWithAnUnknownKindOrExtraItemsIsMalformed() {
        Bytes payload = SignedMessage.decode(STATUS).orElseThrow().payload();
        assertThrows(MalformedDataException.class, () -> PeerPayload.decode(RawRlp.withExtraItem(payload, Bytes.of(0x80))));
        assertThrows(MalformedDataException.class, () -> PeerPayload.decode(RawRlp.withItem(payload, 0, RLP.encodeInt(9))));
        assertThrows(MalformedDataException.class, () -> PeerPayload.decode(RawRlp.withItem(payload, 0,
                RLP.encodeValue(Bytes.fromHexString("0x0104"))))); // kind 4 with a leading zero
        assertThrows(MalformedDataException.class, () -> PeerMessageKind.of(0));
    }
}
