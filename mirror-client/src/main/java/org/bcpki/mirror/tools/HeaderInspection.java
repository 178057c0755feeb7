package org.bcpki.mirror.tools;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.mirror.trust.StandaloneHeaderCheck;

/**
 * One header checked on its own against a validator set (no parent, so no parent rules): what
 * {@code bcpki mirror verify-header} reports. Fields are null when the header did not decode that far.
 */
public record HeaderInspection(boolean valid, Long number, String blockHash, String sealHash, Integer round,
        List<String> signers, List<String> problems) {

    public static HeaderInspection of(Bytes rlp, List<Address> validators) {
        List<String> problems = new ArrayList<>();
        BlockHeader header;
        try {
            header = BlockHeaderCodec.decode(rlp);
        } catch (RuntimeException e) {
            return new HeaderInspection(false, null, null, null, null, List.of(),
                    List.of("not a block header: " + e.getMessage()));
        }
        String blockHash = null;
        String sealHash = null;
        Integer round = null;
        List<String> signers = new ArrayList<>();
        try {
            round = QbftExtraDataCodec.decode(header.extraData()).round();
            blockHash = BftHashing.blockHash(header).toHexString();
            sealHash = BftHashing.sealDigest(header).toHexString();
            CommitSeals.signers(header).forEach(a -> signers.add(a.toHex()));
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        for (String problem : StandaloneHeaderCheck.validate(header, validators)) {
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
        return new HeaderInspection(problems.isEmpty(), header.number(), blockHash, sealHash, round, signers, problems);
    }
}
