package org.bcpki.chain.tx;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A decoded, signature-checked transaction: legacy (type 0, with or without EIP-155) or EIP-1559
 * (type 2). {@code raw} is the exact encoding it was received in (its keccak is the hash; it is
 * also what the transactions trie stores).
 */
public record Transaction(
        int type,
        Optional<Long> chainId,
        long nonce,
        BigInteger gasPrice,
        BigInteger maxPriorityFeePerGas,
        BigInteger maxFeePerGas,
        long gasLimit,
        Optional<Bytes> to,
        BigInteger value,
        Bytes data,
        List<AccessListEntry> accessList,
        BigInteger v,
        BigInteger r,
        BigInteger s,
        Bytes from,
        Bytes32 hash,
        Bytes raw) {

    public static final int LEGACY = 0;
    public static final int EIP1559 = 2;

    /** One access-list entry of a typed transaction. */
    public record AccessListEntry(Bytes address, List<Bytes32> storageKeys) {}

    public boolean isContractCreation() {
        return to.isEmpty();
    }

    /** The price per gas actually paid, given the block's base fee. */
    public BigInteger effectiveGasPrice(BigInteger baseFee) {
        if (type == LEGACY) {
            return gasPrice;
        }
        return maxFeePerGas.min(baseFee.add(maxPriorityFeePerGas));
    }

    /** What the sender must be able to pay before execution: gasLimit * maximum price + value. */
    public BigInteger upfrontCost() {
        BigInteger price = type == LEGACY ? gasPrice : maxFeePerGas;
        return price.multiply(BigInteger.valueOf(gasLimit)).add(value);
    }
}
