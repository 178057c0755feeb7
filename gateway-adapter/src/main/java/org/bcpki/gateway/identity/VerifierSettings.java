package org.bcpki.gateway.identity;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What the verifiers need to start: chain RPC endpoints, the light client's trust anchor file, the
 * registry address and the gateway's store directory (chain), and the X.509 settings (x509).
 */
public record VerifierSettings(List<URI> rpc, Path anchor, String registry, Path store, X509Settings x509) {
    public VerifierSettings {
        rpc = List.copyOf(rpc);
        x509 = x509 == null ? X509Settings.none() : x509;
    }

    public VerifierSettings(List<URI> rpc, Path anchor, String registry, Path store) {
        this(rpc, anchor, registry, store, X509Settings.none());
    }
}
