package org.bcpki.gateway.identity;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the verifiers for {@code --trust chain} and {@code --trust x509} are plugged in:
 * {@link #builtIn()} holds {@link ChainVerifier} under {@link Source#CHAIN} and {@link X509Verifier}
 * under {@link Source#X509}; tests may build a registry of their own. Asking for a mode whose verifier
 * is missing fails with {@link VerifierUnavailableException}: the gateway never runs without a real
 * verifier.
 */
public final class VerifierRegistry {
    /** The two independent sources of identity decisions. */
    public enum Source { CHAIN, X509 }

    private final Map<Source, Function<VerifierSettings, IdentityVerifier>> factories = new EnumMap<>(Source.class);

    /** The verifiers of this build: the mirror-client light client and classic-pki-baseline's validator. */
    public static VerifierRegistry builtIn() {
        return new VerifierRegistry()
                .register(Source.CHAIN, ChainVerifier::start)
                .register(Source.X509, settings -> X509Verifier.fromSettings(settings.x509()));
    }

    public VerifierRegistry register(Source source, Function<VerifierSettings, IdentityVerifier> factory) {
        factories.put(source, factory);
        return this;
    }

    public boolean has(Source source) {
        return factories.containsKey(source);
    }

    /** The verifier for a trust mode; {@code both} combines the two sources in a {@link DualVerifier}. */
    public IdentityVerifier create(TrustMode mode, VerifierSettings settings) {
        return switch (mode) {
            case CHAIN -> create(Source.CHAIN, settings);
            case X509 -> create(Source.X509, settings);
            case BOTH -> {
                requireAll(Source.CHAIN, Source.X509);
                // X.509 first: it holds no threads or connections, so a failure of the chain side leaks nothing.
                IdentityVerifier x509 = create(Source.X509, settings);
                yield new DualVerifier(create(Source.CHAIN, settings), x509);
            }
        };
    }

    private IdentityVerifier create(Source source, VerifierSettings settings) {
        requireAll(source);
        return factories.get(source).apply(settings);
    }

    private void requireAll(Source... sources) {
        for (Source source : sources) {
            if (!factories.containsKey(source)) {
                throw new VerifierUnavailableException(source == Source.CHAIN
                        ? "the chain verifier (mirror-client) is not wired into this build yet"
                        : "the X.509 verifier (classic-pki-baseline) is not wired into this build yet");
            }
        }
    }
}
