package org.bcpki.chain.block;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.rlp.RlpFields;

/** A block: a Besu-format QBFT header and its transactions (no ommers, no withdrawals). */
public record Block(BlockHeader header, List<Transaction> transactions) {
    public Block {
        transactions = List.copyOf(transactions);
    }

    public Bytes32 hash() {
        return BftHashing.blockHash(header);
    }

    public long number() {
        return header.number();
    }

    /**
     * Wire and storage form (this project's own, between embedded nodes): RLP [header RLP as a
     * byte string, [signed raw transaction as a byte string, ...]].
     */
    public Bytes encode() {
        return RLP.encodeList(w -> {
            w.writeValue(BlockHeaderCodec.encode(header));
            w.writeList(l -> transactions.forEach(tx -> l.writeValue(tx.raw())));
        });
    }

    /**
     * The block as Ethereum encodes it (what Besu's debug_getRawBlock returns and "size" counts):
     * RLP [header, [legacy tx as a list | typed tx as a byte string], ommers [], withdrawals []].
     */
    public Bytes ethereumEncoding() {
        return RLP.encodeList(w -> {
            w.writeRLP(BlockHeaderCodec.encode(header));
            w.writeList(l -> transactions.forEach(tx -> {
                if (tx.type() == Transaction.LEGACY) {
                    l.writeRLP(tx.raw());
                } else {
                    l.writeValue(tx.raw());
                }
            }));
            w.writeList(l -> { });
            if (header.withdrawalsRoot() != null) {
                w.writeList(l -> { });
            }
        });
    }

    /**
     * Decodes {@link #ethereumEncoding()}: RLP [header, [legacy transaction list | typed transaction
     * string, ...], ommers (none on QBFT), withdrawals (optional, none)]. Signatures are re-checked.
     *
     * @throws MalformedDataException when it is not such a block
     */
    public static Block decodeEthereum(Bytes encoded) throws InvalidTransactionException {
        List<Bytes> parts;
        List<Bytes> transactions;
        try {
            parts = RlpLists.items(encoded);
            if (parts.size() < 3 || parts.size() > 4 || !RlpLists.items(parts.get(2)).isEmpty()
                    || (parts.size() == 4 && !RlpLists.items(parts.get(3)).isEmpty())) {
                throw new MalformedDataException("not a block without ommers and withdrawals");
            }
            transactions = new java.util.ArrayList<>();
            for (Bytes tx : RlpLists.items(parts.get(1))) {
                // a legacy transaction is an RLP list, a typed one an RLP string holding type || payload
                transactions.add((tx.get(0) & 0xff) >= 0xc0 ? tx : RLP.decodeValue(tx));
            }
        } catch (IllegalArgumentException | ArithmeticException | org.apache.tuweni.rlp.RLPException e) {
            throw new MalformedDataException("malformed block: " + e.getMessage());
        }
        return new Block(BlockHeaderCodec.decode(parts.get(0)), decodeTransactions(transactions));
    }

    public static Bytes encodeTransactions(List<Transaction> transactions) {
        return RlpLists.encode(transactions.stream().map(Transaction::raw).toList());
    }

    /** Decodes a block received from a peer or read from disk; every transaction signature is re-checked. */
    public static Block decode(Bytes encoded) throws InvalidTransactionException {
        record Parts(Bytes header, List<Bytes> transactions) {}
        Parts parts = RlpFields.decodeList(encoded, "block", r -> {
            Bytes header = RlpFields.readBytes(r, "block header");
            List<Bytes> raws = RlpFields.readList(r, "block transactions", t -> RlpFields.readBytes(t, "transaction"));
            RlpFields.requireComplete(r, "block");
            return new Parts(header, raws);
        });
        return new Block(BlockHeaderCodec.decode(parts.header()), decodeTransactions(parts.transactions()));
    }

    public static List<Transaction> decodeTransactions(List<Bytes> raws) throws InvalidTransactionException {
        List<Transaction> out = new java.util.ArrayList<>();
        for (Bytes raw : raws) {
            out.add(TransactionCodec.decode(raw));
        }
        return out;
    }

    public static List<Transaction> decodeTransactions(Bytes encodedList) throws InvalidTransactionException {
        List<Bytes> raws;
        try {
            raws = RlpLists.decode(encodedList);
        } catch (RuntimeException e) {
            throw new MalformedDataException("malformed transaction list: " + e.getMessage());
        }
        return decodeTransactions(raws);
    }
}
