package org.bcpki.chain.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What {@code bcpki network status} reports per node, queried over each node's JSON-RPC. */
public final class NetworkStatus {
    /** One node's status; height, headHash, peers and validators are null when the node does not answer. */
    public record NodeStatus(String name, String role, String rpcUrl, Long height, String headHash, Integer peers,
            List<String> validators) {
        public boolean reachable() {
            return height != null;
        }
    }

    private NetworkStatus() {}

    public static List<NodeStatus> query(NetworkSpec spec) {
        List<NodeStatus> out = new ArrayList<>();
        for (NodeSpec node : spec.nodes()) {
            try (RpcClient rpc = new RpcClient(node.rpcUrl())) {
                JsonNode block = rpc.call("eth_getBlockByNumber", "latest", false);
                List<String> validators = new ArrayList<>();
                rpc.call("qbft_getValidatorsByBlockNumber", "latest").forEach(v -> validators.add(v.asText()));
                out.add(new NodeStatus(node.name(), node.role().label(), node.rpcUrl(), RpcClient.quantity(block.get("number")),
                        block.get("hash").asText(), (int) RpcClient.quantity(rpc.call("net_peerCount")), validators));
            } catch (Exception e) {
                out.add(new NodeStatus(node.name(), node.role().label(), node.rpcUrl(), null, null, null, null));
            }
        }
        return out;
    }
}
