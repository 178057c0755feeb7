package org.bcpki.core.chain;

import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;

/**
 * An Ethereum block header as Besu encodes it. {@code baseFee} is null before London and
 * {@code withdrawalsRoot} null before Shanghai (which implies London). Encoding lives in
 * {@link BlockHeaderCodec}; the QBFT hashes in {@link BftHashing}.
 */
public record BlockHeader(
        Bytes32 parentHash,
        Bytes32 ommersHash,
        Address coinbase,
        Bytes32 stateRoot,
        Bytes32 transactionsRoot,
        Bytes32 receiptsRoot,
        Bytes logsBloom,
        BigInteger difficulty,
        long number,
        long gasLimit,
        long gasUsed,
        long timestamp,
        Bytes extraData,
        Bytes32 mixHash,
        long nonce,
        BigInteger baseFee,
        Bytes32 withdrawalsRoot) {

    public static final int LOGS_BLOOM_SIZE = 256;
    /** "tical byzantine fault tolerance": the fixed mixHash of every BFT block. */
    public static final Bytes32 QBFT_MIX_HASH =
            Bytes32.fromHexString("0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365");
    /** keccak256(rlp([])): the ommers hash of a block without ommers. */
    public static final Bytes32 EMPTY_OMMERS_HASH =
            Bytes32.fromHexString("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    /** keccak256(rlp("")): the root of an empty Merkle-Patricia trie. */
    public static final Bytes32 EMPTY_TRIE_ROOT =
            Bytes32.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    public static final Bytes EMPTY_LOGS_BLOOM = Bytes.wrap(new byte[LOGS_BLOOM_SIZE]);

    public BlockHeader {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(ommersHash, "ommersHash");
        Objects.requireNonNull(coinbase, "coinbase");
        Objects.requireNonNull(stateRoot, "stateRoot");
        Objects.requireNonNull(transactionsRoot, "transactionsRoot");
        Objects.requireNonNull(receiptsRoot, "receiptsRoot");
        Objects.requireNonNull(logsBloom, "logsBloom");
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(extraData, "extraData");
        Objects.requireNonNull(mixHash, "mixHash");
        if (logsBloom.size() != LOGS_BLOOM_SIZE) {
            throw new MalformedDataException("logsBloom must be " + LOGS_BLOOM_SIZE + " bytes, found " + logsBloom.size());
        }
        requireNonNegative("difficulty", difficulty);
        requireNonNegative("number", number);
        requireNonNegative("gasLimit", gasLimit);
        requireNonNegative("gasUsed", gasUsed);
        requireNonNegative("timestamp", timestamp);
        if (baseFee != null) {
            requireNonNegative("baseFee", baseFee);
        }
        if (withdrawalsRoot != null && baseFee == null) {
            throw new MalformedDataException("withdrawalsRoot (Shanghai) requires baseFee (London)");
        }
        logsBloom = logsBloom.copy();
        extraData = extraData.copy();
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new MalformedDataException(field + " must not be negative: " + value);
        }
    }

    private static void requireNonNegative(String field, BigInteger value) {
        if (value.signum() < 0) {
            throw new MalformedDataException(field + " must not be negative: " + value);
        }
    }

    public BlockHeader withExtraData(Bytes newExtraData) {
        return toBuilder().extraData(newExtraData).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder preset to an empty QBFT block (constant fields, empty roots); set what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder, mainly for block producers and tests that change one field at a time. */
    public static final class Builder {
        private Bytes32 parentHash = Bytes32.ZERO;
        private Bytes32 ommersHash = EMPTY_OMMERS_HASH;
        private Address coinbase = new Address(Bytes.wrap(new byte[Address.SIZE]));
        private Bytes32 stateRoot = EMPTY_TRIE_ROOT;
        private Bytes32 transactionsRoot = EMPTY_TRIE_ROOT;
        private Bytes32 receiptsRoot = EMPTY_TRIE_ROOT;
        private Bytes logsBloom = EMPTY_LOGS_BLOOM;
        private BigInteger difficulty = BigInteger.ONE;
        private long number;
        private long gasLimit;
        private long gasUsed;
        private long timestamp;
        private Bytes extraData = Bytes.EMPTY;
        private Bytes32 mixHash = QBFT_MIX_HASH;
        private long nonce;
        private BigInteger baseFee;
        private Bytes32 withdrawalsRoot;

        private Builder() {}

        private Builder(BlockHeader h) {
            parentHash = h.parentHash;
            ommersHash = h.ommersHash;
            coinbase = h.coinbase;
            stateRoot = h.stateRoot;
            transactionsRoot = h.transactionsRoot;
            receiptsRoot = h.receiptsRoot;
            logsBloom = h.logsBloom;
            difficulty = h.difficulty;
            number = h.number;
            gasLimit = h.gasLimit;
            gasUsed = h.gasUsed;
            timestamp = h.timestamp;
            extraData = h.extraData;
            mixHash = h.mixHash;
            nonce = h.nonce;
            baseFee = h.baseFee;
            withdrawalsRoot = h.withdrawalsRoot;
        }

        public Builder parentHash(Bytes32 v) { parentHash = v; return this; }
        public Builder ommersHash(Bytes32 v) { ommersHash = v; return this; }
        public Builder coinbase(Address v) { coinbase = v; return this; }
        public Builder stateRoot(Bytes32 v) { stateRoot = v; return this; }
        public Builder transactionsRoot(Bytes32 v) { transactionsRoot = v; return this; }
        public Builder receiptsRoot(Bytes32 v) { receiptsRoot = v; return this; }
        public Builder logsBloom(Bytes v) { logsBloom = v; return this; }
        public Builder difficulty(BigInteger v) { difficulty = v; return this; }
        public Builder number(long v) { number = v; return this; }
        public Builder gasLimit(long v) { gasLimit = v; return this; }
        public Builder gasUsed(long v) { gasUsed = v; return this; }
        public Builder timestamp(long v) { timestamp = v; return this; }
        public Builder extraData(Bytes v) { extraData = v; return this; }
        public Builder mixHash(Bytes32 v) { mixHash = v; return this; }
        public Builder nonce(long v) { nonce = v; return this; }
        public Builder baseFee(BigInteger v) { baseFee = v; return this; }
        public Builder withdrawalsRoot(Bytes32 v) { withdrawalsRoot = v; return this; }

        public BlockHeader build() {
            return new BlockHeader(parentHash, ommersHash, coinbase, stateRoot, transactionsRoot, receiptsRoot,
                    logsBloom, difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce,
                    baseFee, withdrawalsRoot);
        }
    }
}
