package org.bcpki.chain.network;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.net.Enode;
import org.bcpki.core.chain.NodeKey;

/**
 * One node of a network: its name, role, secp256k1 node key, ports and whether it is in the
 * genesis validator set (a validator can also start outside it and be voted in).
 */
public record NodeSpec(String name, NodeRole role, Bytes32 privateKey, String host, int rpcPort, int p2pPort,
        boolean genesisValidator) {

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
