package org.bcpki.mirror.wire;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.RpcHeaderFields;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.JsonValue;

/**
 * Fetches headers from one endpoint: {@code debug_getRawHeader} (the sealed RLP) when the endpoint
 * offers it, else {@code eth_getBlockByNumber} re-encoded. Whatever comes back is only decoded here;
 * the caller verifies it. Undecodable data, or a block whose reported hash differs from its content,
 * is a lie.
 */
public final class HeaderFetcher {
    /** A header with thousands of validators is not a header this client will ever accept. */
    public static final int MAX_HEADER_BYTES = RpcHeaderFields.MAX_EXTRA_DATA_BYTES;

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
        try {
            JsonValue.JsonObject block = value.asObject("block");
            header = RpcHeaderFields.parse(name -> block.optional(name).map(v -> v.asString(name)).orElse(null));
        } catch (RuntimeException e) {
            throw new LyingEndpointException(endpoint + ": malformed block " + number + ": " + e.getMessage(), e);
        }
        if (header.number() != number) {
            throw new LyingEndpointException(endpoint + ": asked for block " + number + ", got " + header.number());
        }
        return header;
    }
}
