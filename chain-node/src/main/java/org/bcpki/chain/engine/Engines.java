package org.bcpki.chain.engine;

import java.util.List;
import org.bcpki.chain.besu.BesuEngine;
import org.bcpki.chain.network.NetworkSpec;

/** The engines by the name {@code --engine} takes. */
public final class Engines {
    public static final List<String> NAMES = List.of(NetworkSpec.ENGINE_EMBEDDED, BesuEngine.NAME);

    private Engines() {}

    /** The engine called {@code name}; the embedded one runs in a background JVM (as {@code up --detach}). */
    public static ChainEngine named(String name) {
        return switch (name) {
            case NetworkSpec.ENGINE_EMBEDDED -> EmbeddedEngine.detached();
            case BesuEngine.NAME -> new BesuEngine();
            default -> throw new IllegalArgumentException("unknown engine '" + name + "' (choose one of " + NAMES + ")");
        };
    }
}
