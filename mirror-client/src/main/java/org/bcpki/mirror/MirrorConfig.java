package org.bcpki.mirror;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.bcpki.core.chain.Address;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.wire.EndpointPool;

/**
 * What a {@link MirrorClient} is opened with.
 *
 * @param anchor where trust starts
 * @param endpoints the JSON-RPC endpoints to ask (any of them may lie)
 * @param store the directory that keeps verified headers across restarts, or null to keep nothing
 * @param registry the IdentityRegistry, or null for a client that only follows headers
 */
public record MirrorConfig(TrustAnchor anchor, List<URI> endpoints, Path store, Address registry,
        MirrorSettings settings) {
    public MirrorConfig {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(settings, "settings");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one JSON-RPC endpoint is needed");
        }
    }

    /** Default settings, no store, no registry. */
    public static MirrorConfig of(TrustAnchor anchor, String commaSeparatedUrls) {
        return new MirrorConfig(anchor, EndpointPool.urls(commaSeparatedUrls), null, null, MirrorSettings.defaults());
    }

    /** As {@link #of(TrustAnchor, String)}, with the anchor read from its file. */
    public static MirrorConfig of(Path anchorFile, String commaSeparatedUrls) {
        return of(TrustAnchorFile.read(anchorFile), commaSeparatedUrls);
    }

    public MirrorConfig withStore(Path directory) {
        return new MirrorConfig(anchor, endpoints, directory, registry, settings);
    }

    public MirrorConfig withRegistry(Address address) {
        return new MirrorConfig(anchor, endpoints, store, address, settings);
    }

    public MirrorConfig withSettings(MirrorSettings newSettings) {
        return new MirrorConfig(anchor, endpoints, store, registry, newSettings);
    }
}
