package org.bcpki.core.chain;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;

/** Recovers who committed a block from its seals. */
public final class CommitSeals {
    private CommitSeals() {}

    /**
     * The committers in seal order (duplicates kept, so callers can detect them).
     *
     * @throws MalformedDataException if extraData does not decode or a seal recovers to no key
     */
    public static List<Address> signers(BlockHeader header) {
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData());
        Bytes32 digest = BftHashing.sealDigest(header);
        List<Address> signers = new ArrayList<>(extra.seals().size());
        for (int i = 0; i < extra.seals().size(); i++) {
            Bytes seal = extra.seals().get(i);
            int index = i;
            signers.add(Secp256k1.recoverAddress(digest, seal)
                    .orElseThrow(() -> new MalformedDataException("commit seal " + index + " is not a valid low-s signature")));
        }
        return signers;
    }

    /** Seals {@code header} (whose extraData carries no seals yet) with each key, in order. */
    public static BlockHeader seal(BlockHeader header, List<NodeKey> committers) {
        QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData());
        Bytes32 digest = BftHashing.sealDigest(header);
        List<Bytes> seals = new ArrayList<>(extra.seals());
        committers.forEach(key -> seals.add(key.sign(digest)));
        return header.withExtraData(QbftExtraDataCodec.encode(extra.withSeals(seals)));
    }
}
