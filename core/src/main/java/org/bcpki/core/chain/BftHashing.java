package org.bcpki.core.chain;

import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;

/**
 * The two QBFT header hashes. Both re-encode extraData without seals, so the block hash does not
 * depend on which (or how many) committers sealed it, and the seals can sign the real round.
 */
public final class BftHashing {
    private BftHashing() {}

    /** The block hash Besu reports: extraData with round 0 and no seals; block 0 hashed as stored. */
    public static Bytes32 blockHash(BlockHeader header) {
        if (header.number() == 0) {
            return keccak(BlockHeaderCodec.encode(header));
        }
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData());
        return keccak(BlockHeaderCodec.encode(header.withExtraData(QbftExtraDataCodec.encodeForBlockHash(extra))));
    }

    /** The digest every committed seal signs: extraData with the real round and no seals. */
    public static Bytes32 sealDigest(BlockHeader header) {
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData());
        return keccak(BlockHeaderCodec.encode(header.withExtraData(QbftExtraDataCodec.encodeForSealDigest(extra))));
    }

    static Bytes32 keccak(Bytes data) {
        return Bytes32.wrap(Keccak.keccak256(data.toArrayUnsafe()));
    }
}
