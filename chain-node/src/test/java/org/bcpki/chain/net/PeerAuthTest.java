package org.bcpki.chain.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.fuzz.RawRlp;
import org.bcpki.chain.fuzz.WireFixtures;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;

/** The signed peer request header is read as strictly as the envelope (issue #17). */
class PeerAuthTest {
    private static final NodeKey SENDER = WireFixtures.NODE_KEYS.get(0);
    private static final NodeKey RECIPIENT = WireFixtures.NODE_KEYS.get(1);

    @Test
    void aHeaderVerifiesAsItsSender() {
        PeerAuth auth = PeerAuth.verify(PeerAuth.sign(SENDER, RECIPIENT.address(), Bytes.of(1, 2, 3))).orElseThrow();
        assertEquals(SENDER.address(), auth.sender());
        assertEquals(RECIPIENT.address(), auth.recipient());
        assertEquals(3, auth.bodyLength());
    }

    @Test
    void aHeaderWithTrailingBytesOrItemsDoesNotVerify() {
        Bytes header = Bytes.fromHexString(PeerAuth.sign(SENDER, RECIPIENT.address(), Bytes.of(1, 2, 3)));
        assertTrue(PeerAuth.verify(Bytes.concatenate(header, Bytes.of(0)).toHexString()).isEmpty());
        assertTrue(PeerAuth.verify(RawRlp.withExtraItem(header, Bytes.of(0x80)).toHexString()).isEmpty());
        assertTrue(PeerAuth.verify("0xzz").isEmpty());
    }
}
