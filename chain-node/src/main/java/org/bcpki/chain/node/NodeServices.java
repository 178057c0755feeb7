package org.bcpki.chain.node;

import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;

/** What JSON-RPC needs from a running node beyond its chain. */
public interface NodeServices {
    /** Sync progress while catching up with peers. */
    record SyncStatus(long startingBlock, long currentBlock, long highestBlock) {}

    Blockchain chain();

    TransactionPool pool();

    /** Validates and accepts a transaction (pool and peers), or rejects it. */
    Bytes32 submit(Transaction tx) throws InvalidTransactionException;

    int peerCount();

    Optional<SyncStatus> syncing();

    /** This validator's own validator-vote proposals (empty and read-only on a mirror). */
    Map<Address, Boolean> proposals();

    boolean isValidator();

    /** This node's enode URL as Besu's net_enode writes it. */
    org.bcpki.chain.net.Enode enode();

    /**
     * What Besu's net_services lists: each service this node runs ("jsonrpc", "ws", "p2p", "metrics")
     * with the host and port it listens on, in that order.
     */
    Map<String, Map<String, String>> services();
}
