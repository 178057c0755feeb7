package org.bcpki.puf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * The device side of challenge-response attestation and the signed message format.
 *
 * <p>Signed message: ASCII {@code "bcpki/puf-attestation/v1"}, a zero byte, the 32-byte
 * attestationHash, the nonce length (1 byte) and nonce, the context length (1 byte) and its UTF-8
 * bytes. Length prefixes keep (nonce, context) pairs from colliding.
 */
public final class Attestation {
    private static final byte[] DOMAIN = "bcpki/puf-attestation/v1".getBytes(StandardCharsets.US_ASCII);

    private Attestation() {}

    public static byte[] message(byte[] attestationHash, byte[] nonce, String context) {
        byte[] contextBytes = context.getBytes(StandardCharsets.UTF_8);
        if (nonce.length > 255 || contextBytes.length > 255) {
            throw new IllegalArgumentException("nonce and context are at most 255 bytes each");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DOMAIN);
        out.write(0);
        out.writeBytes(attestationHash);
        out.write(nonce.length);
        out.writeBytes(nonce);
        out.write(contextBytes.length);
        out.writeBytes(contextBytes);
        return out.toByteArray();
    }

    /** Signs the challenge with the device's reconstructed ML-DSA-65 key. */
    public static AttestationEvidence respond(DeviceKeys keys, EnrollmentRecord record, AttestationChallenge challenge) {
        byte[] attestationHash = record.attestationHash();
        byte[] signature = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).sign(keys.signing().getPrivate(),
                message(attestationHash, challenge.nonce(), challenge.context()));
        return new AttestationEvidence(attestationHash, challenge.nonce(), challenge.context(), signature);
    }

    /** The whole device side: fresh PUF read, key reconstruction, signature. */
    public static AttestationEvidence respond(PufSource source, DeviceEnrollment enrollment, AttestationChallenge challenge) {
        return respond(PufDevice.reconstruct(source, enrollment), enrollment.record(), challenge);
    }
}
