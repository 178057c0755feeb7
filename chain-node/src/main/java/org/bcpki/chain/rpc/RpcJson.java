package org.bcpki.chain.rpc;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.exec.Log;
import org.bcpki.chain.store.BlockStore;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.codec.Hex;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/** The JSON-RPC shapes of blocks, headers, transactions, receipts and logs, as Besu returns them. */
public final class RpcJson {
    private RpcJson() {}

    static Object blockJson(Optional<Block> block, boolean fullTransactions) {
        if (block.isEmpty()) {
            return null;
        }
        Block b = block.get();
        Map<String, Object> json = headerJson(b.header());
        json.put("size", Hex.quantity(b.ethereumEncoding().size()));
        json.put("totalDifficulty", Hex.quantity(b.number() + 1));
        List<Object> txs = new ArrayList<>();
        for (int i = 0; i < b.transactions().size(); i++) {
            txs.add(fullTransactions ? transactionJson(b.transactions().get(i), b, i) : b.transactions().get(i).hash().toHexString());
        }
        json.put("transactions", txs);
        json.put("uncles", List.of());
        json.put("withdrawals", List.of());
        return json;
    }

    /** A header as eth_getBlockBy* and the newHeads subscription show it. */
    public static Map<String, Object> headerJson(BlockHeader h) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", Hex.quantity(h.number()));
        json.put("hash", BftHashing.blockHash(h).toHexString());
        json.put("mixHash", h.mixHash().toHexString());
        json.put("parentHash", h.parentHash().toHexString());
        json.put("nonce", Bytes.ofUnsignedLong(h.nonce()).toHexString());
        json.put("sha3Uncles", h.ommersHash().toHexString());
        json.put("logsBloom", h.logsBloom().toHexString());
        json.put("transactionsRoot", h.transactionsRoot().toHexString());
        json.put("stateRoot", h.stateRoot().toHexString());
        json.put("receiptsRoot", h.receiptsRoot().toHexString());
        json.put("miner", h.coinbase().toHex());
        json.put("difficulty", Hex.quantity(h.difficulty()));
        json.put("extraData", h.extraData().toHexString());
        json.put("gasLimit", Hex.quantity(h.gasLimit()));
        json.put("gasUsed", Hex.quantity(h.gasUsed()));
        json.put("timestamp", Hex.quantity(h.timestamp()));
        if (h.baseFee() != null) {
            json.put("baseFeePerGas", Hex.quantity(h.baseFee()));
        }
        if (h.withdrawalsRoot() != null) {
            json.put("withdrawalsRoot", h.withdrawalsRoot().toHexString());
        }
        return json;
    }

    static Map<String, Object> transactionJson(Transaction tx, Block block, int index) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("blockHash", block == null ? null : block.hash().toHexString());
        json.put("blockNumber", block == null ? null : Hex.quantity(block.number()));
        if (block != null) {
            json.put("blockTimestamp", Hex.quantity(block.header().timestamp()));
        }
        tx.chainId().ifPresent(id -> json.put("chainId", Hex.quantity(id)));
        json.put("from", tx.from().toHexString());
        json.put("gas", Hex.quantity(tx.gasLimit()));
        json.put("gasPrice", Hex.quantity(block == null ? tx.gasPrice() : tx.effectiveGasPrice(BigInteger.ZERO)));
        if (tx.type() == Transaction.EIP1559) {
            json.put("maxFeePerGas", Hex.quantity(tx.maxFeePerGas()));
            json.put("maxPriorityFeePerGas", Hex.quantity(tx.maxPriorityFeePerGas()));
        }
        if (tx.type() != Transaction.LEGACY) {
            json.put("accessList", tx.accessList().stream().map(e -> Map.of("address", e.address().toHexString(),
                    "storageKeys", e.storageKeys().stream().map(Bytes32::toHexString).toList())).toList());
            json.put("yParity", Hex.quantity(tx.v()));
        }
        json.put("hash", tx.hash().toHexString());
        json.put("input", tx.data().toHexString());
        json.put("nonce", Hex.quantity(tx.nonce()));
        json.put("to", tx.to().map(Bytes::toHexString).orElse(null));
        json.put("transactionIndex", block == null ? null : Hex.quantity(index));
        json.put("type", Hex.quantity(tx.type()));
        json.put("value", Hex.quantity(tx.value()));
        json.put("v", Hex.quantity(tx.v()));
        json.put("r", Hex.quantity(tx.r()));
        json.put("s", Hex.quantity(tx.s()));
        return json;
    }

    /**
     * Besu's TransactionPendingResult (eth_getTransactionBySenderAndNonce for a pooled transaction):
     * the transaction as a pending one, plus the sender's public key and the raw EIP-2718 encoding.
     */
    static Map<String, Object> pooledTransactionJson(Transaction tx) {
        Map<String, Object> json = transactionJson(tx, null, -1);
        json.put("publicKey", publicKey(tx.raw()));
        json.put("raw", tx.raw().toHexString());
        return json;
    }

    /** The 64-byte public key (x || y) that signed {@code raw}, recovered as web3j recovers the sender. */
    static String publicKey(Bytes raw) {
        SignedRawTransaction signed = (SignedRawTransaction) TransactionDecoder.decode(raw.toHexString());
        Sign.SignatureData signature = signed.getSignatureData();
        byte v = signed.getRealV(Numeric.toBigInt(signature.getV()));
        try {
            BigInteger key = Sign.signedMessageToKey(signed.getEncodedTransaction(signed.getChainId()),
                    new Sign.SignatureData(v, signature.getR(), signature.getS()));
            return Numeric.toHexStringWithPrefixZeroPadded(key, 128);
        } catch (SignatureException e) {
            throw new IllegalStateException("a pooled transaction's signature was checked when it was admitted", e);
        }
    }

    static Map<String, Object> receiptJson(Block block, int index, StoredReceipt r, int firstLogIndex) {
        Transaction tx = block.transactions().get(index);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("blockHash", block.hash().toHexString());
        json.put("blockNumber", Hex.quantity(block.number()));
        json.put("contractAddress", r.contractAddress().map(Bytes::toHexString).orElse(null));
        json.put("cumulativeGasUsed", Hex.quantity(r.receipt().cumulativeGasUsed()));
        json.put("effectiveGasPrice", Hex.quantity(tx.effectiveGasPrice(BigInteger.ZERO)));
        json.put("from", tx.from().toHexString());
        json.put("gasUsed", Hex.quantity(r.gasUsed()));
        List<Object> logs = new ArrayList<>();
        for (int i = 0; i < r.receipt().logs().size(); i++) {
            logs.add(logJson(new BlockStore.IndexedLog(block.number(), block.hash(), index, tx.hash(), firstLogIndex + i,
                    r.receipt().logs().get(i)), block.header().timestamp()));
        }
        json.put("logs", logs);
        json.put("logsBloom", r.receipt().bloom().toHexString());
        json.put("status", r.receipt().success() ? "0x1" : "0x0");
        json.put("to", tx.to().map(Bytes::toHexString).orElse(null));
        json.put("transactionHash", tx.hash().toHexString());
        json.put("transactionIndex", Hex.quantity(index));
        json.put("type", Hex.quantity(tx.type()));
        r.revertData().ifPresent(d -> json.put("revertReason", d.toHexString()));
        return json;
    }

    /** A log as Besu's LogResult writes it (with the timestamp of its block, Besu's blockTimestamp). */
    public static Map<String, Object> logJson(BlockStore.IndexedLog l, long blockTimestamp) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("logIndex", Hex.quantity(l.logIndex()));
        json.put("removed", false);
        json.put("blockNumber", Hex.quantity(l.blockNumber()));
        json.put("blockHash", l.blockHash().toHexString());
        json.put("blockTimestamp", Hex.quantity(blockTimestamp));
        json.put("transactionHash", l.txHash().toHexString());
        json.put("transactionIndex", Hex.quantity(l.txIndex()));
        json.put("address", l.log().address().toHexString());
        json.put("data", l.log().data().toHexString());
        json.put("topics", l.log().topics().stream().map(Bytes32::toHexString).toList());
        return json;
    }

    /** An EIP-2930 access list as Besu writes it. */
    static List<Object> accessListJson(List<Transaction.AccessListEntry> list) {
        return list.stream().<Object>map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", e.address().toHexString());
            entry.put("storageKeys", e.storageKeys().stream().map(Bytes32::toHexString).toList());
            return entry;
        }).toList();
    }

    public static List<BlockStore.IndexedLog> logsOf(Block block, List<StoredReceipt> receipts) {
        List<BlockStore.IndexedLog> out = new ArrayList<>();
        int logIndex = 0;
        for (int i = 0; i < receipts.size(); i++) {
            for (Log log : receipts.get(i).receipt().logs()) {
                out.add(new BlockStore.IndexedLog(block.number(), block.hash(), i, block.transactions().get(i).hash(),
                        logIndex++, log));
            }
        }
        return out;
    }
}
