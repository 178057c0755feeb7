package org.bcpki.gateway.reading;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.DeviceKeys;
import org.bcpki.puf.EnrollmentFiles;
import org.bcpki.puf.KeyPurpose;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.PufException;
import org.bcpki.puf.PufSource;

/**
 * A meter whose key lives in its PUF (puf-attest): the enrollment directory holds only public data
 * (helper data, key check, public keys); the key pair is rebuilt from one fresh PUF read at start,
 * exactly as the device would, and checked against the enrolled key hash. Nothing secret is stored.
 */
public final class PufMeterKey {
    private PufMeterKey() {}

    /** True when {@code dir} is a puf-attest enrollment directory rather than a seed key directory. */
    public static boolean isEnrollment(Path dir) {
        return Files.isRegularFile(dir.resolve(EnrollmentFiles.PROPERTIES));
    }

    /**
     * Rebuilds the meter's key for {@code algorithm} (ML-DSA-65, the enrolled identity key, or
     * brainpoolP256r1, the classic comparison key) from {@code puf}; the enrollment must be for
     * {@code meterId}. Throws {@link IllegalArgumentException} with the reason otherwise.
     */
    public static MeterKey load(Path dir, String meterId, PufSource puf, KeyAlgorithm algorithm) {
        KeyPurpose purpose = switch (algorithm) {
            case ML_DSA_65 -> KeyPurpose.SIGNING_ML_DSA_65;
            case ECDSA_BRAINPOOLP256R1 -> KeyPurpose.SIGNING_ECDSA_BRAINPOOLP256R1;
            default -> throw new IllegalArgumentException("a PUF meter signs with ML-DSA-65 or brainpoolP256r1, not "
                    + algorithm.displayName());
        };
        DeviceEnrollment enrollment;
        DeviceKeys keys;
        try {
            enrollment = EnrollmentFiles.read(dir);
            if (!enrollment.record().subjectId().equals(SubjectId.parse(meterId))) {
                throw new IllegalArgumentException("the enrollment in " + dir + " is not for meter " + meterId);
            }
            keys = PufDevice.reconstruct(puf, enrollment);
        } catch (PufException e) {
            throw new IllegalArgumentException("PUF key of " + meterId + " not available (" + e.getMessage() + ")", e);
        }
        return new MeterKey(algorithm, keys.keyPair(purpose));
    }
}
