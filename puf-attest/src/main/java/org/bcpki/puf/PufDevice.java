package org.bcpki.puf;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;

/** Enrollment and key reconstruction of a device whose key lives in a PUF. */
public final class PufDevice {
    /** Reads combined by majority vote at enrollment (odd; done once, in the factory). */
    public static final int DEFAULT_ENROLLMENT_READS = 15;

    private PufDevice() {}

    /**
     * Enrolls a device: combines {@code reads} raw reads by majority, runs the fuzzy extractor,
     * derives the keys and builds the enrollment record.
     */
    public static DeviceEnrollment enroll(SubjectId subject, PufSource source, FuzzyExtractor extractor,
                                          int reads, RandomGenerator random) {
        BitVector response = majorityRead(source, extractor.responseBits(), reads);
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(response, random);
        DeviceKeys keys = new DeviceKeys(enrolled.deviceSeed());
        byte[] signingKey = keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65);
        EnrollmentRecord record = new EnrollmentRecord(subject,
                SignatureSuite.keyHash(signingKey), enrolled.helperData().hash(), KeyAlgorithm.ML_DSA_65);
        return new DeviceEnrollment(record, enrolled.helperData(), enrolled.keyCheck(), signingKey,
                keys.publicKey(KeyPurpose.SIGNING_ECDSA_BRAINPOOLP256R1));
    }

    /**
     * Rebuilds the device's keys from one fresh read. Never returns keys other than the enrolled ones:
     * the seed must reproduce the key check, and the signing key must hash to the record's keyHash.
     */
    public static DeviceKeys reconstruct(PufSource source, DeviceEnrollment enrollment) {
        HelperData helper = enrollment.helperData();
        FuzzyExtractor extractor = FuzzyExtractor.of(helper.parameters());
        BitVector read = source.readBits(extractor.responseBits());
        DeviceKeys keys = new DeviceKeys(extractor.reconstruct(read, helper, enrollment.keyCheck()));
        if (!Arrays.equals(SignatureSuite.keyHash(keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65)),
                enrollment.record().keyHash())) {
            throw new PufException(PufException.Kind.RECONSTRUCTION_FAILED,
                    "reconstructed signing key does not match the enrolled keyHash");
        }
        return keys;
    }

    /** Bitwise majority of {@code reads} reads (odd count). */
    public static BitVector majorityRead(PufSource source, int bits, int reads) {
        if (reads < 1 || reads % 2 == 0) {
            throw new IllegalArgumentException("enrollment reads must be an odd positive number, got " + reads);
        }
        int[] ones = new int[bits];
        for (int r = 0; r < reads; r++) {
            BitVector read = source.readBits(bits);
            for (int i = read.nextSetBit(0); i >= 0; i = read.nextSetBit(i + 1)) {
                ones[i]++;
            }
        }
        BitVector majority = BitVector.zeros(bits);
        for (int i = 0; i < bits; i++) {
            majority.set(i, ones[i] > reads / 2);
        }
        return majority;
    }
}
