package org.bcpki.chain.store;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.Receipt;

/** A receipt plus what JSON-RPC reports beside it (gas used by this transaction, created contract, revert data). */
public record StoredReceipt(Receipt receipt, long gasUsed, Optional<Bytes> contractAddress, Optional<Bytes> revertData) {}
