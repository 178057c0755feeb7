package org.bcpki.eval.scale;

import java.nio.file.Path;
import java.util.List;

/** The X.509 baseline at the same N, revocation rate and gateway counts (classic-pki-baseline's scale probe). */
final class X509Rows {
    private X509Rows() {}

    static void measure(ScalePoint point, List<Integer> gateways, Path work) {
        point.notes.add("X.509 rows not measured: classic-pki-baseline's X509ScaleProbe (branch s15-x509) is not merged");
    }
}
