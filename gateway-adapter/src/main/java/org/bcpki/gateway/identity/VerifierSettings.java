package org.bcpki.gateway.identity;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** What a verifier needs to start: chain RPC endpoints, trust anchor file, registry address, store. */
public record VerifierSettings(List<URI> rpc, Path anchor, String registry, Path store) {
    public VerifierSettings {
        rpc = List.copyOf(rpc);
    }
}
