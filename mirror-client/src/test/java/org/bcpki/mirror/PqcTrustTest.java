package org.bcpki.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.trust.CheckpointSignature;
import org.bcpki.mirror.trust.CheckpointVerdict;
import org.bcpki.mirror.trust.HeaderTrust;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.wire.EndpointPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decisions resting on k-of-n ML-DSA-65 authority checkpoints instead of (or as well as) seals. */
class PqcTrustTest {
    static final SignatureSuite ML_DSA = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    static final List<KeyPair> AUTHORITIES = new ArrayList<>();
    static TestNetwork network;
    static FakeRpcServer node;

    @BeforeAll
    static void setUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            byte[] seed = new byte[32];
            seed[31] = (byte) (40 + i);
            AUTHORITIES.add(ML_DSA.fromSeed(seed));
        }
        network = new TestNetwork(4, 30_000, new RegistryState(true, 5).grant(MirrorClientTest.METER,
                MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER, MirrorClientTest.METER_KEY, 2_000_000_000L)));
        network.mine(6);
        node = network.serve();
    }

    @AfterAll
    static void tearDown() {
        network.close();
    }

    static TrustAnchor anchor(HeaderTrust trust) {
        TrustAnchor base = network.genesisAnchor();
        List<Bytes> keys = AUTHORITIES.stream().map(k -> Bytes.wrap(ML_DSA.encodePublicKey(k.getPublic()))).toList();
        return new TrustAnchor(base.kind(), TestNetwork.CHAIN_ID, 0, base.hash(), base.validators(), List.of(),
                base.epochLength(), base.blockPeriodSeconds(), trust, keys, 2, null);
    }

    static MirrorClient client(HeaderTrust trust) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + 1), ZoneOffset.UTC);
        return new MirrorClient(anchor(trust), EndpointPool.of(node.url()), null, RegistryState.REGISTRY_ADDRESS,
                MirrorSettings.defaults().withClock(clock));
    }

    static List<CheckpointSignature> sign(BlockHeader header, long chainId, int... authorities) {
        List<Address> validators = QbftExtraDataCodec.decode(header.extraData()).validators();
        CheckpointMessage checkpoint = new CheckpointMessage(chainId, header.number(), BftHashing.blockHash(header),
                CheckpointMessage.validatorSetHash(validators));
        List<CheckpointSignature> signatures = new ArrayList<>();
        for (int i : authorities) {
            KeyPair pair = AUTHORITIES.get(i);
            signatures.add(new CheckpointSignature(Bytes32.wrap(ML_DSA.keyHash(pair.getPublic())),
                    Bytes.wrap(ML_DSA.sign(pair.getPrivate(), checkpoint.signedBytes()))));
        }
        return signatures;
    }

    @Test
    void bothModeNeedsASealedBlockAndKOfNSignatures() throws Exception {
        try (MirrorClient client = client(HeaderTrust.BOTH)) {
            client.sync();
            assertEquals(Decision.STALE_VIEW, client.check(MirrorClientTest.METER, Role.METER, null).decision(),
                    "seals alone do not suffice");
            BlockHeader head = network.chain().head();
            CheckpointVerdict one = client.submitCheckpoint(head, sign(head, TestNetwork.CHAIN_ID, 0));
            assertFalse(one.valid());
            CheckpointVerdict otherChain = client.submitCheckpoint(head, sign(head, 1, 0, 1));
            assertFalse(otherChain.valid());
            BlockHeader unsealed = network.chain().unsealedNext(network.chain().validatorKeys().get(0),
                    java.util.Optional.empty(), 0);
            assertFalse(client.submitCheckpoint(unsealed, sign(unsealed, TestNetwork.CHAIN_ID, 0, 1)).valid(),
                    "not a seal-verified block");

            CheckpointVerdict two = client.submitCheckpoint(head, sign(head, TestNetwork.CHAIN_ID, 0, 2));
            assertTrue(two.valid(), two.problems().toString());
            CheckResult result = client.check(MirrorClientTest.METER, Role.METER, MirrorClientTest.METER_KEY);
            assertEquals(Decision.GRANTED, result.decision());
            assertEquals(head.number(), result.blockNumber());
            assertFalse(client.submitCheckpoint(head, sign(head, TestNetwork.CHAIN_ID, 0, 1, 2)).valid(), "not newer");
        }
    }

    @Test
    void pqcOnlyModeDecidesWithoutTrustingSeals() throws Exception {
        try (MirrorClient client = client(HeaderTrust.PQC_CHECKPOINTS)) {
            BlockHeader head = network.chain().head();
            assertTrue(client.submitCheckpoint(head, sign(head, TestNetwork.CHAIN_ID, 1, 2)).valid());
            assertEquals(Decision.GRANTED, client.check(MirrorClientTest.METER, Role.METER, MirrorClientTest.METER_KEY).decision());
        }
        try (MirrorClient sealsOnly = client(HeaderTrust.SEALS)) {
            BlockHeader head = network.chain().head();
            assertFalse(sealsOnly.submitCheckpoint(head, sign(head, TestNetwork.CHAIN_ID, 0, 1)).valid());
        }
    }
}
