package org.bcpki.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Test;

class RegistryLayoutTest {
    private static final Bytes32 KEY = Bytes32.fromHexString("0x" + "ab".repeat(32));
    private static final Bytes32 ATTESTATION = Bytes32.fromHexString("0x" + "cd".repeat(32));

    @Test
    void slotsFollowSoliditysMappingRule() {
        SubjectId subject = SubjectId.parse("1ESY1160000000");
        List<Bytes32> slots = RegistryLayout.recordSlots(subject);
        Bytes32 base = Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(Bytes.wrap(subject.bytes()), Bytes32.ZERO).toArrayUnsafe()));
        assertEquals(base, slots.get(0));
        assertEquals(base.toUnsignedBigInteger().add(java.math.BigInteger.ONE), slots.get(1).toUnsignedBigInteger());
        assertEquals(base.toUnsignedBigInteger().add(java.math.BigInteger.TWO), slots.get(2).toUnsignedBigInteger());
    }

    @Test
    void packsFieldsFromTheLowOrderEnd() {
        GrantRecord record = new GrantRecord(GrantStatus.ACTIVE, Role.METER.code(), KeyAlgorithm.ML_DSA_65.code(),
                3, 1_700_000_000L, 1_900_000_000L, 0, KEY, ATTESTATION);
        Bytes32 packed = RegistryLayout.pack(record);
        // status 01 | role 01 | algorithm 0b | version 00000003 | notBefore | notAfter | revokedAt
        assertEquals("0x00" + "0000000000000000" + "00000000713fb300" + "000000006553f100" + "00000003" + "0b" + "01" + "01",
                packed.toHexString());
        assertEquals(record, RegistryLayout.decode(packed, KEY, ATTESTATION));

        GrantRecord maxed = new GrantRecord(GrantStatus.SUSPENDED, 255, 255, 0xffff_ffffL, -1L, -1L, -1L, KEY, ATTESTATION);
        assertEquals(maxed, RegistryLayout.decode(RegistryLayout.pack(maxed), KEY, ATTESTATION));
        assertThrows(IllegalArgumentException.class,
                () -> RegistryLayout.decode(Bytes32.fromHexString("0x" + "ff".repeat(32)), KEY, ATTESTATION));
        assertThrows(IllegalArgumentException.class,
                () -> RegistryLayout.decode(Bytes32.fromHexStringLenient("0x09"), KEY, ATTESTATION));
        assertEquals(GrantRecord.NONE, RegistryLayout.decode(Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO));
    }

    @Test
    void decisionsFollowStatusRoleKeyAndValidity() {
        GrantRecord active = new GrantRecord(GrantStatus.ACTIVE, Role.EMT.code(), 11, 1, 100, 200, 0, KEY, ATTESTATION);
        assertEquals(Decision.GRANTED, active.decide(Role.EMT, KEY, 150));
        assertEquals(Decision.GRANTED, active.decide(Role.EMT, null, 100));
        assertEquals(Decision.GRANTED, active.decide(Role.EMT, KEY, 200));
        assertEquals(Decision.EXPIRED, active.decide(Role.EMT, KEY, 201));
        assertEquals(Decision.EXPIRED, active.decide(Role.EMT, KEY, 99));
        assertEquals(Decision.WRONG_ROLE, active.decide(Role.METER, KEY, 150));
        assertEquals(Decision.WRONG_KEY, active.decide(Role.EMT, ATTESTATION, 150));
        assertEquals(Decision.UNKNOWN, GrantRecord.NONE.decide(Role.EMT, KEY, 150));
        GrantRecord revoked = new GrantRecord(GrantStatus.REVOKED, Role.EMT.code(), 11, 1, 100, 200, 160, KEY, ATTESTATION);
        assertEquals(Decision.REVOKED, revoked.decide(Role.EMT, KEY, 150));
        GrantRecord suspended = new GrantRecord(GrantStatus.SUSPENDED, Role.EMT.code(), 11, 1, 100, 200, 0, KEY, ATTESTATION);
        assertEquals(Decision.SUSPENDED, suspended.decide(Role.EMT, KEY, 150));
    }

    @Test
    void recordHashSlotFollowsTheMappingRuleAndHashesTheThreeWords() {
        SubjectId subject = SubjectId.parse("1ESY1160000000");
        Bytes32 expectedSlot = Bytes32.wrap(Keccak.keccak256(
                Bytes.concatenate(Bytes.wrap(subject.bytes()), Bytes32.leftPad(Bytes.of(15))).toArrayUnsafe()));
        assertEquals(expectedSlot, RegistryLayout.recordHashSlot(subject));

        GrantRecord record = new GrantRecord(GrantStatus.REVOKED, Role.EMT.code(), KeyAlgorithm.ML_DSA_65.code(),
                2, 10, 20, 15, KEY, ATTESTATION);
        Bytes32 packed = RegistryLayout.pack(record);
        assertEquals(Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(packed, KEY, ATTESTATION).toArrayUnsafe())),
                RegistryLayout.recordHash(record));
        assertEquals(Bytes32.ZERO, RegistryLayout.recordHash(GrantRecord.NONE));

        var storage = RegistryLayout.recordStorage(subject, record);
        assertEquals(List.of(packed, KEY, ATTESTATION, RegistryLayout.recordHash(record)), List.copyOf(storage.values()));
        assertEquals(RegistryLayout.recordHashSlot(subject), List.copyOf(storage.keySet()).get(3));
    }
}
