package org.bcpki.contracts;

import java.io.IOException;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;

/**
 * Checks a release signer's key against the signer's grant in the IdentityRegistry: the key a
 * bundle carries proves nothing until the chain says it is the subject's granted ML-DSA-65 key for
 * the role (MANUFACTURER for the release, AUTHORITY for an approval), active at the chain's time.
 */
public final class ReleaseSigners {
    private ReleaseSigners() {}

    public static void requireGranted(RegistryClient identities, SubjectId signer, Role role, Bytes32 keyHash, long chainTime,
            String error) throws IOException, ReleaseRefused {
        GrantRecord grant = identities.grant(signer);
        Decision decision = grant.decide(role, keyHash, chainTime);
        if (decision != Decision.GRANTED) {
            throw new ReleaseRefused(error, name(signer) + " holds no active " + role + " grant for this key (" + decision
                    + "): its signature does not count");
        }
        if (grant.algorithmCode() != KeyAlgorithm.ML_DSA_65.code()) {
            throw new ReleaseRefused(error, name(signer) + "'s " + role + " grant is not for an ML-DSA-65 key");
        }
    }

    public static String name(SubjectId subject) {
        return subject.canonical().orElse(subject.toHex());
    }
}
