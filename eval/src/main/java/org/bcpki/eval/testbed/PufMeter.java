package org.bcpki.eval.testbed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import org.bcpki.authority.PufAttestation;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.puf.Attestation;
import org.bcpki.puf.AttestationChallenge;
import org.bcpki.puf.AttestationEvidence;
import org.bcpki.puf.DeviceEnrollment;
import org.bcpki.puf.DeviceKeys;
import org.bcpki.puf.FuzzyExtractor;
import org.bcpki.puf.PufDevice;
import org.bcpki.puf.SramPufModel;
import org.bcpki.puf.SramPufSimulator;

/**
 * A meter with a simulated SRAM PUF (puf-attest, 10 % bit error rate): enrolled as at the factory,
 * its ML-DSA-65 key rebuilt from one fresh noisy read as at every power-up (never stored), and
 * answering an authority's enrollment challenge with a PUF attestation.
 */
public final class PufMeter {
    private final SramPufSimulator puf;
    private final DeviceEnrollment enrollment;
    private final KeyPair key;

    private PufMeter(SramPufSimulator puf, DeviceEnrollment enrollment, KeyPair key) {
        this.puf = puf;
        this.enrollment = enrollment;
        this.key = key;
    }

    public static PufMeter enroll(String meterId, SecureRandom random) {
        SramPufSimulator puf = SramPufSimulator.of("bcpki-eval/" + meterId + "/" + random.nextLong(), SramPufModel.nominal(0.10), random);
        DeviceEnrollment enrollment = PufDevice.enroll(SubjectId.parse(meterId), puf, FuzzyExtractor.standard(),
                PufDevice.DEFAULT_ENROLLMENT_READS, random);
        DeviceKeys keys = PufDevice.reconstruct(puf, enrollment);
        return new PufMeter(puf, enrollment, keys.signing());
    }

    public SubjectId subjectId() {
        return enrollment.record().subjectId();
    }

    /** The enrollment record's hash: what the manufacturer anchors and the grant carries as attestationHash. */
    public byte[] attestationHash() {
        return enrollment.record().attestationHash();
    }

    public KeyPair key() {
        return key;
    }

    public int helperDataBytes() {
        return enrollment.helperData().encode().length;
    }

    /**
     * The grant request's {@code attestation} object for one authority: the device rebuilds its key
     * from a fresh read and signs the authority's challenge (the nonce) in that authority's context.
     */
    public ObjectNode attestation(String authorityName, String challenge) {
        String context = PufAttestation.contextFor(authorityName);
        AttestationEvidence evidence = Attestation.respond(puf, enrollment,
                new AttestationChallenge(Base64.getUrlDecoder().decode(challenge), context));
        ObjectNode node = AuthorityApi.object();
        node.putObject("enrollment")
                .put("subjectId", Hex.data(enrollment.record().subjectId().bytes()))
                .put("keyHash", Hex.data(enrollment.record().keyHash()))
                .put("helperDataHash", Hex.data(enrollment.record().helperDataHash()))
                .put("algorithm", enrollment.record().algorithm().displayName());
        node.put("context", context).put("signature", Base64.getEncoder().encodeToString(evidence.signature()));
        return node;
    }
}
