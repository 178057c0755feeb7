package org.bcpki.core.chain;

import org.bcpki.core.rlp.RlpFields;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.bcpki.core.MalformedDataException;

/**
 * Header RLP in Besu's field order: 15 fields, plus baseFee (London, 16) and withdrawalsRoot
 * (Shanghai, 17). Scalars are minimal big-endian; the nonce is a fixed 8-byte string.
 */
public final class BlockHeaderCodec {
    private static final int NONCE_SIZE = 8;

    private BlockHeaderCodec() {}

    public static Bytes encode(BlockHeader h) {
        return RLP.encodeList(out -> {
            out.writeValue(h.parentHash());
            out.writeValue(h.ommersHash());
            out.writeValue(h.coinbase().value());
            out.writeValue(h.stateRoot());
            out.writeValue(h.transactionsRoot());
            out.writeValue(h.receiptsRoot());
            out.writeValue(h.logsBloom());
            out.writeValue(RlpFields.scalar(h.difficulty()));
            out.writeValue(RlpFields.scalar(h.number()));
            out.writeValue(RlpFields.scalar(h.gasLimit()));
            out.writeValue(RlpFields.scalar(h.gasUsed()));
            out.writeValue(RlpFields.scalar(h.timestamp()));
            out.writeValue(h.extraData());
            out.writeValue(h.mixHash());
            out.writeValue(Bytes.wrap(ByteBuffer.allocate(NONCE_SIZE).putLong(h.nonce()).array()));
            if (h.baseFee() != null) {
                out.writeValue(RlpFields.scalar(h.baseFee()));
                if (h.withdrawalsRoot() != null) {
                    out.writeValue(h.withdrawalsRoot());
                }
            }
        });
    }

    public static BlockHeader decode(Bytes rlp) {
        return RlpFields.decodeList(rlp, "block header", BlockHeaderCodec::readBody);
    }

    private static BlockHeader readBody(RLPReader in) {
        Bytes32 parentHash = RlpFields.readBytes32(in, "parentHash");
        Bytes32 ommersHash = RlpFields.readBytes32(in, "ommersHash");
        Address coinbase = new Address(RlpFields.readFixed(in, "coinbase", Address.SIZE));
        Bytes32 stateRoot = RlpFields.readBytes32(in, "stateRoot");
        Bytes32 transactionsRoot = RlpFields.readBytes32(in, "transactionsRoot");
        Bytes32 receiptsRoot = RlpFields.readBytes32(in, "receiptsRoot");
        Bytes logsBloom = RlpFields.readFixed(in, "logsBloom", BlockHeader.LOGS_BLOOM_SIZE);
        BigInteger difficulty = RlpFields.readScalar(in, "difficulty", 32);
        long number = RlpFields.readLongScalar(in, "number");
        long gasLimit = RlpFields.readLongScalar(in, "gasLimit");
        long gasUsed = RlpFields.readLongScalar(in, "gasUsed");
        long timestamp = RlpFields.readLongScalar(in, "timestamp");
        Bytes extraData = RlpFields.readBytes(in, "extraData");
        Bytes32 mixHash = RlpFields.readBytes32(in, "mixHash");
        long nonce = RlpFields.readFixed(in, "nonce", NONCE_SIZE).toLong();
        BigInteger baseFee = in.isComplete() ? null : RlpFields.readScalar(in, "baseFee", 32);
        Bytes32 withdrawalsRoot = in.isComplete() ? null : RlpFields.readBytes32(in, "withdrawalsRoot");
        if (!in.isComplete()) {
            throw new MalformedDataException("block header has more than 17 fields (post-Shanghai forks are not supported)");
        }
        return new BlockHeader(parentHash, ommersHash, coinbase, stateRoot, transactionsRoot, receiptsRoot,
                logsBloom, difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce,
                baseFee, withdrawalsRoot);
    }
}
