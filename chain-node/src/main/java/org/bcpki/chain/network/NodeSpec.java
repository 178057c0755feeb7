package org.bcpki.chain.network;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.net.Enode;
import org.bcpki.core.chain.NodeKey;

/**
 * One node of a network: its name, role, secp256k1 node key, ports and whether it is in the
 * genesis validator set (a validator can also start outside it and be voted in).
 *
 * @param metricsPort the Prometheus /metrics port; 0 when none was allocated (networks written
 *     before metrics existed), and then the node's config turns metrics off
 */
public record NodeSpec(String name, NodeRole role, Bytes32 privateKey, String host, int rpcPort, int p2pPort,
        boolean genesisValidator, int metricsPort) {

    public NodeSpec(String name, NodeRole role, Bytes32 privateKey, String host, int rpcPort, int p2pPort,
            boolean genesisValidator) {
        this(name, role, privateKey, host, rpcPort, p2pPort, genesisValidator, 0);
    }

    public NodeSpec withMetricsPort(int port) {
        return new NodeSpec(name, role, privateKey, host, rpcPort, p2pPort, genesisValidator, port);
    }

    public boolean metricsEnabled() {
        return metricsPort > 0;
    }

    /** The Prometheus scrape URL, when the node has a metrics port. */
    public java.util.Optional<String> metricsUrl() {
        return metricsEnabled() ? java.util.Optional.of("http://" + host + ":" + metricsPort + "/metrics") : java.util.Optional.empty();
    }

    public NodeKey key() {
        return NodeKey.fromPrivateKey(privateKey);
    }

    public Enode enode() {
        return new Enode(key().publicKey(), host, p2pPort);
    }

    public String rpcUrl() {
        return "http://" + host + ":" + rpcPort;
    }

    public String wsUrl() {
        return "ws://" + host + ":" + rpcPort;
    }
}
