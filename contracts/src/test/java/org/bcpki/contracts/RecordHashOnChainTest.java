package org.bcpki.contracts;

import static org.bcpki.contracts.RegistryFixture.BSI;
import static org.bcpki.contracts.RegistryFixture.DAY;
import static org.bcpki.contracts.RegistryFixture.GWA;
import static org.bcpki.contracts.RegistryFixture.PTB;
import static org.bcpki.contracts.RegistryFixture.REGISTRAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.StateProofs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * recordHashes (slot 15, issue #15): after every path that writes a grant record, the slot holds
 * core's RegistryLayout.recordHash of the record decoded from the three stored words, and
 * recordOf returns exactly those words.
 */
class RecordHashOnChainTest {
    private final RegistryFixture fixture = new RegistryFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void compilerPlacesRecordHashesAtTheSlotCoreExpects() {
        RegistryArtifact artifact = RegistryArtifact.identityRegistry();
        assertEquals(RegistryLayout.RECORD_HASHES_SLOT, artifact.stateVariableSlot("recordHashes"));
    }

    @Test
    void everyRecordWriteKeepsTheHashInStepWithTheRecord() {
        GrantFields first = fixture.meterRequest("1ESY1160000031", 31);
        byte[] subject = first.subjectId();
        byte[] requestId = fixture.registry.requestGrant(REGISTRAR, first).output();
        assertEquals(GrantStatus.NONE, sealedRecord(subject).status(), "a staged request is no record");
        assertArrayEquals(new byte[32], storedHash(subject));

        fixture.registry.approve(PTB, requestId);
        assertTrue(fixture.registry.approve(BSI, requestId).success());
        GrantRecord granted = sealedRecord(subject);
        assertEquals(GrantStatus.ACTIVE, granted.status());
        assertArrayEquals(first.keyHash(), granted.keyHash().toArrayUnsafe());
        byte[] grantedHash = storedHash(subject);

        GrantFields rotated = withKey(first, 310, first.notAfter() + DAY);
        fixture.activate(rotated);
        GrantRecord rotation = sealedRecord(subject);
        assertEquals(2, rotation.version());
        assertArrayEquals(rotated.keyHash(), rotation.keyHash().toArrayUnsafe());
        byte[] rotatedHash = storedHash(subject);
        assertNotEquals(Bytes.wrap(grantedHash), Bytes.wrap(rotatedHash));

        assertTrue(fixture.registry.suspend(PTB, subject, "tamper alarm").success());
        assertEquals(GrantStatus.SUSPENDED, sealedRecord(subject).status());
        assertNotEquals(Bytes.wrap(rotatedHash), Bytes.wrap(storedHash(subject)));

        assertTrue(fixture.registry.resume(BSI, subject).success());
        assertEquals(GrantStatus.ACTIVE, sealedRecord(subject).status());
        assertArrayEquals(rotatedHash, storedHash(subject), "resumption restores the record and so its hash");

        assertTrue(fixture.registry.suspend(PTB, subject, "audit").success());
        assertTrue(fixture.registry.revoke(GWA, subject, "decommissioned").success(), "a suspended grant can be revoked");
        GrantRecord revoked = sealedRecord(subject);
        assertEquals(GrantStatus.REVOKED, revoked.status());
        assertEquals(fixture.chain.time(), revoked.revokedAt());

        GrantFields reissued = withKey(first, 311, first.notAfter());
        fixture.activate(reissued);
        GrantRecord again = sealedRecord(subject);
        assertEquals(GrantStatus.ACTIVE, again.status());
        assertEquals(3, again.version());
        assertEquals(0, again.revokedAt());
    }

    @Test
    void aClosedRequestLeavesNoRecordHash() {
        GrantFields fields = fixture.meterRequest("1ESY1160000032", 32);
        byte[] requestId = fixture.registry.requestGrant(REGISTRAR, fields).output();
        assertTrue(fixture.registry.reject(PTB, requestId, "wrong meter").success());
        assertTrue(fixture.registry.reject(BSI, requestId, "wrong meter").success());
        assertEquals(BigInteger.valueOf(3), fixture.registry.request(requestId).get(0), "closed");
        assertEquals(GrantStatus.NONE, sealedRecord(fields.subjectId()).status());
        assertArrayEquals(new byte[32], storedHash(fields.subjectId()));
        assertArrayEquals(new byte[32], fixture.registry.recordOf(fields.subjectId()).get(1), "staged hashes cleared");
    }

    @Test
    void aRevocationVoteBelowTheThresholdLeavesTheHash() {
        fixture.registry.propose(BSI, 6, "0x0000000000000000000000000000000000000000", "", 0, 2, 2, 2);
        assertTrue(fixture.registry.approveProposal(GWA, 1).success());
        GrantFields fields = fixture.meterRequest("1ESY1160000033", 33);
        fixture.activate(fields);
        byte[] subject = fields.subjectId();
        byte[] before = storedHash(subject);

        assertTrue(fixture.registry.revoke(PTB, subject, "suspicious").success());
        assertArrayEquals(before, storedHash(subject));
        assertEquals(GrantStatus.ACTIVE, sealedRecord(subject).status());
        assertTrue(fixture.registry.revoke(GWA, subject, "confirmed").success());
        assertEquals(GrantStatus.REVOKED, sealedRecord(subject).status());
    }

    @Test
    void theRecordHashIsProvableAndBindsTheWordsOfRecordOf() {
        GrantFields fields = fixture.meterRequest("1ESY1160000034", 34);
        fixture.activate(fields);
        SubjectId subject = SubjectId.ofBytes(fields.subjectId());
        EvmChain.Proven proven = fixture.chain.commitAndProve(fixture.registry.address(),
                RegistryLayout.recordHashSlot(subject).toArrayUnsafe());

        AccountState account = StateProofs.account(Bytes32.wrap(proven.stateRoot().toBytes()),
                Bytes.wrap(fixture.registry.address().toBytes()), nodes(proven.proof().accountProof)).orElseThrow();
        Bytes32 provenHash = StateProofs.storage(account.storageRoot(), RegistryLayout.recordHashSlot(subject),
                nodes(proven.proof().storageProof[0].proof));
        List<byte[]> words = fixture.registry.recordOf(fields.subjectId());
        byte[] concatenated = Bytes.concatenate(words.stream().map(Bytes::wrap).toArray(Bytes[]::new)).toArrayUnsafe();
        assertArrayEquals(Keccak.keccak256(concatenated), provenHash.toArrayUnsafe());
    }

    /**
     * Reads the three record words from storage, checks recordOf returns them and recordHashes
     * holds their RegistryLayout hash, and returns the decoded record.
     */
    private GrantRecord sealedRecord(byte[] subjectId) {
        SubjectId subject = SubjectId.ofBytes(subjectId);
        List<Bytes32> words = RegistryLayout.recordSlots(subject).stream()
                .map(slot -> Bytes32.wrap(fixture.registry.storage(slot.toArrayUnsafe())))
                .toList();
        List<byte[]> viaCall = fixture.registry.recordOf(subjectId);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(words.get(i).toArrayUnsafe(), viaCall.get(i), "recordOf word " + i);
        }
        GrantRecord record = RegistryLayout.decode(words.get(0), words.get(1), words.get(2));
        assertArrayEquals(RegistryLayout.recordHash(record).toArrayUnsafe(), storedHash(subjectId));
        assertArrayEquals(storedHash(subjectId), fixture.registry.recordHashes(subjectId));
        return record;
    }

    private byte[] storedHash(byte[] subjectId) {
        return fixture.registry.storage(RegistryLayout.recordHashSlot(SubjectId.ofBytes(subjectId)).toArrayUnsafe());
    }

    private static GrantFields withKey(GrantFields base, long seed, long notAfter) {
        byte[] spki = RegistryFixture.mlDsaKey(seed);
        return new GrantFields(base.subjectId(), base.role(), base.algorithm(), SignatureSuite.keyHash(spki),
                base.attestationHash(), base.notBefore(), notAfter, spki);
    }

    private static List<Bytes> nodes(String[] hex) {
        return Arrays.stream(hex).map(Bytes::fromHexString).toList();
    }
}
