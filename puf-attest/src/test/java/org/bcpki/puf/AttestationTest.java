package org.bcpki.puf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationTest {
    private static final SubjectId METER = SubjectId.parse("1ESY1160000001");
    private static SramPufSimulator puf;
    private static DeviceEnrollment enrollment;

    @BeforeAll
    static void enroll() {
        puf = SramPufSimulator.of("meter-attest", SramPufModel.nominal(0.1), new SplittableRandom(9));
        enrollment = PufDevice.enroll(METER, puf, FuzzyExtractor.standard(), 15, new SplittableRandom(10));
    }

    private static AttestationChallenge challenge(String context) {
        return AttestationChallenge.random(context, new SecureRandom());
    }

    @Test
    void enrollmentRecordEncodingAndHash() {
        EnrollmentRecord record = enrollment.record();
        byte[] encoded = record.encode();
        assertEquals(160, encoded.length);
        assertArrayEquals(METER.bytes(), Arrays.copyOfRange(encoded, 32, 64));
        assertEquals(KeyAlgorithm.ML_DSA_65.code(), encoded[159]);
        EnrollmentRecord otherAlgorithm = new EnrollmentRecord(METER, record.keyHash(), record.helperDataHash(),
                KeyAlgorithm.ML_DSA_87);
        assertFalse(Arrays.equals(record.attestationHash(), otherAlgorithm.attestationHash()));
        byte[] otherHelper = record.helperDataHash();
        otherHelper[31] ^= 1;
        assertFalse(Arrays.equals(record.attestationHash(),
                new EnrollmentRecord(METER, record.keyHash(), otherHelper, KeyAlgorithm.ML_DSA_65).attestationHash()));
    }

    @Test
    void reconstructionGivesTheEnrolledKeys() {
        DeviceKeys keys = PufDevice.reconstruct(puf, enrollment);
        assertArrayEquals(enrollment.signingPublicKey(), keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65));
        assertArrayEquals(enrollment.classicPublicKey(), keys.publicKey(KeyPurpose.SIGNING_ECDSA_BRAINPOOLP256R1));
    }

    @Test
    void aValidAnswerIsAcceptedOnceThenRejectedAsReplay() {
        AttestationVerifier verifier = AttestationVerifier.inMemory();
        AttestationChallenge challenge = challenge("bcpki/enroll/authority-1");
        AttestationEvidence evidence = Attestation.respond(puf, enrollment, challenge);
        AttestationResult first = verifier.verify(enrollment.record(), enrollment.signingPublicKey(), challenge, evidence);
        assertTrue(first.valid(), first.detail());
        AttestationResult replay = verifier.verify(enrollment.record(), enrollment.signingPublicKey(), challenge, evidence);
        assertEquals(AttestationResult.Reason.REPLAY, replay.reason());
    }

    @Test
    void wrongContextNonceKeyOrSignatureFail() {
        AttestationVerifier verifier = AttestationVerifier.inMemory();
        AttestationChallenge challenge = challenge("bcpki/enroll/authority-1");
        AttestationEvidence evidence = Attestation.respond(puf, enrollment, challenge);
        byte[] key = enrollment.signingPublicKey();
        EnrollmentRecord record = enrollment.record();

        AttestationChallenge otherContext = new AttestationChallenge(challenge.nonce(), "bcpki/enroll/authority-2");
        assertEquals(AttestationResult.Reason.WRONG_CONTEXT, verifier.verify(record, key, otherContext, evidence).reason());

        AttestationChallenge otherNonce = challenge("bcpki/enroll/authority-1");
        assertEquals(AttestationResult.Reason.WRONG_NONCE, verifier.verify(record, key, otherNonce, evidence).reason());

        // Evidence relabelled for another context still carries the signature over the original one.
        AttestationEvidence relabelled = new AttestationEvidence(evidence.attestationHash(), evidence.nonce(),
                "bcpki/enroll/authority-2", evidence.signature());
        assertEquals(AttestationResult.Reason.BAD_SIGNATURE,
                verifier.verify(record, key, otherContext, relabelled).reason());

        byte[] signature = evidence.signature();
        signature[100] ^= 0x40;
        AttestationEvidence tampered = new AttestationEvidence(evidence.attestationHash(), evidence.nonce(),
                evidence.context(), signature);
        assertEquals(AttestationResult.Reason.BAD_SIGNATURE, verifier.verify(record, key, challenge, tampered).reason());

        DeviceKeys stranger = new DeviceKeys(new byte[32]);
        assertEquals(AttestationResult.Reason.WRONG_KEY, verifier.verify(record,
                stranger.publicKey(KeyPurpose.SIGNING_ML_DSA_65), challenge, evidence).reason());
        // A stranger's key registered under its own record: its signature over our record fails.
        EnrollmentRecord strangerRecord = new EnrollmentRecord(METER,
                org.bcpki.core.crypto.SignatureSuite.keyHash(stranger.publicKey(KeyPurpose.SIGNING_ML_DSA_65)),
                record.helperDataHash(), KeyAlgorithm.ML_DSA_65);
        assertEquals(AttestationResult.Reason.WRONG_ENROLLMENT, verifier.verify(strangerRecord,
                stranger.publicKey(KeyPurpose.SIGNING_ML_DSA_65), challenge, evidence).reason());

        // None of these consumed the nonce: the genuine answer is still accepted.
        assertTrue(verifier.verify(record, key, challenge, evidence).valid());
    }

    @Test
    void enrollmentFilesRoundTripAndDetectTampering(@TempDir Path dir) throws Exception {
        EnrollmentFiles.write(dir, enrollment);
        DeviceEnrollment read = EnrollmentFiles.read(dir);
        assertEquals(enrollment.record(), read.record());
        assertEquals(enrollment.helperData(), read.helperData());

        byte[] helper = Files.readAllBytes(dir.resolve(EnrollmentFiles.HELPER_DATA));
        helper[200] ^= 1;
        Files.write(dir.resolve(EnrollmentFiles.HELPER_DATA), helper);
        PufException altered = assertThrows(PufException.class, () -> EnrollmentFiles.read(dir));
        assertEquals(PufException.Kind.HELPER_DATA_ALTERED, altered.kind());

        Files.write(dir.resolve(EnrollmentFiles.HELPER_DATA), Arrays.copyOf(helper, 100));
        PufException truncated = assertThrows(PufException.class, () -> EnrollmentFiles.read(dir));
        assertEquals(PufException.Kind.HELPER_DATA_INVALID, truncated.kind());
    }

    @Test
    void anotherDeviceCannotAnswerForTheEnrolledOne() {
        SramPufSimulator impostor = SramPufSimulator.of("meter-impostor", SramPufModel.nominal(0.1), new SplittableRandom(11));
        PufException e = assertThrows(PufException.class,
                () -> Attestation.respond(impostor, enrollment, challenge("ctx")));
        assertEquals(PufException.Kind.RECONSTRUCTION_FAILED, e.kind());
        assertNotEquals(null, e.getMessage());
    }
}
