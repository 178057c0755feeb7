package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.trust.ProofVerifierFuzzTest.Ask;
import org.bcpki.mirror.wire.ProofCodec;

/**
 * The same truth oracle as {@link ProofVerifierFuzzTest}, but the fuzzer edits honest answers
 * structurally instead of as text, so far more variants stay well-formed: respelled hex, reordered,
 * dropped, duplicated or foreign proof nodes and storage entries, fields and proofs taken from other
 * answers, including those of the state one block earlier, when the revoked subject was still
 * active. Input: a {@link FuzzedDataProvider} choosing the question, the starting answer (current or
 * earlier state) and up to six edits. A valid verdict must state only the truth of the current state.
 */
class ProofVerifierMutationFuzzTest {
    /** The state before the revocation: the revoked subject still active. */
    static final RegistryState EARLIER = new RegistryState(true, ProofVerifierFuzzTest.FILLER_ACCOUNTS);
    static final Map<Ask, JsonValue.JsonObject> CURRENT_ANSWERS = new java.util.EnumMap<>(Ask.class);
    static final Map<Ask, JsonValue.JsonObject> EARLIER_ANSWERS = new java.util.EnumMap<>(Ask.class);
    /** Every honest answer of both states, extra ones included: where foreign parts come from. */
    static final List<JsonValue.JsonObject> POOL = new ArrayList<>();
    static final List<String> NODES;
    static final List<String> WORDS;

    static {
        ProofVerifierFuzzTest.GRANTS.forEach((subject, record) -> EARLIER.grant(subject,
                subject.equals(ProofVerifierFuzzTest.REVOKED) ? ProofVerifierFuzzTest.record(GrantStatus.ACTIVE, 2) : record));
        for (Ask ask : Ask.values()) {
            Bytes address = ask.address == null ? RegistryState.REGISTRY : ask.address;
            List<Bytes32> slots = ask.slots == null ? RegistryLayout.recordSlots(ProofVerifierFuzzTest.GRANTED) : ask.slots;
            CURRENT_ANSWERS.put(ask, ProofVerifierFuzzTest.STATE.proof(address, slots));
            EARLIER_ANSWERS.put(ask, EARLIER.proof(address, slots));
        }
        POOL.addAll(CURRENT_ANSWERS.values());
        POOL.addAll(EARLIER_ANSWERS.values());
        Bytes filler = Bytes.wrap(Keccak.keccak256(Bytes.ofUnsignedInt(1).toArrayUnsafe())).slice(12);
        List<Bytes32> revokedSlots = new ArrayList<>(RegistryLayout.recordSlots(ProofVerifierFuzzTest.REVOKED));
        revokedSlots.add(RegistryLayout.recordHashSlot(ProofVerifierFuzzTest.REVOKED));
        for (RegistryState state : List.of(ProofVerifierFuzzTest.STATE, EARLIER)) {
            POOL.add(state.proof(filler, List.of(RegistryLayout.recordHashSlot(ProofVerifierFuzzTest.GRANTED))));
            POOL.add(state.proof(RegistryState.REGISTRY, revokedSlots));
        }
        Set<String> nodes = new LinkedHashSet<>();
        Set<String> words = new LinkedHashSet<>(List.of("0x0", "0x1"));
        for (JsonValue.JsonObject answer : POOL) {
            nodes.addAll(answer.array("accountProof").strings("accountProof"));
            for (JsonValue entry : answer.array("storageProof").elements()) {
                nodes.addAll(entry.asObject("entry").array("proof").strings("proof"));
                words.add(entry.asObject("entry").string("key"));
                words.add(entry.asObject("entry").string("value"));
            }
        }
        NODES = List.copyOf(nodes);
        WORDS = List.copyOf(words);
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void editedAnswersStateOnlyTheTruth(FuzzedDataProvider data) {
        Ask ask = data.pickValue(Ask.values());
        JsonValue.JsonObject answer = (data.consumeBoolean() ? EARLIER_ANSWERS : CURRENT_ANSWERS).get(ask);
        int edits = data.consumeInt(0, 6);
        for (int i = 0; i < edits; i++) {
            answer = edit(answer, data);
        }
        ProofVerdict verdict = ProofCodec.verify(ProofVerifierFuzzTest.STATE_ROOT, answer, ask.address, ask.slots);
        assertTrue(verdict.problems().stream().noneMatch(p -> p.startsWith(ProofVerifier.UNEXPECTED)),
                verdict.problems()::toString);
        if (verdict.valid()) {
            ProofVerifierFuzzTest.assertTruth(verdict, ask);
        }
    }

    private static final List<String> ACCOUNT_FIELDS = List.of("address", "balance", "nonce", "codeHash", "storageHash");

    private static JsonValue.JsonObject edit(JsonValue.JsonObject answer, FuzzedDataProvider data) {
        List<JsonValue> entries = new ArrayList<>(answer.array("storageProof").elements());
        JsonValue.JsonObject other = data.pickValue(POOL);
        switch (data.consumeInt(0, 9)) {
            case 0 -> { // respell an account field
                String field = data.pickValue(ACCOUNT_FIELDS);
                return with(answer, field, JsonValue.of(respell(answer.string(field), data)));
            }
            case 1 -> { // take an account field from another answer
                String field = data.pickValue(ACCOUNT_FIELDS);
                return with(answer, field, other.get(field));
            }
            case 2 -> { // take the account proof or all storage proofs from another answer
                String field = data.consumeBoolean() ? "accountProof" : "storageProof";
                return with(answer, field, other.get(field));
            }
            case 3 -> { // the forms nodes use for an absent account: no storage proofs, zero hashes
                return switch (data.consumeInt(0, 2)) {
                    case 0 -> with(answer, "storageProof", new JsonValue.JsonArray(List.of()));
                    case 1 -> with(answer, "codeHash", JsonValue.of("0x" + "00".repeat(32)));
                    default -> with(answer, "storageHash", JsonValue.of("0x" + "00".repeat(32)));
                };
            }
            case 4, 5 -> { // edit the nodes of the account proof or of one storage proof
                int which = data.consumeInt(-1, entries.size() - 1);
                List<String> nodes = new ArrayList<>(which < 0 ? answer.array("accountProof").strings("accountProof")
                        : entries.get(which).asObject("entry").array("proof").strings("proof"));
                editNodes(nodes, data);
                JsonValue.JsonArray edited = JsonValue.JsonArray.ofStrings(nodes);
                if (which < 0) {
                    return with(answer, "accountProof", edited);
                }
                entries.set(which, with(entries.get(which).asObject("entry"), "proof", edited));
            }
            default -> { // edit the storage entries
                if (entries.isEmpty()) {
                    entries.add(other.array("storageProof").size() > 0 ? other.array("storageProof").get(0)
                            : CURRENT_ANSWERS.get(Ask.GRANTED_RECORD_HASH).array("storageProof").get(0));
                    break;
                }
                int i = data.consumeInt(0, entries.size() - 1);
                JsonValue.JsonObject entry = entries.get(i).asObject("entry");
                switch (data.consumeInt(0, 6)) {
                    case 0 -> {
                        JsonValue moved = entries.remove(i);
                        entries.add(data.consumeInt(0, entries.size()), moved);
                    }
                    case 1 -> entries.remove(i);
                    case 2 -> entries.add(entry);
                    case 3 -> entries.set(i, with(entry, "key", JsonValue.of(data.pickValue(WORDS))));
                    case 4 -> entries.set(i, with(entry, "value", JsonValue.of(data.pickValue(WORDS))));
                    case 5 -> {
                        String field = data.consumeBoolean() ? "key" : "value";
                        entries.set(i, with(entry, field, JsonValue.of(respell(entry.string(field), data))));
                    }
                    default -> {
                        JsonValue.JsonArray foreign = other.array("storageProof");
                        if (foreign.size() > 0) {
                            entries.set(i, with(entry, "proof",
                                    foreign.get(data.consumeInt(0, foreign.size() - 1)).asObject("entry").get("proof")));
                        }
                    }
                }
            }
        }
        return with(answer, "storageProof", new JsonValue.JsonArray(entries));
    }

    private static void editNodes(List<String> nodes, FuzzedDataProvider data) {
        int size = nodes.size();
        int at = size == 0 ? 0 : data.consumeInt(0, size - 1);
        switch (data.consumeInt(0, 5)) {
            case 0 -> nodes.add(data.consumeInt(0, size), data.pickValue(NODES));
            case 1 -> {
                if (size > 0) {
                    nodes.set(at, data.pickValue(NODES));
                }
            }
            case 2 -> {
                if (size > 0) {
                    nodes.remove(at);
                }
            }
            case 3 -> {
                if (size > 0) {
                    nodes.add(data.consumeInt(0, size), nodes.get(at));
                }
            }
            case 4 -> {
                if (size > 1) {
                    String moved = nodes.remove(at);
                    nodes.add(data.consumeInt(0, size - 1), moved);
                }
            }
            default -> {
                if (size > 0) {
                    nodes.set(at, respell(nodes.get(at), data));
                }
            }
        }
    }

    /** The same hex spelled otherwise: uppercase, a leading zero more or less, or a 0X prefix. */
    private static String respell(String hex, FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> "0x" + hex.substring(2).toUpperCase(java.util.Locale.ROOT);
            case 1 -> "0x0" + hex.substring(2);
            case 2 -> hex.startsWith("0x0") && hex.length() > 3 ? "0x" + hex.substring(3) : hex;
            default -> "0X" + hex.substring(2);
        };
    }

    private static JsonValue.JsonObject with(JsonValue.JsonObject o, String field, JsonValue value) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder();
        o.members().forEach((k, v) -> b.put(k, k.equals(field) ? value : v));
        return b.build();
    }
}
