package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.node.NodeServices;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;

/**
 * The node-level methods of Besu's ETH, NET, WEB3 and QBFT groups that read no state: protocol
 * version, enode, services, web3_sha3, the disabled eth_sendTransaction and the QBFT signer statistics.
 */
final class NodeInfoApi {
    /** Besu's highest eth capability (eth/71 since Besu 26.x): eth_protocolVersion answers it. */
    static final int ETH_PROTOCOL_VERSION = 71;
    /** qbft_getSignerMetrics without a start block looks at the last 100 blocks, as Besu. */
    static final long SIGNER_METRICS_DEFAULT_RANGE = 100;
    static final String SEND_TRANSACTION_DISABLED =
            "The method eth_sendTransaction is not supported. Use eth_sendRawTransaction to send a signed transaction to Besu.";

    private final NodeServices node;

    NodeInfoApi(NodeServices node) {
        this.node = node;
    }

    void registerAll(JsonRpcDispatcher d) {
        d.register("eth_protocolVersion", p -> Hex.quantity(ETH_PROTOCOL_VERSION))
                .register("eth_sendTransaction", p -> {
                    throw new RpcException(-32604, SEND_TRANSACTION_DISABLED);
                })
                .register("net_enode", p -> node.enode().toString())
                .register("net_services", p -> node.services())
                .register("web3_sha3", NodeInfoApi::sha3)
                .register("qbft_getRequestTimeoutSeconds", p -> node.chain().genesis().requestTimeoutSeconds())
                .register("qbft_getSignerMetrics", this::signerMetrics);
    }

    /** Besu: exactly one param, "0x"-prefixed (or empty) hex, odd length tolerated. */
    static Object sha3(Params p) throws RpcException {
        if (p.size() != 1) {
            throw RpcException.invalidParams("Invalid number of params");
        }
        JsonNode data = p.optional(0).orElse(null);
        if (data == null || !data.isTextual()) {
            throw RpcException.invalidParams("Invalid data params");
        }
        String text = data.textValue();
        if (!text.isEmpty() && !text.startsWith("0x")) {
            throw RpcException.invalidParams("Invalid data params");
        }
        Bytes bytes;
        try {
            bytes = Bytes.fromHexStringLenient(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("Invalid data params");
        }
        return Bytes.wrap(Keccak.keccak256(bytes.toArrayUnsafe())).toHexString();
    }

    /**
     * Besu's signer metrics: per proposer (a QBFT block's coinbase) the blocks proposed in
     * [start, end) and the last of them, plus every validator of the range's last block with zero
     * blocks, in Besu's order ({@link #inBesuHashOrder}). Defaults: start = head - 100, end = head;
     * an end above the head is the head.
     */
    private Object signerMetrics(Params p) throws RpcException {
        long head = node.chain().head().number();
        long from = rangeBound(p, 0).orElse(Math.max(0, head - SIGNER_METRICS_DEFAULT_RANGE));
        long to = rangeBound(p, 1).filter(n -> n <= head).orElse(head);
        if (from >= to) {
            throw RpcException.invalidParams("Invalid block number params");
        }
        Map<Address, long[]> byProposer = new LinkedHashMap<>();
        for (long n = from; n < to; n++) {
            Optional<BlockHeader> header = node.chain().header(n);
            if (header.isEmpty()) {
                continue;
            }
            long[] metric = byProposer.computeIfAbsent(header.get().coinbase(), a -> new long[2]);
            metric[0]++;
            metric[1] = n;
            if (n == to - 1) {
                for (Address validator : QbftExtraDataCodec.decode(header.get().extraData()).validators()) {
                    byProposer.computeIfAbsent(validator, a -> new long[2]);
                }
            }
        }
        List<Object> out = new ArrayList<>();
        inBesuHashOrder(byProposer).forEach((address, metric) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("address", address.toHex());
            json.put("proposedBlockCount", Hex.quantity(metric[0]));
            json.put("lastProposedBlockNumber", Hex.quantity(metric[1]));
            out.add(json);
        });
        return out;
    }

    /**
     * The entries of {@code firstSeen} (in the order they were first put) in the order Besu lists its
     * signer metrics: the iteration order of a {@code java.util.HashMap<Address, ...>} filled in that
     * order. Besu's Address hashes as {@code Arrays.hashCode} of its 20 bytes, so a HashMap keyed by
     * that hash iterates exactly as Besu's does.
     */
    static <V> Map<Address, V> inBesuHashOrder(Map<Address, V> firstSeen) {
        Map<BesuHashed, V> hashed = new HashMap<>();
        firstSeen.forEach((address, value) -> hashed.put(new BesuHashed(address), value));
        Map<Address, V> out = new LinkedHashMap<>();
        hashed.forEach((key, value) -> out.put(key.address(), value));
        return out;
    }

    /** An address with Besu's hash code. */
    private record BesuHashed(Address address) {
        @Override
        public int hashCode() {
            return Arrays.hashCode(address.value().toArrayUnsafe());
        }
    }

    /** A block number, tag or "earliest"; Besu's metrics cannot resolve "safe"/"finalized" (an internal error). */
    private Optional<Long> rangeBound(Params p, int index) throws RpcException {
        Optional<JsonNode> raw = p.optional(index);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = raw.get();
        if (node.isTextual() && (node.textValue().equals("safe") || node.textValue().equals("finalized"))) {
            throw RpcException.internal();
        }
        if (!node.isTextual() || node.textValue().length() == 66) {
            throw RpcException.invalidParams("Invalid block number params");
        }
        return Optional.of(switch (Params.block(node)) {
            case BlockParameter.Number n -> n.number();
            case BlockParameter.Earliest e -> 0L;
            default -> this.node.chain().head().number();
        });
    }
}
