package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.wire.ProofCodec;
import org.junit.jupiter.api.Test;

class ProofVerifierTest {
    static final SubjectId METER = SubjectId.parse("1ESY1160000000");
    static final GrantRecord RECORD = new GrantRecord(GrantStatus.ACTIVE, 1, 11, 1, 1_000, 2_000_000_000L, 0,
            Bytes32.wrap(Keccak.keccak256("key".getBytes())), Bytes32.wrap(Keccak.keccak256("att".getBytes())));

    static RegistryState state() {
        RegistryState state = new RegistryState(true, 40).grant(METER, RECORD);
        for (int i = 0; i < 30; i++) {
            state.grant(SubjectId.parse(String.format("1ESY11%08d", i + 1)), RECORD);
        }
        return state;
    }

    @Test
    void provesAPresentRecord() {
        RegistryState state = state();
        List<Bytes32> slots = RegistryLayout.recordSlots(METER);
        ProofVerdict verdict = ProofCodec.verify(state.stateRoot(), state.proof(RegistryState.REGISTRY, slots),
                RegistryState.REGISTRY, slots);
        assertTrue(verdict.valid(), verdict.problems().toString());
        assertTrue(verdict.account().isPresent());
        assertEquals(RECORD, RegistryLayout.decode(verdict.storage().get(0).value(), verdict.storage().get(1).value(),
                verdict.storage().get(2).value()));
        assertTrue(verdict.proofBytes() > 0);
    }

    @Test
    void typedClaimsAreCheckedFieldByField() {
        RegistryState state = state();
        List<Bytes32> slots = RegistryLayout.recordSlots(METER);
        AccountProof honest = ProofCodec.decode(state.proof(RegistryState.REGISTRY, slots));
        assertTrue(ProofVerifier.verify(state.stateRoot(), honest, RegistryState.REGISTRY, slots).valid());

        AccountProof.StorageProof first = honest.storageProof().get(0);
        List<AccountProof.StorageProof> edited = new ArrayList<>(honest.storageProof());
        edited.set(0, new AccountProof.StorageProof(first.key(), Bytes32.ZERO, first.proof()));
        AccountProof zeroClaimed = new AccountProof(honest.address(), honest.nonce(), honest.balance(),
                honest.storageHash(), honest.codeHash(), honest.accountProof(), edited);
        ProofVerdict lie = ProofVerifier.verify(state.stateRoot(), zeroClaimed, RegistryState.REGISTRY, slots);
        assertFalse(lie.valid());
        assertTrue(lie.problems().get(0).contains("claims value"), lie.problems().toString());

        AccountProof richer = new AccountProof(honest.address(), honest.nonce(), honest.balance().add(java.math.BigInteger.ONE),
                honest.storageHash(), honest.codeHash(), honest.accountProof(), honest.storageProof());
        assertFalse(ProofVerifier.verify(state.stateRoot(), richer, RegistryState.REGISTRY, slots).valid());

        Bytes other = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");
        assertTrue(ProofVerifier.verify(state.stateRoot(), honest, other, slots).problems().get(0).startsWith("proof is for"));
        assertFalse(ProofVerifier.verify(state.stateRoot(), honest, RegistryState.REGISTRY, slots.subList(0, 1)).valid());
    }

    @Test
    void provesAbsentSlotsAndAbsentAccounts() {
        RegistryState state = state();
        List<Bytes32> slots = RegistryLayout.recordSlots(SubjectId.parse("nobody.emt"));
        ProofVerdict absentSlots = ProofCodec.verify(state.stateRoot(), state.proof(RegistryState.REGISTRY, slots),
                RegistryState.REGISTRY, slots);
        assertTrue(absentSlots.valid(), absentSlots.problems().toString());
        assertTrue(absentSlots.storage().stream().allMatch(e -> e.value().isZero()));

        Bytes stranger = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");
        ProofVerdict absentAccount = ProofCodec.verify(state.stateRoot(), state.proof(stranger, slots), stranger, slots);
        assertTrue(absentAccount.valid(), absentAccount.problems().toString());
        assertTrue(absentAccount.account().isEmpty());
    }

    @Test
    void acceptsMinimalAndPaddedKeys() {
        RegistryState state = state();
        List<Bytes32> slots = List.of(Bytes32.fromHexStringLenient("0x347"));
        JsonValue.JsonObject answer = state.proof(RegistryState.REGISTRY, slots);
        assertTrue(Json.write(answer).contains("\"key\":\"0x347\""));
        assertTrue(ProofCodec.verify(state.stateRoot(), answer, RegistryState.REGISTRY, slots).valid());
        String padded = Json.write(answer).replace("\"key\":\"0x347\"", "\"key\":\"0x" + "0".repeat(61) + "347\"");
        assertTrue(ProofCodec.verify(state.stateRoot(), Json.parse(padded), RegistryState.REGISTRY, slots).valid());
    }

    @Test
    void acceptsBothFormsOfAnAbsentAccount() {
        RegistryState state = state();
        List<Bytes32> slots = RegistryLayout.recordSlots(METER);
        Bytes stranger = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");
        JsonValue.JsonObject perSlot = state.proof(stranger, slots);
        // older nodes: zero hashes and one proof (against the empty root) per requested slot
        JsonValue.JsonObject zeroHashes = with(with(perSlot, "codeHash", JsonValue.of("0x" + "00".repeat(32))),
                "storageHash", JsonValue.of("0x" + "00".repeat(32)));
        ProofVerdict old = ProofCodec.verify(state.stateRoot(), zeroHashes, stranger, slots);
        assertTrue(old.valid(), old.problems().toString());
        assertEquals(slots.size(), old.storage().size());
        // Besu: keccak256("") and the empty trie root, and no storage proofs at all
        JsonValue.JsonObject besu = with(perSlot, "storageProof", new JsonValue.JsonArray(List.of()));
        assertTrue(Json.write(besu).contains("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
        ProofVerdict current = ProofCodec.verify(state.stateRoot(), besu, stranger, slots);
        assertTrue(current.valid(), current.problems().toString());
        assertTrue(current.account().isEmpty());
        assertEquals(slots, current.storage().stream().map(StorageEntry::key).toList());
        assertTrue(current.storage().stream().allMatch(e -> e.value().isZero()));
        // an existing account cannot drop its storage proofs that way
        JsonValue.JsonObject registry = state.proof(RegistryState.REGISTRY, slots);
        assertFalse(ProofCodec.verify(state.stateRoot(), with(registry, "storageProof", new JsonValue.JsonArray(List.of())),
                RegistryState.REGISTRY, slots).valid());
    }

    @Test
    void acceptsKeysEchoedAsQuantityOrWholeBytes() {
        RegistryState state = state();
        List<Bytes32> slots = List.of(Bytes32.fromHexStringLenient("0x1"), Bytes32.fromHexStringLenient("0x100"));
        String quantities = Json.write(state.proof(RegistryState.REGISTRY, slots));
        assertTrue(quantities.contains("\"key\":\"0x1\"") && quantities.contains("\"key\":\"0x100\""), quantities);
        assertTrue(ProofCodec.verify(state.stateRoot(), Json.parse(quantities), RegistryState.REGISTRY, slots).valid());
        // Besu's StorageEntryProof: the minimal whole bytes
        String besu = quantities.replace("\"key\":\"0x1\"", "\"key\":\"0x01\"").replace("\"key\":\"0x100\"", "\"key\":\"0x0100\"");
        ProofVerdict verdict = ProofCodec.verify(state.stateRoot(), Json.parse(besu), RegistryState.REGISTRY, slots);
        assertTrue(verdict.valid(), verdict.problems().toString());
    }

    @Test
    void rejectsLiesAboutValuesAbsenceAndShape() {
        RegistryState state = state();
        List<Bytes32> slots = RegistryLayout.recordSlots(METER);
        JsonValue.JsonObject honest = state.proof(RegistryState.REGISTRY, slots);
        Bytes32 root = state.stateRoot();

        List<JsonValue> lies = new ArrayList<>();
        lies.add(withStorage(honest, 0, "value", JsonValue.of("0x1")));
        lies.add(withStorage(honest, 0, "proof", new JsonValue.JsonArray(List.of())));       // claims absence
        lies.add(with(honest, "accountProof", new JsonValue.JsonArray(List.of())));
        lies.add(with(honest, "balance", JsonValue.of("0x5")));
        lies.add(with(honest, "storageHash", JsonValue.of("0x" + "11".repeat(32))));
        lies.add(with(honest, "address", JsonValue.of("0x00000000000000000000000000000000000000cc")));
        lies.add(with(honest, "storageProof", new JsonValue.JsonArray(List.of(honest.array("storageProof").get(0)))));
        lies.add(with(honest, "nonce", JsonValue.of("nonce")));
        lies.add(JsonValue.of("not an object"));
        for (JsonValue lie : lies) {
            ProofVerdict verdict = ProofCodec.verify(root, lie, RegistryState.REGISTRY, slots);
            assertFalse(verdict.valid(), Json.write(lie));
            assertFalse(verdict.problems().isEmpty());
        }
        assertFalse(ProofCodec.verify(Bytes32.ZERO, honest, RegistryState.REGISTRY, slots).valid());
    }

    static JsonValue.JsonObject with(JsonValue.JsonObject o, String field, JsonValue value) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder();
        for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
            b.put(e.getKey(), e.getKey().equals(field) ? value : e.getValue());
        }
        return b.build();
    }

    static JsonValue.JsonObject withStorage(JsonValue.JsonObject o, int index, String field, JsonValue value) {
        List<JsonValue> entries = new ArrayList<>(o.array("storageProof").elements());
        entries.set(index, with(entries.get(index).asObject("entry"), field, value));
        return with(o, "storageProof", new JsonValue.JsonArray(entries));
    }
}
