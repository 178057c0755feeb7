package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckpointVerifierTest {
    private static final SignatureSuite ML_DSA = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    private static final List<KeyPair> AUTHORITIES = new ArrayList<>();
    private static final List<byte[]> SPKIS = new ArrayList<>();
    private static final Address V1 = Address.fromHex("0x1000000000000000000000000000000000000001");
    private static final Address V2 = Address.fromHex("0x2000000000000000000000000000000000000002");
    private static final CheckpointMessage CHECKPOINT = new CheckpointMessage(1337, 1000,
            Bytes32.fromHexString("0x" + "ab".repeat(32)), CheckpointMessage.validatorSetHash(List.of(V1, V2)));

    @BeforeAll
    static void keys() {
        for (int i = 0; i < 5; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) (i + 1);
            KeyPair pair = ML_DSA.fromSeed(seed);
            AUTHORITIES.add(pair);
            SPKIS.add(ML_DSA.encodePublicKey(pair.getPublic()));
        }
    }

    private static CheckpointSignature sign(int authority, CheckpointMessage checkpoint) {
        byte[] signature = ML_DSA.sign(AUTHORITIES.get(authority).getPrivate(), checkpoint.signedBytes());
        return new CheckpointSignature(Bytes32.wrap(SignatureSuite.keyHash(SPKIS.get(authority))), Bytes.wrap(signature));
    }

    @Test
    void acceptsKDistinctValidSignatures() {
        CheckpointVerifier verifier = new CheckpointVerifier(SPKIS, 3);
        CheckpointVerdict verdict = verifier.verify(CHECKPOINT, List.of(sign(0, CHECKPOINT), sign(2, CHECKPOINT),
                sign(4, CHECKPOINT)));
        assertTrue(verdict.valid(), verdict.problems().toString());
        assertEquals(3, verdict.validSignatures());
    }

    @Test
    void duplicatesUnknownKeysAndForgeriesDoNotCount() {
        CheckpointVerifier verifier = new CheckpointVerifier(SPKIS, 3);
        CheckpointSignature good = sign(1, CHECKPOINT);
        byte[] flipped = good.signature().toArray();
        flipped[100] ^= 1;
        CheckpointMessage other = new CheckpointMessage(1337, 1001, CHECKPOINT.blockHash(), CHECKPOINT.validatorSetHash());
        KeyPair stranger = ML_DSA.fromSeed(new byte[32]);
        byte[] strangerSpki = ML_DSA.encodePublicKey(stranger.getPublic());
        CheckpointVerdict verdict = verifier.verify(CHECKPOINT, List.of(
                good, good, // the same authority twice
                new CheckpointSignature(Bytes32.wrap(SignatureSuite.keyHash(SPKIS.get(2))), Bytes.wrap(flipped)),
                sign(3, other), // signed another block
                new CheckpointSignature(Bytes32.wrap(SignatureSuite.keyHash(strangerSpki)),
                        Bytes.wrap(ML_DSA.sign(stranger.getPrivate(), CHECKPOINT.signedBytes()))),
                new CheckpointSignature(Bytes32.wrap(SignatureSuite.keyHash(SPKIS.get(4))), Bytes.of(1, 2, 3))));
        assertFalse(verdict.valid());
        assertEquals(1, verdict.validSignatures());
        assertEquals(6, verdict.problems().size(), verdict.problems().toString());
    }

    @Test
    void everyFieldIsBound() {
        CheckpointVerifier verifier = new CheckpointVerifier(SPKIS, 1);
        CheckpointSignature signature = sign(0, CHECKPOINT);
        List<CheckpointMessage> altered = List.of(
                new CheckpointMessage(1338, 1000, CHECKPOINT.blockHash(), CHECKPOINT.validatorSetHash()),
                new CheckpointMessage(1337, 999, CHECKPOINT.blockHash(), CHECKPOINT.validatorSetHash()),
                new CheckpointMessage(1337, 1000, Bytes32.ZERO, CHECKPOINT.validatorSetHash()),
                new CheckpointMessage(1337, 1000, CHECKPOINT.blockHash(), CheckpointMessage.validatorSetHash(List.of(V1))));
        assertTrue(verifier.verify(CHECKPOINT, List.of(signature)).valid());
        for (CheckpointMessage checkpoint : altered) {
            assertFalse(verifier.verify(checkpoint, List.of(signature)).valid(), checkpoint.toString());
        }
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointVerifier(SPKIS, 0));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointVerifier(SPKIS, 6));
        assertThrows(IllegalArgumentException.class, () -> new CheckpointVerifier(List.of(SPKIS.get(0), SPKIS.get(0)), 1));
        assertEquals(HeaderTrust.PQC_CHECKPOINTS, HeaderTrust.parse("pqc-checkpoints"));
        assertThrows(IllegalArgumentException.class, () -> HeaderTrust.parse("trust-me"));
    }
}
