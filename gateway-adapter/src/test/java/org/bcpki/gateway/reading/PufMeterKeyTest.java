package org.bcpki.gateway.reading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.EnrollmentFiles;
import org.bcpki.puf.FuzzyExtractor;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.SramPufModel;
import org.bcpki.puf.SramPufSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meter keys rebuilt from a (simulated, noisy) SRAM PUF and its puf-attest enrollment directory. */
class PufMeterKeyTest {
    private static final String METER = "1ESY1160000042";

    @TempDir
    Path dir;
    private DeviceEnrollment enrollment;

    private static SramPufSimulator device(String seed) {
        return SramPufSimulator.of(seed, SramPufModel.nominal(0.10), new SplittableRandom(new SecureRandom().nextLong()));
    }

    @BeforeEach
    void enroll() {
        enrollment = PufDevice.enroll(SubjectId.parse(METER), device("meter-42"), FuzzyExtractor.standard(),
                PufDevice.DEFAULT_ENROLLMENT_READS, new SecureRandom());
        EnrollmentFiles.write(dir, enrollment);
    }

    @Test
    void rebuildsTheEnrolledKeysFromFreshNoisyReads() {
        assertTrue(PufMeterKey.isEnrollment(dir));
        MeterKey signing = PufMeterKey.load(dir, METER, device("meter-42"), KeyAlgorithm.ML_DSA_65);
        assertEquals(KeyAlgorithm.ML_DSA_65, signing.algorithm());
        assertArrayEquals(enrollment.record().keyHash(), signing.keyHash());
        MeterKey again = PufMeterKey.load(dir, METER, device("meter-42"), KeyAlgorithm.ML_DSA_65);
        assertArrayEquals(signing.spki(), again.spki(), "another noisy read, the same key");
        MeterKey classic = PufMeterKey.load(dir, METER, device("meter-42"), KeyAlgorithm.ECDSA_BRAINPOOLP256R1);
        assertArrayEquals(enrollment.classicPublicKey(), classic.spki());
    }

    @Test
    void refusesAnotherDeviceAnotherMeterAlteredHelperDataAndSeedDirectories() throws Exception {
        IllegalArgumentException otherChip = assertThrows(IllegalArgumentException.class,
                () -> PufMeterKey.load(dir, METER, device("someone-else"), KeyAlgorithm.ML_DSA_65));
        assertTrue(otherChip.getMessage().contains("PUF key of " + METER), otherChip.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PufMeterKey.load(dir, "1ESY1160000043", device("meter-42"), KeyAlgorithm.ML_DSA_65));
        assertThrows(IllegalArgumentException.class,
                () -> PufMeterKey.load(dir, METER, device("meter-42"), KeyAlgorithm.ECDSA_P256));
        byte[] helper = Files.readAllBytes(dir.resolve(EnrollmentFiles.HELPER_DATA));
        helper[helper.length / 2] ^= 0x10;
        Files.write(dir.resolve(EnrollmentFiles.HELPER_DATA), helper);
        assertThrows(IllegalArgumentException.class,
                () -> PufMeterKey.load(dir, METER, device("meter-42"), KeyAlgorithm.ML_DSA_65));

        Path seedDir = dir.resolve("seed");
        MeterKey.create(seedDir, KeyAlgorithm.ML_DSA_65, new SecureRandom());
        assertFalse(PufMeterKey.isEnrollment(seedDir));
    }
}
