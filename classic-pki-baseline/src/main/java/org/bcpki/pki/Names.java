package org.bcpki.pki;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/** Distinguished-name matching as RFC 5280 7.1 requires for name chaining. */
public final class Names {
    private Names() {}

    /**
     * True when both names have the same RDNs in the same order, each RDN compared by Bouncy Castle's
     * rules (case and inner whitespace folded, string types alike). {@code X500Name.equals} alone also
     * matches the RDNs in another order, which names a different entity (NIST PKITS 4.3.2).
     */
    public static boolean same(X500Name a, X500Name b) {
        RDN[] left = a.getRDNs();
        RDN[] right = b.getRDNs();
        if (left.length != right.length) {
            return false;
        }
        for (int i = 0; i < left.length; i++) {
            if (!new X500Name(new RDN[] {left[i]}).equals(new X500Name(new RDN[] {right[i]}))) {
                return false;
            }
        }
        return true;
    }
}
