package org.bcpki.core.registry;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;

/**
 * Where the registry contract keeps a subject's grant. Layout (see contracts/README.md):
 * {@code mapping(bytes32 => Grant) grants} at slot 0; a record at {@code keccak256(subjectId || 0)}
 * holds status, role, algorithm, version, notBefore, notAfter, revokedAt packed from the low-order
 * end (1, 1, 1, 4, 8, 8, 8 bytes), then keyHash, then attestationHash.
 *
 * <p>{@code mapping(bytes32 => bytes32) recordHashes} at slot 15 holds, for every subject with a
 * record, {@code keccak256(packed || keyHash || attestationHash)} (zero when there is none). A light
 * client proves that one slot and checks the three words it reads unproven against it, so its proof
 * grows with one storage path per subject instead of three (issue #15).
 */
public final class RegistryLayout {
    public static final int GRANTS_SLOT = 0;
    public static final int SLOTS_PER_RECORD = 3;
    public static final int RECORD_HASHES_SLOT = 15;

    private static final BigInteger MASK_8 = BigInteger.valueOf(0xff);
    private static final BigInteger MASK_32 = BigInteger.valueOf(0xffff_ffffL);
    private static final BigInteger MASK_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private RegistryLayout() {}

    /** The record's slots in order: packed fields, keyHash, attestationHash. */
    public static List<Bytes32> recordSlots(SubjectId subject) {
        Bytes32 base = Bytes32.wrap(Keccak.keccak256(
                Bytes.concatenate(Bytes.wrap(subject.bytes()), Bytes32.leftPad(Bytes.of(GRANTS_SLOT))).toArrayUnsafe()));
        BigInteger first = base.toUnsignedBigInteger();
        return List.of(base, slotAt(first.add(BigInteger.ONE)), slotAt(first.add(BigInteger.TWO)));
    }

    /** The slot of {@code recordHashes[subject]}: the one slot a light client proves. */
    public static Bytes32 recordHashSlot(SubjectId subject) {
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(
                Bytes.wrap(subject.bytes()), Bytes32.leftPad(Bytes.of(RECORD_HASHES_SLOT))).toArrayUnsafe()));
    }

    /** What {@code recordHashes} holds for a record: keccak256 of its three words; zero for no record. */
    public static Bytes32 recordHash(GrantRecord record) {
        if (record.status() == GrantStatus.NONE) {
            return Bytes32.ZERO;
        }
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(
                pack(record), record.keyHash(), record.attestationHash()).toArrayUnsafe()));
    }

    /**
     * Every storage slot the registry writes for a subject's record, in the order of
     * {@link #recordSlots} followed by the record-hash slot (zero values are absent from the trie).
     */
    public static Map<Bytes32, Bytes32> recordStorage(SubjectId subject, GrantRecord record) {
        List<Bytes32> slots = recordSlots(subject);
        Map<Bytes32, Bytes32> storage = new LinkedHashMap<>();
        storage.put(slots.get(0), pack(record));
        storage.put(slots.get(1), record.keyHash());
        storage.put(slots.get(2), record.attestationHash());
        storage.put(recordHashSlot(subject), recordHash(record));
        return storage;
    }

    public static GrantRecord decode(Bytes32 packed, Bytes32 keyHash, Bytes32 attestationHash) {
        BigInteger v = packed.toUnsignedBigInteger();
        if (v.bitLength() > 248) {
            throw new IllegalArgumentException("the packed grant slot uses its unused top byte: not a grant record");
        }
        return new GrantRecord(
                GrantStatus.fromCode(v.and(MASK_8).intValue()),
                v.shiftRight(8).and(MASK_8).intValue(),
                v.shiftRight(16).and(MASK_8).intValue(),
                v.shiftRight(24).and(MASK_32).longValue(),
                v.shiftRight(56).and(MASK_64).longValue(),
                v.shiftRight(120).and(MASK_64).longValue(),
                v.shiftRight(184).and(MASK_64).longValue(),
                keyHash,
                attestationHash);
    }

    /** The packed first slot of a record (the inverse of {@link #decode}). */
    public static Bytes32 pack(GrantRecord record) {
        BigInteger v = BigInteger.valueOf(record.status().code())
                .or(BigInteger.valueOf(record.roleCode() & 0xff).shiftLeft(8))
                .or(BigInteger.valueOf(record.algorithmCode() & 0xff).shiftLeft(16))
                .or(BigInteger.valueOf(record.version() & 0xffff_ffffL).shiftLeft(24))
                .or(unsigned(record.notBefore()).shiftLeft(56))
                .or(unsigned(record.notAfter()).shiftLeft(120))
                .or(unsigned(record.revokedAt()).shiftLeft(184));
        return slotAt(v);
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static Bytes32 slotAt(BigInteger value) {
        BigInteger wrapped = value.mod(BigInteger.ONE.shiftLeft(256));
        return Bytes32.leftPad(Bytes.wrap(wrapped.toByteArray()).trimLeadingZeros());
    }
}
