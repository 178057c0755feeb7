package org.bcpki.chain.exec;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * The outcome of executing one message: {@code error} is empty on success, else geth's error text
 * ("execution reverted", "out of gas", ...); {@code returnData} holds the revert data on revert.
 */
public record TxResult(
        boolean success,
        long gasUsed,
        List<Log> logs,
        Bytes returnData,
        Optional<Bytes> contractAddress,
        String error,
        boolean reverted) {}
