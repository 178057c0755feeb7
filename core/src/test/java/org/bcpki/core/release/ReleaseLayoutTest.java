package org.bcpki.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.junit.jupiter.api.Test;

class ReleaseLayoutTest {
    static final Bytes32 IMAGE = Bytes32.repeat((byte) 0x11);

    static ReleaseRecord record(ReleaseStatus status, long version) {
        return new ReleaseRecord(status, 1, version, 4096, 1_800_000_000L, status == ReleaseStatus.REVOKED ? 1_800_000_500L : 0,
                Bytes32.repeat((byte) 1), Bytes32.repeat((byte) 2), IMAGE, Bytes32.repeat((byte) 3),
                Bytes32.repeat((byte) 4), Bytes32.repeat((byte) 5));
    }

    @Test
    void packedWordRoundTripsAndPlacesFieldsAsTheCompilerDoes() {
        ReleaseRecord r = record(ReleaseStatus.APPROVED, 0x0102030405060708L);
        Bytes32 packed = ReleaseLayout.pack(r);
        // status byte 0, role byte 1, version bytes 2..9 (from the low-order end)
        assertEquals(2, packed.get(31));
        assertEquals(1, packed.get(30));
        assertEquals(Bytes.fromHexString("0x0102030405060708"), packed.slice(22, 8));
        assertEquals(r, ReleaseLayout.decode(ReleaseLayout.words(r)));
        List<Bytes32> words = new ArrayList<>(ReleaseLayout.words(r));
        words.set(0, Bytes32.fromHexString("0x01" + "00".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> ReleaseLayout.decode(words), "top bytes are unused");
        assertThrows(IllegalArgumentException.class, () -> ReleaseLayout.decode(words.subList(0, 6)));
    }

    @Test
    void recordHashIsKeccakOfTheSevenWordsAndZeroForNone() {
        ReleaseRecord r = record(ReleaseStatus.PENDING, 3);
        assertEquals(Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(ReleaseLayout.words(r).toArray(Bytes[]::new))
                .toArrayUnsafe())), ReleaseLayout.recordHash(r));
        assertEquals(Bytes32.ZERO, ReleaseLayout.recordHash(ReleaseRecord.NONE));
    }

    @Test
    void slotsAreMappingSlotsOfTheDocumentedStateVariables() {
        Bytes32 id = Bytes32.repeat((byte) 9);
        Bytes32 base = Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(id, Bytes32.ZERO).toArrayUnsafe()));
        assertEquals(base, ReleaseLayout.recordSlots(id).get(0));
        assertEquals(Bytes32.leftPad(Bytes.wrap(base.toUnsignedBigInteger().add(java.math.BigInteger.valueOf(6)).toByteArray())
                .trimLeadingZeros()), ReleaseLayout.recordSlots(id).get(6));
        assertEquals(Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(id, Bytes32.leftPad(Bytes.of(1))).toArrayUnsafe())),
                ReleaseLayout.recordHashSlot(id));
        assertEquals(Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(id, Bytes32.leftPad(Bytes.of(3))).toArrayUnsafe())),
                ReleaseLayout.approvalVotesSlot(id));
        DeviceTypeState state = new DeviceTypeState(6, 4);
        assertEquals(state, ReleaseLayout.decodeDeviceType(ReleaseLayout.packDeviceType(state)));
        assertEquals(Bytes32.fromHexString("0x0000000000000000000000000000000000000000000000040000000000000006"),
                ReleaseLayout.packDeviceType(state));
    }

    @Test
    void approvalVotesAreAUint32Bitmap() {
        int bitmap = 0x80000003; // authorities 0, 1 and 31
        Bytes32 word = ReleaseLayout.packApprovalVotes(bitmap);
        assertEquals(Bytes32.fromHexString("0x0000000000000000000000000000000000000000000000000000000080000003"), word);
        assertEquals(bitmap, ReleaseLayout.decodeApprovalVotes(word));
        assertEquals(0, ReleaseLayout.decodeApprovalVotes(Bytes32.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ReleaseLayout.decodeApprovalVotes(
                Bytes32.fromHexString("0x0000000000000000000000000000000000000000000000000000000100000003")));
    }

    @Test
    void decisions() {
        DeviceTypeState atThree = new DeviceTypeState(3, 3);
        assertEquals(ReleaseDecision.UNKNOWN, ReleaseRecord.NONE.decide(atThree, IMAGE));
        assertEquals(ReleaseDecision.PENDING, record(ReleaseStatus.PENDING, 4).decide(atThree, IMAGE));
        assertEquals(ReleaseDecision.REVOKED, record(ReleaseStatus.REVOKED, 3).decide(atThree, IMAGE));
        assertEquals(ReleaseDecision.APPROVED, record(ReleaseStatus.APPROVED, 3).decide(atThree, IMAGE));
        assertEquals(ReleaseDecision.APPROVED, record(ReleaseStatus.APPROVED, 3).decide(atThree, null));
        assertEquals(ReleaseDecision.BELOW_MINIMUM, record(ReleaseStatus.APPROVED, 2).decide(atThree, IMAGE));
        assertEquals(ReleaseDecision.WRONG_IMAGE, record(ReleaseStatus.APPROVED, 3).decide(atThree, Bytes32.repeat((byte) 7)));
    }
}
