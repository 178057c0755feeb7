package org.bcpki.core.release;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * Where the SoftwareRegistry keeps releases (core/README.md, "Release formats"; the contract's rules
 * in contracts/README.md): {@code mapping(bytes32 => Release) releases} at slot 0, a record of seven words at
 * {@code keccak256(releaseId || 0)}: status, deviceRole, version, size, approvedAt, revokedAt packed
 * from the low-order end (1, 1, 8, 8, 5, 5 bytes), then manufacturer, deviceType, imageSha256,
 * imageKeccak256, manufacturerKeyHash, signatureHash.
 *
 * <p>{@code recordHashes} (slot 1) holds keccak256 of the seven words for every release (zero for
 * none): a light client proves that one slot and checks the words it reads with {@code releaseOf}
 * against it, as it does for grants. {@code deviceTypes} (slot 2) holds one word per
 * {@link #typeKey}: minimumVersion (low 8 bytes) and latestVersion (next 8 bytes).
 * {@code approvalVotes} (slot 3) holds per release the uint32 bitmap of the authority indices that
 * voted to approve; the contract refuses votes once a release is no longer PENDING, so for an
 * APPROVED release its popcount is final: the approval votes the chain counted.
 */
public final class ReleaseLayout {
    public static final int RELEASES_SLOT = 0;
    public static final int RECORD_HASHES_SLOT = 1;
    public static final int DEVICE_TYPES_SLOT = 2;
    public static final int APPROVAL_VOTES_SLOT = 3;
    public static final int WORDS_PER_RECORD = 7;

    private static final BigInteger MASK_8 = BigInteger.valueOf(0xff);
    private static final BigInteger MASK_40 = BigInteger.ONE.shiftLeft(40).subtract(BigInteger.ONE);
    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ReleaseLayout() {}

    /** The record's seven slots in order. */
    public static List<Bytes32> recordSlots(Bytes32 releaseId) {
        BigInteger base = mappingSlot(releaseId, RELEASES_SLOT).toUnsignedBigInteger();
        List<Bytes32> slots = new ArrayList<>(WORDS_PER_RECORD);
        for (int i = 0; i < WORDS_PER_RECORD; i++) {
            slots.add(slotAt(base.add(BigInteger.valueOf(i))));
        }
        return List.copyOf(slots);
    }

    /** The slot of {@code recordHashes[releaseId]}: the one slot a light client proves per release. */
    public static Bytes32 recordHashSlot(Bytes32 releaseId) {
        return mappingSlot(releaseId, RECORD_HASHES_SLOT);
    }

    /** The slot of {@code deviceTypes[typeKey]}. */
    public static Bytes32 deviceTypeSlot(Bytes32 typeKey) {
        return mappingSlot(typeKey, DEVICE_TYPES_SLOT);
    }

    /** The slot of {@code approvalVotes[releaseId]}. */
    public static Bytes32 approvalVotesSlot(Bytes32 releaseId) {
        return mappingSlot(releaseId, APPROVAL_VOTES_SLOT);
    }

    /**
     * {@code keccak256(abi.encode(manufacturer, deviceRole, deviceType))}: device types are scoped by
     * manufacturer and device role (an authority for one role cannot move another role's minimum).
     */
    public static Bytes32 typeKey(SubjectId manufacturer, Role deviceRole, DeviceType deviceType) {
        return typeKey(Bytes32.wrap(manufacturer.bytes()), deviceRole.code(), deviceType.value());
    }

    /** The same from a record's raw words (a record filed by another client may hold any role code and type word). */
    public static Bytes32 typeKey(ReleaseRecord record) {
        return typeKey(record.manufacturer(), record.deviceRoleCode(), record.deviceType());
    }

    private static Bytes32 typeKey(Bytes32 manufacturer, int deviceRole, Bytes32 deviceType) {
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(manufacturer,
                Bytes32.leftPad(Bytes.of(deviceRole & 0xff)), deviceType).toArrayUnsafe()));
    }

    /** What {@code recordHashes} holds for a record: keccak256 of its seven words; zero for no record. */
    public static Bytes32 recordHash(ReleaseRecord record) {
        if (record.status() == ReleaseStatus.NONE) {
            return Bytes32.ZERO;
        }
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(words(record).toArray(Bytes[]::new)).toArrayUnsafe()));
    }

    /** The seven words of a record, as stored (the inverse of {@link #decode}). */
    public static List<Bytes32> words(ReleaseRecord record) {
        return List.of(pack(record), record.manufacturer(), record.deviceType(), record.imageSha256(),
                record.imageKeccak256(), record.manufacturerKeyHash(), record.signatureHash());
    }

    public static ReleaseRecord decode(List<Bytes32> words) {
        if (words.size() != WORDS_PER_RECORD) {
            throw new IllegalArgumentException("a release record has " + WORDS_PER_RECORD + " words, got " + words.size());
        }
        BigInteger v = words.get(0).toUnsignedBigInteger();
        if (v.bitLength() > 224) {
            throw new IllegalArgumentException("the packed release slot uses its unused top bytes: not a release record");
        }
        return new ReleaseRecord(
                ReleaseStatus.fromCode(v.and(MASK_8).intValue()),
                v.shiftRight(8).and(MASK_8).intValue(),
                v.shiftRight(16).and(MASK_64).longValue(),
                v.shiftRight(80).and(MASK_64).longValue(),
                v.shiftRight(144).and(MASK_40).longValue(),
                v.shiftRight(184).and(MASK_40).longValue(),
                words.get(1), words.get(2), words.get(3), words.get(4), words.get(5), words.get(6));
    }

    public static Bytes32 pack(ReleaseRecord record) {
        BigInteger v = BigInteger.valueOf(record.status().code())
                .or(BigInteger.valueOf(record.deviceRoleCode() & 0xff).shiftLeft(8))
                .or(unsigned(record.version()).shiftLeft(16))
                .or(unsigned(record.size()).shiftLeft(80))
                .or(BigInteger.valueOf(record.approvedAt()).and(MASK_40).shiftLeft(144))
                .or(BigInteger.valueOf(record.revokedAt()).and(MASK_40).shiftLeft(184));
        return slotAt(v);
    }

    public static DeviceTypeState decodeDeviceType(Bytes32 word) {
        BigInteger v = word.toUnsignedBigInteger();
        if (v.bitLength() > 128) {
            throw new IllegalArgumentException("the device-type slot uses its unused top bytes");
        }
        return new DeviceTypeState(v.and(MASK_64).longValue(), v.shiftRight(64).and(MASK_64).longValue());
    }

    public static Bytes32 packDeviceType(DeviceTypeState state) {
        return slotAt(unsigned(state.minimumVersion()).or(unsigned(state.latestVersion()).shiftLeft(64)));
    }

    /** The authority-index bitmap of an {@code approvalVotes} word (a uint32). */
    public static int decodeApprovalVotes(Bytes32 word) {
        BigInteger v = word.toUnsignedBigInteger();
        if (v.bitLength() > 32) {
            throw new IllegalArgumentException("the approval-votes slot uses its unused top bytes");
        }
        return v.intValue();
    }

    public static Bytes32 packApprovalVotes(int bitmap) {
        return slotAt(BigInteger.valueOf(Integer.toUnsignedLong(bitmap)));
    }

    private static Bytes32 mappingSlot(Bytes32 key, int slot) {
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(key, Bytes32.leftPad(Bytes.of(slot))).toArrayUnsafe()));
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static Bytes32 slotAt(BigInteger value) {
        BigInteger wrapped = value.mod(BigInteger.ONE.shiftLeft(256));
        return Bytes32.leftPad(Bytes.wrap(wrapped.toByteArray()).trimLeadingZeros());
    }
}
