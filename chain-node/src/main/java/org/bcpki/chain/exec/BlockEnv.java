package org.bcpki.chain.exec;

import java.math.BigInteger;
import java.util.function.LongFunction;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The block a transaction runs in, as the EVM sees it. {@code blockHashes} answers BLOCKHASH for
 * ancestors (null when unknown).
 */
public record BlockEnv(
        long chainId,
        Bytes coinbase,
        long gasLimit,
        long number,
        long timestamp,
        BigInteger baseFee,
        LongFunction<Bytes32> blockHashes) {}
