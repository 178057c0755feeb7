package org.bcpki.mirror.trust;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseDecision;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseRecord;

/**
 * A release, its device type's state and its approval votes as proven at one block of the
 * SoftwareRegistry. The decision is core's {@link ReleaseRecord#decide}.
 *
 * @param approvalVoteBitmap {@code approvalVotes[releaseId]}: the authority indices that voted to approve
 * @param problem why a proven record could not be used (it then counts as no release), else null
 */
public record ProvenRelease(ReleaseRecord record, DeviceTypeState deviceType, int approvalVoteBitmap, BlockRef block,
        String problem) {
    /** A release whose {@code recordHashes} slot is proven zero. */
    public static ProvenRelease absent(DeviceTypeState deviceType, BlockRef block) {
        return new ProvenRelease(ReleaseRecord.NONE, deviceType, 0, block, null);
    }

    /**
     * The release whose hash is proven, from the seven unproven words of {@code releaseOf}, with the
     * proven words of {@code deviceTypes[expectedTypeKey]} and {@code approvalVotes[releaseId]}.
     *
     * @throws IllegalArgumentException when the words do not hash to {@code provenHash}: whoever sent them lied
     */
    public static ProvenRelease of(Bytes32 provenHash, List<Bytes32> words, Bytes32 expectedTypeKey,
            Bytes32 deviceTypeWord, Bytes32 approvalVotesWord, BlockRef block) {
        if (!matches(provenHash, words)) {
            throw new IllegalArgumentException("the release does not hash to the proven record hash " + provenHash.toHexString());
        }
        ReleaseRecord record;
        DeviceTypeState state;
        int votes;
        try {
            record = ReleaseLayout.decode(words.stream().map(w -> Bytes32.wrap(w.toArray())).toList());
            state = ReleaseLayout.decodeDeviceType(deviceTypeWord);
            votes = ReleaseLayout.decodeApprovalVotes(approvalVotesWord);
        } catch (IllegalArgumentException e) {
            // Proven, so not a lie, but not a record this client understands: fail closed.
            return new ProvenRelease(ReleaseRecord.NONE, DeviceTypeState.NONE, 0, block,
                    "undecodable release record: " + e.getMessage());
        }
        if (!ReleaseLayout.typeKey(record).equals(expectedTypeKey)) {
            // The device type proven is not this release's: its minimum version says nothing about it.
            return new ProvenRelease(ReleaseRecord.NONE, DeviceTypeState.NONE, 0, block,
                    "the release's device type is not the one proven");
        }
        return new ProvenRelease(record, state, votes, block, null);
    }

    /**
     * How many authorities voted to approve: final once APPROVED (the contract takes votes only while
     * PENDING), so an APPROVED release's bundle must carry this many approval signatures.
     */
    public int approvalVotes() {
        return Integer.bitCount(approvalVoteBitmap);
    }

    /** Whether {@code words} are the release whose hash ({@link ReleaseLayout#recordHash}) was proven. */
    public static boolean matches(Bytes32 provenHash, List<Bytes32> words) {
        if (provenHash.isZero() || words.size() != ReleaseLayout.WORDS_PER_RECORD) {
            return false;
        }
        Bytes preimage = Bytes.concatenate(words.toArray(Bytes[]::new));
        return Bytes32.wrap(Keccak.keccak256(preimage.toArrayUnsafe())).equals(provenHash);
    }

    /** Whether the device may install the image hashing to {@code imageSha256}: only APPROVED allows it. */
    public ReleaseDecision decide(Bytes32 imageSha256) {
        return record.decide(deviceType, imageSha256);
    }
}
