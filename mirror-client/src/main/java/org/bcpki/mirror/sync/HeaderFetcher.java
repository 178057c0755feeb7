package org.bcpki.mirror.sync;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.mirror.json.JsonValue;
import org.bcpki.mirror.rpc.Hex;
import org.bcpki.mirror.rpc.JsonRpcClient;
import org.bcpki.mirror.rpc.LyingEndpointException;
import org.bcpki.mirror.rpc.RpcException;

/**
 * Fetches headers from one endpoint: {@code debug_getRawHeader} (the sealed RLP) when the endpoint
 * offers it, else {@code eth_getBlockByNumber} re-encoded. Whatever comes back is only decoded here;
 * the caller verifies it. Undecodable data, or a block whose reported hash differs from its content,
 * is a lie.
 */
public final class HeaderFetcher {
    /** A header with thousands of validators is not a header this client will ever accept. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Headers per JSON-RPC batch: one round trip per 64 headers matters on a slow uplink. */
    public static final int BATCH_SIZE = 64;

    private final Set<String> withoutDebugApi = ConcurrentHashMap.newKeySet();
    private final Set<String> withoutBatches = ConcurrentHashMap.newKeySet();

    public long headNumber(JsonRpcClient endpoint) throws RpcException, LyingEndpointException {
        JsonValue result = endpoint.call("eth_blockNumber", List.of());
        try {
            return Hex.quantityLong(result.asString("eth_blockNumber result"), "block number");
        } catch (IllegalArgumentException e) {
            throw new LyingEndpointException(endpoint + ": malformed eth_blockNumber answer: " + e.getMessage());
        }
    }

    /** The header at {@code number}, or empty when the endpoint says it has none. */
    public Optional<BlockHeader> header(JsonRpcClient endpoint, long number) throws RpcException, LyingEndpointException {
        String key = endpoint.uri().toString();
        if (!withoutDebugApi.contains(key)) {
            try {
                JsonValue raw = endpoint.call("debug_getRawHeader", List.of(JsonValue.of(Hex.quantity(number))));
                return raw.isNull() ? Optional.empty() : Optional.of(decodeRaw(endpoint, raw, number));
            } catch (RpcException e) {
                if (e.kind() != RpcException.Kind.RPC_ERROR) {
                    throw e;
                }
                withoutDebugApi.add(key); // DEBUG API not enabled (or, Besu's 401, not for us): use the ETH API from now on
            }
        }
        JsonValue block = endpoint.call("eth_getBlockByNumber", List.of(JsonValue.of(Hex.quantity(number)), JsonValue.of(false)));
        return block.isNull() ? Optional.empty() : Optional.of(fromJsonBlock(endpoint, block, number));
    }

    /**
     * Headers {@code from .. from+count-1} (empty where the endpoint has none), in one JSON-RPC batch
     * when the endpoint takes batches, else one call each.
     */
    public List<Optional<BlockHeader>> headers(JsonRpcClient endpoint, long from, int count)
            throws RpcException, LyingEndpointException {
        String key = endpoint.uri().toString();
        if (count > 1 && !withoutBatches.contains(key)) {
            boolean raw = !withoutDebugApi.contains(key);
            List<List<JsonValue>> params = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                JsonValue number = JsonValue.of(Hex.quantity(from + i));
                params.add(raw ? List.of(number) : List.of(number, JsonValue.of(false)));
            }
            try {
                List<JsonValue> results = endpoint.callBatch(raw ? "debug_getRawHeader" : "eth_getBlockByNumber", params);
                List<Optional<BlockHeader>> headers = new java.util.ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    JsonValue result = results.get(i);
                    headers.add(result.isNull() ? Optional.empty() : Optional.of(raw
                            ? decodeRaw(endpoint, result, from + i) : fromJsonBlock(endpoint, result, from + i)));
                }
                return headers;
            } catch (RpcException e) {
                if (e.kind() == RpcException.Kind.TRANSPORT || e.kind() == RpcException.Kind.TIMEOUT) {
                    throw e;
                }
                withoutBatches.add(key); // no batches here (or not for this method): one call per header
            }
        }
        List<Optional<BlockHeader>> headers = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            headers.add(header(endpoint, from + i));
        }
        return headers;
    }

    private static BlockHeader decodeRaw(JsonRpcClient endpoint, JsonValue raw, long number) throws LyingEndpointException {
        BlockHeader header;
        try {
            header = BlockHeaderCodec.decode(Hex.data(raw.asString("raw header"), MAX_HEADER_BYTES, "raw header"));
        } catch (RuntimeException e) {
            throw new LyingEndpointException(endpoint + ": undecodable header " + number + ": " + e.getMessage(), e);
        }
        if (header.number() != number) {
            throw new LyingEndpointException(endpoint + ": asked for header " + number + ", got " + header.number());
        }
        return header;
    }

    /** Rebuilds the header from {@code eth_getBlockByNumber} fields and checks the reported hash. */
    static BlockHeader fromJsonBlock(JsonRpcClient endpoint, JsonValue value, long number) throws LyingEndpointException {
        BlockHeader header;
        Bytes32 reportedHash;
        Bytes32 computed;
        try {
            JsonValue.JsonObject b = value.asObject("block");
            BlockHeader.Builder builder = BlockHeader.builder()
                    .parentHash(Hex.bytes32(b.string("parentHash"), "parentHash"))
                    .ommersHash(Hex.bytes32(b.string("sha3Uncles"), "sha3Uncles"))
                    .coinbase(new Address(Hex.fixed(b.string("miner"), Address.SIZE, "miner")))
                    .stateRoot(Hex.bytes32(b.string("stateRoot"), "stateRoot"))
                    .transactionsRoot(Hex.bytes32(b.string("transactionsRoot"), "transactionsRoot"))
                    .receiptsRoot(Hex.bytes32(b.string("receiptsRoot"), "receiptsRoot"))
                    .logsBloom(Hex.fixed(b.string("logsBloom"), BlockHeader.LOGS_BLOOM_SIZE, "logsBloom"))
                    .difficulty(Hex.quantity(b.string("difficulty"), 256, "difficulty"))
                    .number(Hex.quantityLong(b.string("number"), "number"))
                    .gasLimit(Hex.quantityLong(b.string("gasLimit"), "gasLimit"))
                    .gasUsed(Hex.quantityLong(b.string("gasUsed"), "gasUsed"))
                    .timestamp(Hex.quantityLong(b.string("timestamp"), "timestamp"))
                    .extraData(Hex.data(b.string("extraData"), MAX_HEADER_BYTES, "extraData"))
                    .mixHash(Hex.bytes32(b.string("mixHash"), "mixHash"))
                    .nonce(Hex.fixed(b.string("nonce"), 8, "nonce").toLong());
            Optional<JsonValue> baseFee = b.optional("baseFeePerGas");
            if (baseFee.isPresent()) {
                BigInteger fee = Hex.quantity(baseFee.get().asString("baseFeePerGas"), 256, "baseFeePerGas");
                builder.baseFee(fee);
            }
            Optional<JsonValue> withdrawalsRoot = b.optional("withdrawalsRoot");
            if (withdrawalsRoot.isPresent()) {
                builder.withdrawalsRoot(Hex.bytes32(withdrawalsRoot.get().asString("withdrawalsRoot"), "withdrawalsRoot"));
            }
            header = builder.build();
            reportedHash = Hex.bytes32(b.string("hash"), "hash");
            computed = BftHashing.blockHash(header);
        } catch (RuntimeException e) {
            throw new LyingEndpointException(endpoint + ": malformed block " + number + ": " + e.getMessage(), e);
        }
        if (header.number() != number) {
            throw new LyingEndpointException(endpoint + ": asked for block " + number + ", got " + header.number());
        }
        if (!computed.equals(reportedHash)) {
            throw new LyingEndpointException(endpoint + ": block " + number + " reports hash " + reportedHash
                    + " but its fields hash to " + computed);
        }
        return header;
    }
}
