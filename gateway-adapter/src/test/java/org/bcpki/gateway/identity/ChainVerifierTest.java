package org.bcpki.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain verifier over the real light client and a sealed QBFT chain served over loopback. */
class ChainVerifierTest {
    private static final SubjectId METER = SubjectId.parse("1ESY1160000000");
    private static final SubjectId OLD = SubjectId.parse("1ESY1160000001");
    private static final SubjectId EMT = SubjectId.parse("stadtwerke-nord.emt");
    private static final byte[] KEY = spki(1);
    private static final byte[] OTHER_KEY = spki(2);

    @TempDir
    Path dir;
    private ChainTestNetwork chain;
    private ChainVerifier verifier;

    private static byte[] spki(int seed) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) seed;
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        return suite.encodePublicKey(suite.fromSeed(bytes).getPublic());
    }

    @BeforeEach
    void start() {
        chain = ChainTestNetwork.start();
        chain.grant(METER, Role.METER, KEY);
        chain.grant(OLD, Role.METER, KEY, 1_650_000_000L);
        chain.grant(EMT, Role.EMT, OTHER_KEY);
        chain.mine();
        verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), dir.resolve("store")),
                chain.mirrorSettings(), Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private Decision decide(SubjectId subject, Role role, byte[] key) {
        return verifier.verify(IdentityClaim.of(subject, role, key)).decision();
    }

    @Test
    void decidesFromProvenRegistryStateWithTheBlockAsEvidence() {
        IdentityVerdict granted = verifier.verify(IdentityClaim.of(METER, Role.METER, KEY));
        assertEquals(Decision.GRANTED, granted.decision(), granted.evidence());
        assertTrue(granted.evidence().matches("block 4 0x[0-9a-f]{64}.*"), granted.evidence());
        assertEquals(Decision.WRONG_KEY, decide(METER, Role.METER, OTHER_KEY));
        assertEquals(Decision.WRONG_ROLE, decide(METER, Role.EMT, KEY));
        assertEquals(Decision.EXPIRED, decide(OLD, Role.METER, KEY));
        assertEquals(Decision.UNKNOWN, decide(SubjectId.parse("1ESY1160000099"), Role.METER, KEY));
        assertEquals(Decision.GRANTED, decide(EMT, Role.EMT, OTHER_KEY));

        ViewStatus view = verifier.viewStatus().orElseThrow();
        assertEquals(4, view.lastVerifiedBlock());
        assertTrue(granted.evidence().contains(view.blockHash()), granted.evidence());
    }

    @Test
    void aRevocationCountsFromTheNextVerifiedBlock() throws Exception {
        assertEquals(Decision.GRANTED, decide(METER, Role.METER, KEY));
        chain.revoke(METER, Role.METER, KEY);
        long revokedAt = chain.mine();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (verifier.viewStatus().orElseThrow().lastVerifiedBlock() < revokedAt) {
            assertTrue(System.nanoTime() < deadline, "the sync thread did not reach block " + revokedAt);
            Thread.sleep(20);
        }
        IdentityVerdict verdict = verifier.verify(IdentityClaim.of(METER, Role.METER, KEY));
        assertEquals(Decision.REVOKED, verdict.decision(), verdict.evidence());
        assertTrue(verdict.evidence().startsWith("block " + revokedAt + " "), verdict.evidence());
    }

    @Test
    void anOldViewFailsClosed() {
        assertEquals(Decision.GRANTED, decide(METER, Role.METER, KEY));
        chain.lag(Duration.ofSeconds(31)); // the chain stopped, or the gateway lost its mirror nodes
        IdentityVerdict verdict = verifier.verify(IdentityClaim.of(METER, Role.METER, KEY));
        assertEquals(Decision.STALE_VIEW, verdict.decision());
        assertTrue(verdict.evidence().contains("s old"), verdict.evidence());
    }

    @Test
    void noReachableMirrorNodeMeansStaleViewNeverAnException() throws Exception {
        verifier.close();
        Path anchor = dir.resolve("anchor2.json");
        chain.writeAnchor(anchor);
        VerifierSettings unreachable = new VerifierSettings(List.of(URI.create("http://127.0.0.1:9")), anchor,
                Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"), dir.resolve("store2"));
        verifier = ChainVerifier.start(unreachable, chain.mirrorSettings(), Duration.ofMillis(100));
        IdentityVerdict verdict = verifier.verify(IdentityClaim.of(METER, Role.METER, KEY));
        assertEquals(Decision.STALE_VIEW, verdict.decision(), verdict.evidence());
        assertTrue(verifier.viewStatus().isEmpty());
        assertTrue(verifier.lastProblem() != null, "the sync problem is kept for the log");
    }

    @Test
    void resumesFromItsStoreAfterARestart() {
        assertEquals(Decision.GRANTED, decide(METER, Role.METER, KEY));
        verifier.close();
        verifier = ChainVerifier.start(chain.settings(dir.resolve("anchor.json"), dir.resolve("store")),
                chain.mirrorSettings(), Duration.ofMillis(100));
        assertEquals(4, verifier.viewStatus().orElseThrow().lastVerifiedBlock());
        assertEquals(Decision.GRANTED, decide(METER, Role.METER, KEY));
    }

    @Test
    void unusableSettingsAreRefusedClearly() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ChainVerifier.start(
                new VerifierSettings(List.of(), dir.resolve("anchor.json"),
                        Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"), dir)));
        Path garbage = dir.resolve("garbage.json");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> {
            java.nio.file.Files.writeString(garbage, "{\"format\": 1}");
            ChainVerifier.start(new VerifierSettings(List.of(URI.create("http://127.0.0.1:9")), garbage,
                    Address.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"), dir));
        });
    }
}
