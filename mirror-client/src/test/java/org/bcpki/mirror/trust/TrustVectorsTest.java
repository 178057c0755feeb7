package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.wire.ProofCodec;
import org.junit.jupiter.api.Test;

/**
 * trust/ against proofs another implementation built: {@code ethereumjs/generate.mjs} put the registry
 * records of {@code state.json} into EthereumJS's Merkle-Patricia trie and wrote {@code proofs.json}
 * (state root, account and storage proofs). The typed proofs must verify against that root, prove
 * exactly the stored words, and decide as the records say; edited ones must not verify.
 */
class TrustVectorsTest {
    private static final JsonValue.JsonObject PROOFS = load("proofs.json");
    private static final JsonValue.JsonObject STATE = load("state.json");
    private static final Bytes32 ROOT = Hex.bytes32(PROOFS.string("stateRoot"), "stateRoot");
    private static final Bytes REGISTRY = Hex.fixed(STATE.string("registry"), 20, "registry");

    private static JsonValue.JsonObject load(String name) {
        try (InputStream in = TrustVectorsTest.class.getResourceAsStream("ethereumjs/" + name)) {
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).asObject(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Bytes32, Bytes32> stored() {
        Map<Bytes32, Bytes32> stored = new HashMap<>();
        STATE.object("storage").members().forEach((slot, value) ->
                stored.put(Hex.bytes32(slot, "slot"), Hex.bytes32(value.asString("value"), "value")));
        return stored;
    }

    private static List<Bytes32> slotsOf(AccountProof proof) {
        return proof.storageProof().stream().map(AccountProof.StorageProof::key).toList();
    }

    @Test
    void theRegistryProofVerifiesAndProvesExactlyTheStoredWords() {
        AccountProof proof = ProofCodec.decode(PROOFS.get("registry"));
        ProofVerdict verdict = ProofVerifier.verify(ROOT, proof, REGISTRY, slotsOf(proof));
        assertTrue(verdict.valid(), verdict.problems().toString());
        Map<Bytes32, Bytes32> stored = stored();
        assertEquals(stored.size() + 1, verdict.storage().size());
        for (StorageEntry entry : verdict.storage()) {
            assertEquals(stored.getOrDefault(entry.key(), Bytes32.ZERO), entry.value(), entry.key().toHexString());
        }
    }

    @Test
    void provenRecordsDecideAsTheRecordsSay() {
        AccountProof proof = ProofCodec.decode(PROOFS.get("registry"));
        ProofVerdict verdict = ProofVerifier.verify(ROOT, proof, REGISTRY, slotsOf(proof));
        Map<Bytes32, Bytes32> proven = new HashMap<>();
        verdict.storage().forEach(entry -> proven.put(entry.key(), entry.value()));
        Bytes32 storageRoot = verdict.account().orElseThrow().storageRoot();
        BlockRef block = new BlockRef(100, Bytes32.ZERO, ROOT, 1_800_000_000L);
        Map<String, Decision> expected = Map.of("1ESY1160000001", Decision.GRANTED, "1ESY1160000002", Decision.REVOKED,
                "stadtwerke.emt", Decision.SUSPENDED);
        expected.forEach((name, decision) -> {
            SubjectId subject = SubjectId.parse(name);
            List<Bytes32> words = new ArrayList<>();
            RegistryLayout.recordSlots(subject).forEach(slot -> words.add(proven.get(slot)));
            ProvenRecord record = ProvenRecord.of(proven.get(RegistryLayout.recordHashSlot(subject)), words, block, storageRoot);
            Role role = name.endsWith(".emt") ? Role.EMT : Role.METER;
            Bytes32 keyHash = Bytes32.wrap(Keccak.keccak256(("key-" + name).getBytes(StandardCharsets.UTF_8)));
            assertEquals(decision, record.decide(role, keyHash), name);
        });
    }

    @Test
    void anAbsentAccountIsProvenAbsent() {
        AccountProof proof = ProofCodec.decode(PROOFS.get("absent"));
        ProofVerdict verdict = ProofVerifier.verify(ROOT, proof, proof.address(), List.of());
        assertTrue(verdict.valid(), verdict.problems().toString());
        assertTrue(verdict.account().isEmpty());
    }

    @Test
    void editedVectorsDoNotVerify() {
        AccountProof honest = ProofCodec.decode(PROOFS.get("registry"));
        List<AccountProof.StorageProof> edited = new ArrayList<>(honest.storageProof());
        AccountProof.StorageProof first = edited.get(0);
        edited.set(0, new AccountProof.StorageProof(first.key(), Bytes32.ZERO, first.proof()));
        assertFalse(ProofVerifier.verify(ROOT, new AccountProof(honest.address(), honest.nonce(), honest.balance(),
                honest.storageHash(), honest.codeHash(), honest.accountProof(), edited), REGISTRY, slotsOf(honest)).valid());
        List<Bytes> shortened = honest.accountProof().subList(0, honest.accountProof().size() - 1);
        assertFalse(ProofVerifier.verify(ROOT, new AccountProof(honest.address(), honest.nonce(), honest.balance(),
                honest.storageHash(), honest.codeHash(), shortened, honest.storageProof()), REGISTRY, slotsOf(honest)).valid());
        assertFalse(ProofVerifier.verify(Bytes32.ZERO, honest, REGISTRY, slotsOf(honest)).valid());
    }
}
