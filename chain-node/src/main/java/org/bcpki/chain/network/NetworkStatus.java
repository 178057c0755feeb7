package org.bcpki.chain.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.QbftExtraDataCodec;

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
            out.add(query(node.name(), node.role().label(), node.rpcUrl()));
        }
        return out;
    }

    /** One node's status at {@code rpcUrl} (a node behind a mapped port answers elsewhere than its spec says). */
    public static NodeStatus query(String name, String role, String rpcUrl) {
        try (RpcClient rpc = new RpcClient(rpcUrl)) {
            JsonNode block = rpc.call("eth_getBlockByNumber", "latest", false);
            // the header's extraData names its validators: mirrors serve no QBFT API
            List<String> validators = QbftExtraDataCodec.decode(Bytes.fromHexString(block.get("extraData").asText()))
                    .validators().stream().map(Address::toHex).toList();
            return new NodeStatus(name, role, rpcUrl, RpcClient.quantity(block.get("number")),
                    block.get("hash").asText(), (int) RpcClient.quantity(rpc.call("net_peerCount")), validators);
        } catch (Exception e) {
            return new NodeStatus(name, role, rpcUrl, null, null, null, null);
        }
    }
}
