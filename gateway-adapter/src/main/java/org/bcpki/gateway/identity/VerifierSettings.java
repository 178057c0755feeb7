package org.bcpki.gateway.identity;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.chain.Address;

/**
 * What the verifiers need to start: chain RPC endpoints, the light client's trust anchor file, the
 * registry address, the gateway's store directory and how old the newest verified block may be
 * before decisions fail closed (chain), and the X.509 settings (x509).
 */
public record VerifierSettings(List<URI> rpc, Path anchor, Address registry, Path store, Duration maxStaleness,
        X509Settings x509) {
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    public VerifierSettings {
        rpc = List.copyOf(rpc);
        maxStaleness = maxStaleness == null ? DEFAULT_MAX_STALENESS : maxStaleness;
        x509 = x509 == null ? X509Settings.none() : x509;
        if (maxStaleness.isNegative() || maxStaleness.isZero()) {
            throw new IllegalArgumentException("the maximum staleness must be positive");
        }
    }

    public VerifierSettings(List<URI> rpc, Path anchor, Address registry, Path store) {
        this(rpc, anchor, registry, store, DEFAULT_MAX_STALENESS, X509Settings.none());
    }
}
