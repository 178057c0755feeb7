package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The block range (or single block hash) and address/topic filter of an eth_newFilter log filter.
 * Unset bounds are "latest", as Besu's FilterParameter.
 */
public record LogQuery(BlockParameter fromBlock, BlockParameter toBlock, Optional<Bytes32> blockHash, LogFilter filter) {

    /** Parses eth_newFilter's filter object; anything malformed is Besu's -32602 "Invalid filter params". */
    public static LogQuery parse(JsonNode node) throws RpcException {
        if (node == null || !node.isObject()) {
            throw invalid();
        }
        try {
            Optional<Bytes32> blockHash = node.hasNonNull("blockHash")
                    ? Optional.of(Params.hash(node.get("blockHash"), "block hash")) : Optional.empty();
            if (blockHash.isPresent() && (node.hasNonNull("fromBlock") || node.hasNonNull("toBlock"))) {
                throw invalid();
            }
            BlockParameter from = node.hasNonNull("fromBlock") ? Params.block(node.get("fromBlock")) : BlockParameter.LATEST;
            BlockParameter to = node.hasNonNull("toBlock") ? Params.block(node.get("toBlock")) : BlockParameter.LATEST;
            if (from instanceof BlockParameter.Hash || to instanceof BlockParameter.Hash) {
                throw invalid();
            }
            return new LogQuery(from, to, blockHash, LogFilter.parse(node));
        } catch (RpcException e) {
            if (e.code() == RpcException.INVALID_PARAMS_CODE) {
                throw invalid();
            }
            throw e;
        }
    }

    static RpcException invalid() {
        return RpcException.invalidParams("Invalid filter params");
    }

    /**
     * Whether a newly imported block falls in this query's range: numeric bounds and "earliest"
     * limit it, "latest" and "pending" follow the head.
     */
    public boolean admits(long number, Bytes32 hash) {
        if (blockHash.isPresent()) {
            return blockHash.get().equals(hash);
        }
        boolean afterFrom = !(fromBlock instanceof BlockParameter.Number n) || number >= n.number();
        boolean beforeTo = switch (toBlock) {
            case BlockParameter.Number n -> number <= n.number();
            case BlockParameter.Earliest e -> number <= 0;
            default -> true;
        };
        return afterFrom && beforeTo;
    }
}
