package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.consensus.ProposerSelection;
import org.bcpki.chain.consensus.QbftCodec;
import org.bcpki.chain.consensus.QbftMessage;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.network.Toml;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.junit.jupiter.api.Test;

/** Enode URLs, the TOML subset, signed peer messages, QBFT message encoding and proposer rotation. */
class WireFormatsTest {
    private static final NodeKey KEY = NodeKey.fromPrivateKey(Bytes32.fromHexString("0x" + "01".repeat(32)));

    @Test
    void enodeUrls() {
        Enode e = new Enode(KEY.publicKey(), "127.0.0.1", 30303);
        assertEquals(e, Enode.parse(e.toString()));
        assertEquals(KEY.enodeId(), e.id());
        assertEquals(e, Enode.parse(e + "?discport=0"));
        assertThrows(IllegalArgumentException.class, () -> Enode.parse("enode://abc@127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class, () -> Enode.parse("http://127.0.0.1:1"));
    }

    @Test
    void tomlSubsetBesuWrites() {
        Map<String, Object> t = Toml.parse("""
                # comment
                nodes-allowlist=[
                  "enode://a@1.2.3.4:1",  # first
                  "enode://b@1.2.3.4:2"
                ]
                accounts-allowlist=[]
                p2p-port=30303
                rpc-http-enabled=true
                data-path="data # not a comment"
                """);
        assertEquals(List.of("enode://a@1.2.3.4:1", "enode://b@1.2.3.4:2"), t.get("nodes-allowlist"));
        assertEquals(List.of(), t.get("accounts-allowlist"));
        assertEquals(30303L, t.get("p2p-port"));
        assertEquals(true, t.get("rpc-http-enabled"));
        assertEquals("data # not a comment", t.get("data-path"));
        assertThrows(IllegalArgumentException.class, () -> Toml.parse("just words"));
        assertEquals("x=" + Toml.array(List.of("a")), "x=[\n  \"a\"\n]");
    }

    @Test
    void signedMessagesRecoverTheirSenderAndDetectTampering() {
        SignedMessage m = SignedMessage.sign(KEY, Bytes.fromHexString("0xc3010203"));
        SignedMessage decoded = SignedMessage.decode(m.encode()).orElseThrow();
        assertEquals(KEY.address(), decoded.sender());
        SignedMessage tampered = new SignedMessage(Bytes.fromHexString("0xc3010204"), m.signature(), m.senderPublicKey());
        assertTrue(SignedMessage.decode(tampered.encode()).map(x -> !x.sender().equals(KEY.address())).orElse(true));
        assertTrue(SignedMessage.decode(Bytes.fromHexString("0x01")).isEmpty());
    }

    @Test
    void qbftMessagesRoundTrip() {
        SignedMessage prepare = SignedMessage.sign(KEY, QbftCodec.encode(new QbftMessage.Prepare(5, 1, Bytes32.ZERO)));
        QbftMessage rc = QbftCodec.decode(QbftCodec.encode(new QbftMessage.RoundChange(5, 2, Optional.empty())));
        assertEquals(new QbftMessage.RoundChange(5, 2, Optional.empty()), rc);
        QbftMessage commit = QbftCodec.decode(QbftCodec.encode(new QbftMessage.Commit(7, 0, Bytes32.ZERO, KEY.sign(Bytes32.ZERO))));
        assertInstanceOf(QbftMessage.Commit.class, commit);
        assertEquals(new QbftMessage.Prepare(5, 1, Bytes32.ZERO), QbftCodec.decode(prepare.payload()));
        assertThrows(MalformedDataException.class, () -> QbftCodec.decode(Bytes.fromHexString("0xc3090101")));
        assertThrows(MalformedDataException.class, () -> QbftCodec.decode(Bytes.fromHexString("0xdeadbeef")));
        assertThrows(MalformedDataException.class, () -> QbftCodec.decode(QbftCodec.encode(
                new QbftMessage.Commit(7, 0, Bytes32.ZERO, Bytes.wrap(new byte[65])))), "a commit seal with r = 0");
    }

    @Test
    void proposerRotatesFromTheParentsProposerAndAdvancesWithTheRound() {
        List<Address> validators = java.util.stream.Stream.generate(() -> NodeKey.generate(new SecureRandom()).address())
                .limit(4).sorted().toList();
        Address zero = new Address(Bytes.wrap(new byte[20]));
        assertEquals(validators.get(0), ProposerSelection.proposer(validators, zero, 0));
        assertEquals(validators.get(2), ProposerSelection.proposer(validators, zero, 2));
        assertEquals(validators.get(2), ProposerSelection.proposer(validators, validators.get(1), 0));
        assertEquals(validators.get(0), ProposerSelection.proposer(validators, validators.get(3), 0));
        assertEquals(validators.get(1), ProposerSelection.proposer(validators, validators.get(3), 5));
    }
}
