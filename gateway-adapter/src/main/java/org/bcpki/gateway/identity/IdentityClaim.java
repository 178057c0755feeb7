package org.bcpki.gateway.identity;

import java.util.List;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * What a meter or market participant presents: who it says it is, the role the gateway needs it to
 * have, the public key it proved possession of (SPKI DER), and, for the X.509 baseline, the
 * certificate chain it presented (DER, leaf first; empty where the transport carries none yet).
 */
public record IdentityClaim(SubjectId subject, Role role, byte[] presentedSpki, List<byte[]> certificates) {
    public IdentityClaim {
        presentedSpki = presentedSpki.clone();
        certificates = certificates.stream().map(byte[]::clone).toList();
    }

    public static IdentityClaim of(SubjectId subject, Role role, byte[] presentedSpki) {
        return new IdentityClaim(subject, role, presentedSpki, List.of());
    }

    @Override
    public byte[] presentedSpki() {
        return presentedSpki.clone();
    }
}
