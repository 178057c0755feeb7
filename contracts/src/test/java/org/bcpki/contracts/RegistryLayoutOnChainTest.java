package org.bcpki.contracts;

import static org.bcpki.contracts.RegistryFixture.BSI;
import static org.bcpki.contracts.RegistryFixture.GWA;
import static org.bcpki.contracts.RegistryFixture.PTB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.StateProofs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * core's {@link RegistryLayout} against the compiler's storage layout and against the values the
 * EVM actually stored (read slot by slot, and proven with eth_getProof-style proofs).
 */
class RegistryLayoutOnChainTest {
    private final RegistryFixture fixture = new RegistryFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void compilerLayoutIsTheOneCoreExpects() {
        RegistryArtifact artifact = RegistryArtifact.identityRegistry();
        assertEquals(RegistryLayout.GRANTS_SLOT, artifact.stateVariableSlot("grants"));
        List<String> placed = new ArrayList<>();
        for (JsonNode member : GrantSlots.grantMembers()) {
            placed.add(member.get("label").asText() + "@" + member.get("slot").asText() + ":" + member.get("offset").asInt()
                    + ":" + member.get("type").asText());
        }
        assertEquals(List.of("status@0:0:t_uint8", "role@0:1:t_uint8", "algorithm@0:2:t_uint8", "version@0:3:t_uint32",
                "notBefore@0:7:t_uint64", "notAfter@0:15:t_uint64", "revokedAt@0:23:t_uint64",
                "keyHash@1:0:t_bytes32", "attestationHash@2:0:t_bytes32"), placed);
    }

    @Test
    void storedRecordsDecodeWithRegistryLayout() {
        GrantFields active = fixture.meterRequest("1ESY1160000021", 21);
        GrantFields revoked = fixture.meterRequest("1ESY1160000022", 22);
        GrantFields suspended = fixture.meterRequest("1ESY1160000023", 23);
        fixture.activate(active);
        fixture.activate(revoked);
        fixture.activate(suspended);
        fixture.registry.revoke(GWA, revoked.subjectId(), "compromised");
        fixture.registry.suspend(PTB, suspended.subjectId(), "tamper alarm");
        long now = fixture.chain.time();

        GrantRecord record = read(active);
        assertEquals(GrantStatus.ACTIVE, record.status());
        assertEquals(Role.METER.code(), record.roleCode());
        assertEquals(active.algorithm(), record.algorithmCode());
        assertEquals(1, record.version());
        assertEquals(active.notBefore(), record.notBefore());
        assertEquals(active.notAfter(), record.notAfter());
        assertArrayEquals(active.keyHash(), record.keyHash().toArrayUnsafe());
        assertArrayEquals(active.attestationHash(), record.attestationHash().toArrayUnsafe());
        assertEquals(Decision.GRANTED, record.decide(Role.METER, Bytes32.wrap(active.keyHash()), now));
        assertEquals(Decision.WRONG_ROLE, record.decide(Role.SMGW, null, now));
        assertEquals(Decision.WRONG_KEY, record.decide(Role.METER, Bytes32.wrap(revoked.keyHash()), now));
        assertEquals(Decision.EXPIRED, record.decide(Role.METER, null, active.notAfter() + 1));

        GrantRecord revokedRecord = read(revoked);
        assertEquals(GrantStatus.REVOKED, revokedRecord.status());
        assertEquals(now, revokedRecord.revokedAt());
        assertEquals(Decision.REVOKED, revokedRecord.decide(Role.METER, null, now));
        assertEquals(Decision.SUSPENDED, read(suspended).decide(Role.METER, null, now));
        assertEquals(Decision.UNKNOWN, read(fixture.meterRequest("1ESY1160000024", 24)).decide(Role.METER, null, now));

        // Every field agrees with a decoding driven by the compiler's storage layout.
        for (GrantFields fields : List.of(active, revoked, suspended)) {
            GrantSlots.Grant byCompiler = GrantSlots.read(fixture.registry, fields.subjectId());
            GrantRecord byCore = read(fields);
            assertEquals(byCompiler.status(), byCore.status().code());
            assertEquals(byCompiler.version(), byCore.version());
            assertEquals(byCompiler.revokedAt(), byCore.revokedAt());
            assertEquals(byCompiler.notAfter(), byCore.notAfter());
        }
    }

    @Test
    void recordSlotsAreProvableFromTheStateRoot() {
        GrantFields fields = fixture.meterRequest("1ESY1160000025", 25);
        fixture.activate(fields);
        fixture.registry.approve(BSI, new byte[32]); // a failing call changes nothing
        List<Bytes32> slots = RegistryLayout.recordSlots(SubjectId.ofBytes(fields.subjectId()));
        EvmChain.Proven proven = fixture.chain.commitAndProve(fixture.registry.address(),
                slots.stream().map(Bytes32::toArrayUnsafe).toArray(byte[][]::new));

        AccountState account = StateProofs.account(Bytes32.wrap(proven.stateRoot().toBytes()),
                Bytes.wrap(fixture.registry.address().toBytes()), nodes(proven.proof().accountProof)).orElseThrow();
        assertArrayEquals(proven.proof().storageHash.toBytes(), account.storageRoot().toArrayUnsafe());
        Bytes32[] values = new Bytes32[3];
        for (int i = 0; i < 3; i++) {
            values[i] = StateProofs.storage(account.storageRoot(), slots.get(i), nodes(proven.proof().storageProof[i].proof));
        }
        GrantRecord record = RegistryLayout.decode(values[0], values[1], values[2]);
        assertEquals(GrantStatus.ACTIVE, record.status());
        assertArrayEquals(fields.keyHash(), record.keyHash().toArrayUnsafe());
        assertTrue(record.decide(Role.METER, Bytes32.wrap(fields.keyHash()), fields.notBefore() + 1) == Decision.GRANTED);
    }

    private GrantRecord read(GrantFields fields) {
        List<Bytes32> slots = RegistryLayout.recordSlots(SubjectId.ofBytes(fields.subjectId()));
        Bytes32[] values = slots.stream()
                .map(slot -> Bytes32.wrap(fixture.registry.storage(slot.toArrayUnsafe())))
                .toArray(Bytes32[]::new);
        return RegistryLayout.decode(values[0], values[1], values[2]);
    }

    private static List<Bytes> nodes(String[] hex) {
        return Arrays.stream(hex).map(Bytes::fromHexString).toList();
    }
}
