package org.bcpki.authority;

import java.util.Optional;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * Where PUF attestation checking plugs in: given the subject, its role, the key to be granted
 * (SPKI DER) and the registrar's evidence, say whether the evidence shows the key was derived
 * inside that device's PUF. The concrete verifier comes from puf-attest (issue #3) and is wired
 * at integration; until then {@link #unavailable()} refuses every attestation, so a policy that
 * requires attestation refuses meter requests rather than approving them unchecked.
 */
@FunctionalInterface
public interface AttestationVerifier {

    /** Empty when the evidence is acceptable, else the reason it is not. */
    Optional<String> check(SubjectId subject, Role role, byte[] publicKeySpki, byte[] evidence);

    static AttestationVerifier unavailable() {
        return (subject, role, key, evidence) ->
                Optional.of("this authority has no PUF attestation verifier configured");
    }
}
