package org.bcpki.core.release;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.identity.SubjectId;

/**
 * A signed release as it travels from the manufacturer through the approving authorities to the
 * gateways: the release, the untrusted URI hint, the manufacturer's signature over
 * {@link ReleaseMessage#manufacturerBytes()} and each approving authority's signature over
 * {@link ReleaseMessage#approvalBytes}. A bundle that exists is self-consistent: every signature
 * verifies under the key it carries, the manufacturer signed as the release's manufacturer, and no
 * signer or key appears twice. The signer named beside an approval is a claim (the approval message
 * does not contain it): the claimed signer's grant must hold the key. Whether those keys are the signers' granted keys is a question for the chain
 * (the grant's keyHash and role), which the approver and the gateway ask.
 */
public record ReleaseBundle(ReleaseMessage release, String uri, ReleaseSignature manufacturerSignature,
        List<ReleaseSignature> approvals) {
    public static final int MAX_URI_LENGTH = 2048;

    public ReleaseBundle {
        if (release == null || uri == null || manufacturerSignature == null || approvals == null) {
            throw new IllegalArgumentException("a release bundle needs release, uri, manufacturer signature and approvals");
        }
        if (uri.length() > MAX_URI_LENGTH || !uri.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the uri hint is at most " + MAX_URI_LENGTH
                    + " printable ASCII characters without spaces");
        }
        if (!manufacturerSignature.signer().equals(release.manufacturer())) {
            throw new IllegalArgumentException("the manufacturer signature is by " + manufacturerSignature.signer()
                    + ", not by the release's manufacturer " + release.manufacturer());
        }
        if (!manufacturerSignature.verifies(release.manufacturerBytes())) {
            throw new IllegalArgumentException("the manufacturer signature does not verify over the release");
        }
        approvals = List.copyOf(approvals);
        Set<SubjectId> signers = new HashSet<>(Set.of(release.manufacturer()));
        // The signer label is not signed, so one key could stand under two labels: count each key once.
        Set<Bytes32> keys = new HashSet<>(Set.of(manufacturerSignature.keyHash()));
        byte[] approvalBytes = release.approvalBytes(manufacturerSignature.signatureHash());
        for (ReleaseSignature approval : approvals) {
            if (!signers.add(approval.signer())) {
                throw new IllegalArgumentException("signer " + approval.signer() + " appears twice in the bundle");
            }
            if (!keys.add(approval.keyHash())) {
                throw new IllegalArgumentException("the key of " + approval.signer() + " signs twice in the bundle");
            }
            if (!approval.verifies(approvalBytes)) {
                throw new IllegalArgumentException("the approval signature of " + approval.signer() + " does not verify");
            }
        }
    }

    /** A new bundle signed by the manufacturer, with no approvals yet. */
    public static ReleaseBundle sign(ReleaseMessage release, String uri, KeyPair manufacturerKey) {
        byte[] signature = ReleaseSignature.sign(manufacturerKey, release.manufacturerBytes());
        return new ReleaseBundle(release, uri,
                new ReleaseSignature(release.manufacturer(), ReleaseSignature.encode(manufacturerKey), signature), List.of());
    }

    /** This bundle with {@code authority}'s approval signature added. */
    public ReleaseBundle approvedBy(SubjectId authority, KeyPair key) {
        byte[] signature = ReleaseSignature.sign(key, release.approvalBytes(signatureHash()));
        List<ReleaseSignature> all = new ArrayList<>(approvals);
        all.add(new ReleaseSignature(authority, ReleaseSignature.encode(key), signature));
        return new ReleaseBundle(release, uri, manufacturerSignature, all);
    }

    /** keccak256 of the manufacturer's signature: what the chain binds every approval to. */
    public Bytes32 signatureHash() {
        return manufacturerSignature.signatureHash();
    }

    /** The contract's release id of this bundle. */
    public Bytes32 releaseId() {
        return release.releaseId(signatureHash());
    }
}
