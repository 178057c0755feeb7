package org.bcpki.chain.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;

/**
 * What runs a network described by a {@link NetworkSpec}: the embedded engine or Hyperledger
 * Besu. Test suites and the CLI start, query and stop a network only through this interface, so
 * the same checks run on either engine. Every engine writes the same genesis, keys and
 * permissions for the same spec; clients reach the nodes only through the returned RPC URLs.
 */
public interface ChainEngine {
    /** The engine's name as {@code --engine} takes it and {@code network.json} records it. */
    String name();

    /** Writes the network directory {@code dir} for this engine. */
    void init(NetworkSpec spec, Path dir) throws IOException;

    /**
     * Starts every node of the network in {@code dir} and returns once every node answers and the
     * chain has produced a block; the nodes keep running until {@link #down}.
     *
     * @throws EngineUnavailableException when the engine's software cannot be found or is unfit
     */
    List<NodeEndpoint> up(Path dir, Duration timeout) throws IOException, InterruptedException;

    /** Height, head, peers and validators of every node, over JSON-RPC (unreachable nodes included). */
    List<NetworkStatus.NodeStatus> status(Path dir) throws IOException;

    /** Stops what {@link #up} started; returns how many processes (or containers) were stopped. */
    int down(Path dir) throws IOException;
}
