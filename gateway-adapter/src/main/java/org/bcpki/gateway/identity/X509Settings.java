package org.bcpki.gateway.identity;

import java.nio.file.Path;
import java.util.List;

/**
 * What the X.509 verifier needs: trust anchors (root CA certificates, PEM), intermediates the gateway
 * already holds (sub-CA certificates, so meters may present only their own certificate), CRL sources
 * (URLs or files; none: each certificate's CRL distribution point) and an optional OCSP responder.
 */
public record X509Settings(List<Path> anchors, List<Path> intermediates, List<String> crls, String ocspUrl) {
    public X509Settings {
        anchors = List.copyOf(anchors);
        intermediates = List.copyOf(intermediates);
        crls = List.copyOf(crls);
    }

    public static X509Settings none() {
        return new X509Settings(List.of(), List.of(), List.of(), null);
    }

    public boolean configured() {
        return !anchors.isEmpty();
    }
}
