package org.bcpki.core.chain;

import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;

/**
 * Rebuilds a header from the fields of an {@code eth_getBlockByNumber} answer and checks it against
 * the hash the node reports: the one place the JSON-RPC field names and their strict parsing live.
 * It is JSON-library free: the caller hands over each field's text, or null when it is absent.
 */
public final class RpcHeaderFields {
    /** No header with a plausible validator set comes near this; a larger extraData is a hostile answer. */
    public static final int MAX_EXTRA_DATA_BYTES = 64 * 1024;

    private RpcHeaderFields() {}

    /**
     * The header the fields describe.
     *
     * @throws MalformedDataException when a field is missing or malformed, or the fields hash to
     *     something other than the reported {@code hash}
     */
    public static BlockHeader parse(Function<String, String> field) {
        BlockHeader.Builder builder = BlockHeader.builder()
                .parentHash(Hex.bytes32(field.apply("parentHash"), "parentHash"))
                .ommersHash(Hex.bytes32(field.apply("sha3Uncles"), "sha3Uncles"))
                .coinbase(new Address(Hex.fixed(field.apply("miner"), Address.SIZE, "miner")))
                .stateRoot(Hex.bytes32(field.apply("stateRoot"), "stateRoot"))
                .transactionsRoot(Hex.bytes32(field.apply("transactionsRoot"), "transactionsRoot"))
                .receiptsRoot(Hex.bytes32(field.apply("receiptsRoot"), "receiptsRoot"))
                .logsBloom(Hex.fixed(field.apply("logsBloom"), BlockHeader.LOGS_BLOOM_SIZE, "logsBloom"))
                .difficulty(Hex.quantity(field.apply("difficulty"), 256, "difficulty"))
                .number(Hex.quantityLong(field.apply("number"), "number"))
                .gasLimit(Hex.quantityLong(field.apply("gasLimit"), "gasLimit"))
                .gasUsed(Hex.quantityLong(field.apply("gasUsed"), "gasUsed"))
                .timestamp(Hex.quantityLong(field.apply("timestamp"), "timestamp"))
                .extraData(Hex.data(field.apply("extraData"), MAX_EXTRA_DATA_BYTES, "extraData"))
                .mixHash(Hex.bytes32(field.apply("mixHash"), "mixHash"))
                .nonce(Hex.fixed(field.apply("nonce"), 8, "nonce").toLong());
        String baseFee = field.apply("baseFeePerGas");
        if (baseFee != null) {
            builder.baseFee(Hex.quantity(baseFee, 256, "baseFeePerGas"));
        }
        String withdrawalsRoot = field.apply("withdrawalsRoot");
        if (withdrawalsRoot != null) {
            builder.withdrawalsRoot(Hex.bytes32(withdrawalsRoot, "withdrawalsRoot"));
        }
        BlockHeader header = builder.build();
        Bytes32 reported = Hex.bytes32(field.apply("hash"), "hash");
        Bytes32 computed = BftHashing.blockHash(header);
        if (!computed.equals(reported)) {
            throw new MalformedDataException("block " + header.number() + " reports hash " + reported
                    + " but its fields hash to " + computed);
        }
        return header;
    }
}
