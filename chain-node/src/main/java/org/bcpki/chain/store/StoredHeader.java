package org.bcpki.chain.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;

/**
 * How the block store keeps a header: its RLP with the fields that hold this network's constants
 * (ommers hash, empty transactions/receipts/withdrawals roots, the zero logs bloom of a block
 * without logs, QBFT's mix hash, the zero nonce) written as empty strings, about 420 of an empty
 * block's 870 bytes. Those fields are never empty in a real header, so reading puts the constant
 * back and full headers (rows written before) read unchanged; hashes and RPC answers are those of
 * the full header.
 */
final class StoredHeader {
    private static final Map<Integer, Bytes> CONSTANTS = Map.of(
            1, BlockHeader.EMPTY_OMMERS_HASH,
            4, BlockHeader.EMPTY_TRIE_ROOT,
            5, BlockHeader.EMPTY_TRIE_ROOT,
            6, BlockHeader.EMPTY_LOGS_BLOOM,
            13, BlockHeader.QBFT_MIX_HASH,
            14, Bytes.wrap(new byte[8]),
            16, BlockHeader.EMPTY_TRIE_ROOT);

    private StoredHeader() {}

    static Bytes encode(BlockHeader header) {
        List<Bytes> fields = fields(BlockHeaderCodec.encode(header));
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).equals(CONSTANTS.get(i))) {
                fields.set(i, Bytes.EMPTY);
            }
        }
        return RLP.encodeList(w -> fields.forEach(w::writeValue));
    }

    static BlockHeader decode(Bytes stored) {
        List<Bytes> fields = fields(stored);
        boolean compact = false;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).isEmpty() && CONSTANTS.containsKey(i)) {
                fields.set(i, CONSTANTS.get(i));
                compact = true;
            }
        }
        return BlockHeaderCodec.decode(compact ? RLP.encodeList(w -> fields.forEach(w::writeValue)) : stored);
    }

    private static List<Bytes> fields(Bytes rlp) {
        return RLP.decodeList(rlp, r -> {
            List<Bytes> out = new ArrayList<>();
            while (!r.isComplete()) {
                out.add(r.readValue());
            }
            return out;
        });
    }
}
