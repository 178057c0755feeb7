package org.bcpki.contracts;

import java.io.IOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;

/**
 * What an approving authority checks before it votes for a release, for the CLI's
 * {@code release approve} and the authority service's {@code POST /v1/releases} alike: the bundle is
 * for this chain and SoftwareRegistry, its manufacturer key is the one the manufacturer's
 * MANUFACTURER grant holds now and the one bound when the release was submitted, and the release
 * is pending. (The manufacturer's signature verified when the bundle was parsed.) Every check is
 * recorded in order, passed or not, so the service can keep them as evidence.
 */
public final class ReleaseApprovalCheck {
    /** One check's result; {@code detail} says what was compared or why it failed. */
    public record Step(String check, boolean passed, String detail) {}

    private final SoftwareRegistryClient registry;
    private final List<Step> steps = new ArrayList<>();
    private RegistryClient identities;
    private long chainTime;

    public ReleaseApprovalCheck(SoftwareRegistryClient registry) {
        this.registry = registry;
    }

    /** Runs every check; the first failure is thrown ({@link #steps()} shows it and those before). */
    public ReleaseRecord check(ReleaseBundle bundle) throws ReleaseRefused, IOException {
        ReleaseMessage release = bundle.release();
        Bytes32 keyHash = bundle.manufacturerSignature().keyHash();
        steps.add(new Step("manufacturer-signature", true, "verifies under the bundle's key " + keyHash.toHexString()));
        long chainId = registry.chainId();
        require("deployment", release.chainId() == chainId && release.registry().equals(registry.address()),
                "wrong-deployment", "the bundle is for registry " + release.registry().toHex() + " on chain "
                        + release.chainId() + ", not " + registry.address().toHex() + " on chain " + chainId);
        identities = registry.identities();
        chainTime = registry.chainTime();
        granted("manufacturer-grant", release.manufacturer(), Role.MANUFACTURER, keyHash, "manufacturer-not-granted");
        Bytes32 id = bundle.releaseId();
        ReleaseRecord record = registry.release(id);
        require("submitted", record.status() != ReleaseStatus.NONE, "not-submitted", "release " + id
                + " of this bundle was never submitted to " + registry.address().toHex());
        require("submitted-key", record.manufacturerKeyHash().equals(keyHash), "manufacturer-not-granted",
                "the bundle's manufacturer key is not the one the manufacturer's grant held when the release was submitted");
        require("pending", record.status() == ReleaseStatus.PENDING, "not-pending",
                "release " + id + " is " + record.status() + ", not pending: there is nothing to approve");
        return record;
    }

    /** After {@link #check}: {@code bundle} with {@code authority}'s signature, its key checked against its AUTHORITY grant. */
    public ReleaseBundle sign(ReleaseBundle bundle, SubjectId authority, KeyPair key) throws ReleaseRefused, IOException {
        if (identities == null) {
            throw new IllegalStateException("sign after a successful check");
        }
        Bytes32 keyHash = Bytes32.wrap(SignatureSuite.of(KeyAlgorithm.ML_DSA_65).keyHash(key.getPublic()));
        granted("signer-grant", authority, Role.AUTHORITY, keyHash, "signer-not-granted");
        try {
            ReleaseBundle signed = bundle.approvedBy(authority, key);
            steps.add(new Step("signed", true, "approval signature by " + ReleaseSigners.name(authority)));
            return signed;
        } catch (IllegalArgumentException e) {
            steps.add(new Step("signed", false, e.getMessage()));
            throw new ReleaseRefused("already-signed", e.getMessage());
        }
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    private void granted(String check, SubjectId signer, Role role, Bytes32 keyHash, String error)
            throws ReleaseRefused, IOException {
        try {
            ReleaseSigners.requireGranted(identities, signer, role, keyHash, chainTime, error);
        } catch (ReleaseRefused e) {
            steps.add(new Step(check, false, e.getMessage()));
            throw e;
        }
        steps.add(new Step(check, true, ReleaseSigners.name(signer) + "'s " + role + " grant holds " + keyHash.toHexString()));
    }

    private void require(String check, boolean passed, String error, String failure) throws ReleaseRefused {
        steps.add(new Step(check, passed, passed ? "ok" : failure));
        if (!passed) {
            throw new ReleaseRefused(error, failure);
        }
    }
}
