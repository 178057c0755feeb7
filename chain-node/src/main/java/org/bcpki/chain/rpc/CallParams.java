package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.tx.Transaction;

/**
 * The call object of eth_call, eth_estimateGas, eth_createAccessList and debug_traceCall with Besu's CallParameter
 * semantics: unknown members (e.g. {@code type}) are ignored, {@code input} wins over {@code data}
 * and both may only be given when equal, every other member is validated and used.
 */
public record CallParams(
        Optional<Bytes> from,
        Optional<Bytes> to,
        OptionalLong gas,
        Optional<BigInteger> gasPrice,
        Optional<BigInteger> maxFeePerGas,
        Optional<BigInteger> maxPriorityFeePerGas,
        BigInteger value,
        Bytes data,
        Optional<List<Transaction.AccessListEntry>> accessList,
        OptionalLong nonce,
        Optional<BigInteger> chainId,
        Optional<Boolean> strict) {

    static final Bytes ZERO_ADDRESS = Bytes.wrap(new byte[20]);

    public static CallParams parse(JsonNode obj) throws RpcException {
        if (obj == null || !obj.isObject()) {
            throw invalid();
        }
        Optional<Bytes> input = optional(obj, "input") ? Optional.of(data(obj.get("input"))) : Optional.empty();
        Optional<Bytes> data = optional(obj, "data") ? Optional.of(data(obj.get("data"))) : Optional.empty();
        if (input.isPresent() && data.isPresent() && !input.equals(data)) {
            throw invalid();
        }
        return new CallParams(
                optional(obj, "from") ? Optional.of(address(obj.get("from"))) : Optional.empty(),
                optional(obj, "to") ? Optional.of(address(obj.get("to"))) : Optional.empty(),
                optional(obj, "gas") ? OptionalLong.of(longQuantity(obj.get("gas"))) : OptionalLong.empty(),
                wei(obj, "gasPrice"),
                wei(obj, "maxFeePerGas"),
                wei(obj, "maxPriorityFeePerGas"),
                wei(obj, "value").orElse(BigInteger.ZERO),
                input.or(() -> data).orElse(Bytes.EMPTY),
                optional(obj, "accessList") ? Optional.of(accessList(obj.get("accessList"))) : Optional.empty(),
                optional(obj, "nonce") ? OptionalLong.of(longQuantity(obj.get("nonce"))) : OptionalLong.empty(),
                wei(obj, "chainId"),
                optional(obj, "strict") ? Optional.of(bool(obj.get("strict"))) : Optional.empty());
    }

    public Bytes sender() {
        return from.orElse(ZERO_ADDRESS);
    }

    public List<Transaction.AccessListEntry> accessListOrEmpty() {
        return accessList.orElse(List.of());
    }

    public CallParams withAccessList(List<Transaction.AccessListEntry> list) {
        return new CallParams(from, to, gas, gasPrice, maxFeePerGas, maxPriorityFeePerGas, value, data, Optional.of(list), nonce,
                chainId, strict);
    }

    /** Whether the call names an EIP-1559 fee (Besu then builds a type-2 transaction and ignores gasPrice). */
    public boolean eip1559() {
        return maxFeePerGas.isPresent() || maxPriorityFeePerGas.isPresent();
    }

    /** The most the sender may pay per gas (maxFeePerGas, else gasPrice, else 0), as Besu bounds an estimate by balance. */
    public BigInteger maxGasPrice() {
        return maxFeePerGas.orElseGet(() -> gasPrice.orElse(BigInteger.ZERO));
    }

    /**
     * Besu's checks that do not need state: a chainId other than the node's, and a priority fee above
     * the max fee (each missing 1559 fee defaults to gasPrice, else 0, as Besu's simulator fills it).
     */
    public void validate(long nodeChainId) throws RpcException {
        if (chainId.isPresent() && !chainId.get().equals(BigInteger.valueOf(nodeChainId))) {
            throw RpcException.invalidTransaction(-32000, "Wrong chainId", "transaction was meant for chain id "
                    + chainId.get() + " and not this chain id " + nodeChainId);
        }
        if (eip1559()) {
            BigInteger fallback = gasPrice.orElse(BigInteger.ZERO);
            if (maxPriorityFeePerGas.orElse(fallback).compareTo(maxFeePerGas.orElse(fallback)) > 0) {
                throw RpcException.invalidTransaction(-32000, "Max priority fee per gas exceeds max fee per gas",
                        "max priority fee per gas cannot be greater than max fee per gas");
            }
        }
    }

    private static RpcException invalid() {
        return RpcException.invalidParams("Invalid call params");
    }

    private static boolean optional(JsonNode obj, String name) {
        return obj.hasNonNull(name);
    }

    private static Bytes data(JsonNode node) throws RpcException {
        return Params.data(node, "call");
    }

    private static Bytes address(JsonNode node) throws RpcException {
        return Params.address(node, "call");
    }

    private static long longQuantity(JsonNode node) throws RpcException {
        return Params.longQuantity(node, "call");
    }

    private static Optional<BigInteger> wei(JsonNode obj, String name) throws RpcException {
        if (!optional(obj, name)) {
            return Optional.empty();
        }
        BigInteger value = Params.quantity(obj.get(name), "call");
        if (value.bitLength() > 256) {
            throw invalid();
        }
        return Optional.of(value);
    }

    private static boolean bool(JsonNode node) throws RpcException {
        if (!node.isBoolean()) {
            throw invalid();
        }
        return node.booleanValue();
    }

    /** [{address, storageKeys: [32-byte hex]}], as in a signed EIP-2930 transaction. */
    static List<Transaction.AccessListEntry> accessList(JsonNode node) throws RpcException {
        if (!node.isArray()) {
            throw invalid();
        }
        List<Transaction.AccessListEntry> entries = new ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isObject() || !entry.hasNonNull("address")) {
                throw invalid();
            }
            List<Bytes32> keys = new ArrayList<>();
            JsonNode storageKeys = entry.get("storageKeys");
            if (storageKeys != null && !storageKeys.isNull()) {
                if (!storageKeys.isArray()) {
                    throw invalid();
                }
                for (JsonNode key : storageKeys) {
                    keys.add(Params.hash(key, "call"));
                }
            }
            entries.add(new Transaction.AccessListEntry(address(entry.get("address")), List.copyOf(keys)));
        }
        return List.copyOf(entries);
    }
}
