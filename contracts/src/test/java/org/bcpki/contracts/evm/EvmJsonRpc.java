package org.bcpki.contracts.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.horizen.evm.Address;
import io.horizen.evm.results.EvmLog;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * The Ethereum JSON-RPC methods a web3j client needs (chain id, nonces, eth_call, signed raw
 * transactions, receipts, storage), answered from an {@link EvmChain}: signed transactions are
 * decoded and their sender recovered as a node does, then executed by the EVM one block each.
 * Reverts answer like go-ethereum and Besu (error code 3 with the revert data; receipts carry
 * {@code revertReason}). Test infrastructure standing in for the embedded network.
 */
public final class EvmJsonRpc {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_BLOOM = "0x" + "0".repeat(512);

    private final EvmChain chain;
    private final Map<String, ObjectNode> receipts = new HashMap<>();
    private volatile boolean available = true;
    private List<BlockHeader> headers = List.of();

    public EvmJsonRpc(EvmChain chain) {
        this.chain = chain;
    }

    public EvmChain chain() {
        return chain;
    }

    /** While unavailable every request fails with an I/O-style error (a node that is down). */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    public boolean available() {
        return available;
    }

    /**
     * Serves these headers (e.g. a real QBFT chain from core's QbftTestChain) for eth_getBlockByNumber,
     * and the last one's number for eth_blockNumber: the header side of a node, next to the EVM.
     */
    public synchronized void setHeaders(List<BlockHeader> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Answers one JSON-RPC request (or batch) given as JSON text. */
    public synchronized String handle(String requestJson) {
        try {
            JsonNode request = JSON.readTree(requestJson);
            if (request.isArray()) {
                ArrayNode responses = JSON.createArrayNode();
                request.forEach(r -> responses.add(answer(r)));
                return JSON.writeValueAsString(responses);
            }
            return JSON.writeValueAsString(answer(request));
        } catch (java.io.IOException e) {
            return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error\"}}";
        }
    }

    private ObjectNode answer(JsonNode request) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        try {
            response.set("result", dispatch(request.get("method").asText(), request.get("params")));
        } catch (RpcError e) {
            ObjectNode error = response.putObject("error").put("code", e.code).put("message", e.getMessage());
            if (e.data != null) {
                error.put("data", e.data);
            }
        }
        return response;
    }

    private JsonNode dispatch(String method, JsonNode params) {
        return switch (method) {
            case "eth_chainId" -> text(quantity(EvmChain.CHAIN_ID));
            case "net_version" -> text(Long.toString(EvmChain.CHAIN_ID));
            case "eth_blockNumber" -> text(quantity(headers.isEmpty() ? chain.blockNumber() - 1
                    : headers.get(headers.size() - 1).number()));
            case "eth_getBlockByNumber" -> block(params.get(0).asText());
            case "eth_gasPrice", "eth_maxPriorityFeePerGas" -> text("0x0");
            case "eth_getBalance" -> text("0x0");
            case "eth_getTransactionCount" -> text(Numeric.toHexStringWithPrefix(
                    chain.state().getNonce(address(params.get(0).asText()))));
            case "eth_getCode" -> text(Numeric.toHexString(chain.code(address(params.get(0).asText()))));
            case "eth_getStorageAt" -> text(Numeric.toHexString(chain.storage(address(params.get(0).asText()),
                    Numeric.toBytesPadded(Numeric.toBigInt(params.get(1).asText()), 32))));
            case "eth_call" -> call(params.get(0));
            case "eth_estimateGas" -> estimate(params.get(0));
            case "eth_sendRawTransaction" -> sendRaw(params.get(0).asText());
            case "eth_getTransactionReceipt" -> {
                ObjectNode receipt = receipts.get(params.get(0).asText().toLowerCase(java.util.Locale.ROOT));
                yield receipt == null ? JSON.nullNode() : receipt;
            }
            default -> throw new RpcError(-32601, "the method " + method + " does not exist/is not available", null);
        };
    }

    private JsonNode block(String tag) {
        if (headers.isEmpty()) {
            throw new RpcError(-32601, "this test node serves no headers", null);
        }
        long number = tag.equals("latest") ? headers.get(headers.size() - 1).number() : Numeric.toBigInt(tag).longValueExact();
        BlockHeader h = headers.stream().filter(b -> b.number() == number).findFirst().orElse(null);
        if (h == null) {
            return JSON.nullNode();
        }
        ObjectNode block = JSON.createObjectNode()
                .put("number", quantity(h.number())).put("hash", BftHashing.blockHash(h).toHexString())
                .put("parentHash", h.parentHash().toHexString()).put("sha3Uncles", h.ommersHash().toHexString())
                .put("miner", h.coinbase().toHex()).put("stateRoot", h.stateRoot().toHexString())
                .put("transactionsRoot", h.transactionsRoot().toHexString())
                .put("receiptsRoot", h.receiptsRoot().toHexString()).put("logsBloom", h.logsBloom().toHexString())
                .put("difficulty", Numeric.toHexStringWithPrefix(h.difficulty()))
                .put("gasLimit", quantity(h.gasLimit())).put("gasUsed", quantity(h.gasUsed()))
                .put("timestamp", quantity(h.timestamp())).put("extraData", h.extraData().toHexString())
                .put("mixHash", h.mixHash().toHexString()).put("nonce", Numeric.toHexStringWithPrefixZeroPadded(
                        BigInteger.valueOf(h.nonce()), 16))
                .put("size", "0x0").put("totalDifficulty", quantity(h.number() + 1));
        if (h.baseFee() != null) {
            block.put("baseFeePerGas", Numeric.toHexStringWithPrefix(h.baseFee()));
        }
        if (h.withdrawalsRoot() != null) {
            block.put("withdrawalsRoot", h.withdrawalsRoot().toHexString());
            block.putArray("withdrawals");
        }
        block.putArray("transactions");
        block.putArray("uncles");
        return block;
    }

    private JsonNode call(JsonNode tx) {
        Execution result = chain.call(from(tx), address(tx.get("to").asText()), data(tx));
        if (!result.success()) {
            throw new RpcError(3, "execution reverted", Numeric.toHexString(result.output()));
        }
        return text(Numeric.toHexString(result.output()));
    }

    private JsonNode estimate(JsonNode tx) {
        Execution result = chain.call(from(tx), tx.hasNonNull("to") ? address(tx.get("to").asText()) : null, data(tx));
        if (!result.success()) {
            throw new RpcError(3, "execution reverted", Numeric.toHexString(result.output()));
        }
        return text(quantity((result.executionGas() + result.intrinsicGas()) * 6 / 5));
    }

    private JsonNode sendRaw(String rawHex) {
        RawTransaction decoded = TransactionDecoder.decode(rawHex);
        if (!(decoded instanceof SignedRawTransaction signed)) {
            throw new RpcError(-32000, "transaction is not signed", null);
        }
        Address from;
        try {
            Long chainId = signed.getChainId();
            if (chainId != null && chainId != EvmChain.CHAIN_ID) {
                throw new RpcError(-32000, "invalid chain id " + chainId, null);
            }
            from = address(signed.getFrom());
        } catch (java.security.SignatureException e) {
            throw new RpcError(-32000, "invalid signature", null);
        }
        BigInteger expectedNonce = chain.state().getNonce(from);
        if (!decoded.getNonce().equals(expectedNonce)) {
            throw new RpcError(-32000, "nonce " + decoded.getNonce() + " is not the account's next nonce " + expectedNonce, null);
        }
        String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(rawHex)));
        String to = decoded.getTo();
        byte[] data = Numeric.hexStringToByteArray(decoded.getData());
        long block = chain.blockNumber();
        Execution result = to == null || to.isEmpty() || to.equals("0x")
                ? chain.deploy(from, data)
                : chain.transact(from, address(to), data, decoded.getGasLimit().longValueExact());
        receipts.put(hash, receipt(hash, block, from, to, result));
        return text(hash);
    }

    private ObjectNode receipt(String hash, long block, Address from, String to, Execution result) {
        String blockHash = Numeric.toHexString(Hash.sha3(Numeric.toBytesPadded(BigInteger.valueOf(block), 32)));
        ObjectNode receipt = JSON.createObjectNode()
                .put("transactionHash", hash).put("transactionIndex", "0x0")
                .put("blockHash", blockHash).put("blockNumber", quantity(block))
                .put("from", from.toString()).put("to", to)
                .put("cumulativeGasUsed", quantity(result.transactionGas())).put("gasUsed", quantity(result.transactionGas()))
                .put("effectiveGasPrice", "0x0").put("type", "0x0")
                .put("logsBloom", EMPTY_BLOOM)
                .put("status", result.success() ? "0x1" : "0x0");
        receipt.put("contractAddress", result.success() && result.contractAddress() != null
                && !result.contractAddress().equals(Address.ZERO) ? result.contractAddress().toString() : null);
        if (!result.success()) {
            receipt.put("revertReason", Numeric.toHexString(result.output()));
        }
        ArrayNode logs = receipt.putArray("logs");
        int index = 0;
        for (EvmLog log : result.logs()) {
            ObjectNode entry = logs.addObject().put("address", log.address.toString())
                    .put("data", Numeric.toHexString(log.data)).put("blockNumber", quantity(block))
                    .put("blockHash", blockHash).put("transactionHash", hash).put("transactionIndex", "0x0")
                    .put("logIndex", quantity(index++)).put("removed", false);
            ArrayNode topics = entry.putArray("topics");
            for (var topic : log.topics) {
                topics.add(Numeric.toHexString(topic.toBytes()));
            }
        }
        return receipt;
    }

    private static Address from(JsonNode tx) {
        return tx.hasNonNull("from") ? address(tx.get("from").asText()) : Address.ZERO;
    }

    private static byte[] data(JsonNode tx) {
        String data = tx.hasNonNull("data") ? tx.get("data").asText() : tx.path("input").asText("0x");
        return Numeric.hexStringToByteArray(data);
    }

    private static Address address(String hex) {
        return new Address(Numeric.toBytesPadded(Numeric.toBigInt(hex), 20));
    }

    private static String quantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    private static JsonNode text(String value) {
        return JSON.getNodeFactory().textNode(value);
    }

    private static final class RpcError extends RuntimeException {
        final int code;
        final String data;

        RpcError(int code, String message, String data) {
            super(message);
            this.code = code;
            this.data = data;
        }
    }
}
