package org.bcpki.chain.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.Transaction;

/** The result of executing transactions on a parent state: what goes into the header, and the receipts. */
public record ExecutedBlock(
        List<Transaction> transactions,
        List<StoredReceipt> receipts,
        Bytes32 stateRoot,
        Bytes32 transactionsRoot,
        Bytes32 receiptsRoot,
        Bytes logsBloom,
        long gasUsed) {}
