package org.bcpki.chain.tx;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.tx.InvalidTransactionException.Reason;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.rlp.RlpFields;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.crypto.transaction.type.Transaction2930;
import org.web3j.utils.Numeric;

/** Decodes raw signed transactions (legacy, EIP-2930, EIP-1559) and recovers their sender. */
public final class TransactionCodec {
    private static final BigInteger SECP256K1_N =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    private static final BigInteger HALF_N = SECP256K1_N.shiftRight(1);
    /** Transactions above this size are refused before decoding (Besu's default is 128 KiB). */
    public static final int MAX_SIZE = 128 * 1024;

    private TransactionCodec() {}

    /**
     * Recovering a sender is the costly part of decoding and a pure function of the raw bytes, so
     * recent results are memoised by the raw encoding's hash (a block's transactions were usually
     * seen in the pool first).
     */
    private static final int CACHE_SIZE = 50_000;
    private static final Map<Bytes32, Transaction> RECENT = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Bytes32, Transaction> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    public static Transaction decode(Bytes raw) throws InvalidTransactionException {
        Bytes32 hash = raw.isEmpty() ? null : Bytes32.wrap(Keccak.keccak256(raw.toArrayUnsafe()));
        Transaction cached = hash == null ? null : RECENT.get(hash);
        if (cached != null && cached.raw().equals(raw)) {
            return cached;
        }
        Transaction tx = decodeUncached(raw);
        RECENT.put(tx.hash(), tx);
        return tx;
    }

    private static Transaction decodeUncached(Bytes raw) throws InvalidTransactionException {
        if (raw.isEmpty()) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "empty transaction");
        }
        if (raw.size() > MAX_SIZE) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "transaction larger than " + MAX_SIZE + " bytes");
        }
        int first = raw.get(0) & 0xff;
        if (first < 0x7f && first != 1 && first != 2) {
            throw new InvalidTransactionException(Reason.UNSUPPORTED_TYPE, "unsupported transaction type " + first);
        }
        requireWellFormed(first < 0x7f ? raw.slice(1) : raw);
        RawTransaction decoded;
        try {
            decoded = TransactionDecoder.decode(raw.toHexString());
        } catch (RuntimeException e) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "cannot decode transaction RLP: " + e.getMessage());
        }
        if (!(decoded instanceof SignedRawTransaction signed) || signed.getSignatureData() == null) {
            throw new InvalidTransactionException(Reason.INVALID_SIGNATURE, "transaction is not signed");
        }
        requireCanonical(raw, signed);
        try {
            return toTransaction(raw, signed);
        } catch (RuntimeException e) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "malformed transaction field: " + e.getMessage());
        }
    }

    /**
     * web3j's decoder lets an item run past the end of its list and parses the overlap again, so a
     * few hundred crafted bytes can keep it busy for minutes (found by fuzzing, issue #17): only
     * one strictly well-formed RLP list, of bounded nesting, is handed to it.
     */
    private static void requireWellFormed(Bytes rlp) throws InvalidTransactionException {
        Object item;
        try {
            item = RlpFields.decodeItem(rlp, "transaction");
        } catch (MalformedDataException e) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "malformed transaction RLP: " + e.getMessage());
        }
        if (!(item instanceof List<?>)) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "malformed transaction RLP: not a list");
        }
    }

    /**
     * web3j's decoder is lenient (non-minimal lengths and scalars, extra list items, trailing bytes,
     * chain ids and y-parities cut to a long or int), so the same signed transaction could arrive
     * under many hashes. Only its canonical encoding, which web3j's encoder writes, is accepted.
     */
    private static void requireCanonical(Bytes raw, SignedRawTransaction signed) throws InvalidTransactionException {
        Bytes canonical;
        try {
            canonical = Bytes.wrap(TransactionEncoder.encode(signed, signed.getSignatureData()));
        } catch (RuntimeException e) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "cannot re-encode transaction: " + e.getMessage());
        }
        if (!canonical.equals(raw)) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, "transaction is not in canonical RLP");
        }
    }

    private static Transaction toTransaction(Bytes raw, SignedRawTransaction signed) throws InvalidTransactionException {
        Sign.SignatureData sig = signed.getSignatureData();
        BigInteger r = Numeric.toBigInt(sig.getR());
        BigInteger s = Numeric.toBigInt(sig.getS());
        BigInteger v = Numeric.toBigInt(sig.getV());
        if (r.signum() <= 0 || r.compareTo(SECP256K1_N) >= 0 || s.signum() <= 0 || s.compareTo(HALF_N) > 0) {
            throw new InvalidTransactionException(Reason.INVALID_SIGNATURE, "signature r or s out of range (EIP-2 low s)");
        }
        int type;
        Optional<Long> chainId;
        BigInteger gasPrice;
        BigInteger maxPriority;
        BigInteger maxFee;
        List<Transaction.AccessListEntry> accessList = List.of();
        if (signed.getTransaction() instanceof Transaction1559 t) {
            type = Transaction.EIP1559;
            chainId = Optional.of(t.getChainId());
            maxPriority = t.getMaxPriorityFeePerGas();
            maxFee = t.getMaxFeePerGas();
            gasPrice = maxFee;
            accessList = accessList(t.getAccessList());
            v = yParity(v);
        } else if (signed.getTransaction() instanceof Transaction2930 t) {
            type = 1;
            chainId = Optional.of(t.getChainId());
            gasPrice = t.getGasPrice();
            maxPriority = gasPrice;
            maxFee = gasPrice;
            accessList = accessList(t.getAccessList());
            v = yParity(v);
        } else {
            type = Transaction.LEGACY;
            if (!v.equals(BigInteger.valueOf(27)) && !v.equals(BigInteger.valueOf(28)) && v.compareTo(BigInteger.valueOf(35)) < 0
                    || v.bitLength() > 63) { // web3j derives the EIP-155 chain id from v in a long
                throw new InvalidTransactionException(Reason.INVALID_SIGNATURE, "invalid legacy v value " + v);
            }
            chainId = Optional.ofNullable(signed.getChainId());
            gasPrice = signed.getGasPrice();
            maxPriority = gasPrice;
            maxFee = gasPrice;
        }
        String from;
        try {
            from = signed.getFrom();
        } catch (SignatureException | RuntimeException e) {
            throw new InvalidTransactionException(Reason.INVALID_SIGNATURE, "cannot recover sender: " + e.getMessage());
        }
        String to = signed.getTo();
        Optional<Bytes> toAddress = Optional.empty();
        if (to != null && !to.isEmpty() && !to.equals("0x")) {
            Bytes address = Bytes.fromHexString(to);
            if (address.size() != 20) {
                throw new InvalidTransactionException(Reason.INVALID_RLP, "recipient is not 20 bytes");
            }
            toAddress = Optional.of(address);
        }
        return new Transaction(type, chainId, longValue(signed.getNonce(), "nonce"), uint256(gasPrice, "gas price"),
                uint256(maxPriority, "max priority fee"), uint256(maxFee, "max fee"),
                longValue(signed.getGasLimit(), "gas limit"), toAddress, uint256(signed.getValue(), "value"),
                Bytes.fromHexString(signed.getData() == null ? "0x" : signed.getData()), accessList, v, r, s,
                Bytes.fromHexString(from), Bytes32.wrap(Keccak.keccak256(raw.toArrayUnsafe())), raw);
    }

    /** web3j reports a typed transaction's y-parity as 27/28; the wire and JSON-RPC use 0/1. */
    private static BigInteger yParity(BigInteger v) throws InvalidTransactionException {
        int value = v.intValue();
        if (v.bitLength() > 8 || !(value == 0 || value == 1 || value == 27 || value == 28)) {
            throw new InvalidTransactionException(Reason.INVALID_SIGNATURE, "typed transaction y-parity must be 0 or 1");
        }
        return BigInteger.valueOf(value >= 27 ? value - 27 : value);
    }

    private static List<Transaction.AccessListEntry> accessList(List<AccessListObject> list) throws InvalidTransactionException {
        if (list == null) {
            return List.of();
        }
        List<Transaction.AccessListEntry> entries = new ArrayList<>();
        for (AccessListObject o : list) {
            Bytes address = Bytes.fromHexString(o.getAddress());
            List<Bytes32> keys = new ArrayList<>();
            for (String key : o.getStorageKeys()) {
                Bytes bytes = Bytes.fromHexString(key);
                if (bytes.size() != 32) {
                    throw new InvalidTransactionException(Reason.INVALID_RLP, "access list storage key is not 32 bytes");
                }
                keys.add(Bytes32.wrap(bytes));
            }
            if (address.size() != 20) {
                throw new InvalidTransactionException(Reason.INVALID_RLP, "access list address is not 20 bytes");
            }
            entries.add(new Transaction.AccessListEntry(address, List.copyOf(keys)));
        }
        return List.copyOf(entries);
    }

    private static BigInteger uint256(BigInteger value, String what) throws InvalidTransactionException {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, what + " out of range");
        }
        return value;
    }

    private static long longValue(BigInteger value, String what) throws InvalidTransactionException {
        if (value.signum() < 0 || value.bitLength() > 63) {
            throw new InvalidTransactionException(Reason.INVALID_RLP, what + " out of range");
        }
        return value.longValueExact();
    }
}
