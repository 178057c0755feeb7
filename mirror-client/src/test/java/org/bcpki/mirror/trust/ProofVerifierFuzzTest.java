package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.wire.ProofCodec;

/**
 * {@code eth_getProof} answers for a known world state ({@link #STATE}), mutated by the fuzzer, must
 * never be accepted for anything but the truth. Input: byte 0 picks what was asked ({@link Ask}),
 * the rest is the answer's JSON text (seeds: honest answers of {@link RegistryState}).
 *
 * <p>Whenever the verdict is valid: the address is the one asked for, the account is exactly the
 * true account there (or absent where there is none), every storage entry holds the true value, and
 * the requested slots are answered exactly once. So a granted, revoked or absent record can never be
 * turned into another. A verdict never carries an exception that no decoding step should throw
 * ({@link ProofVerifier#UNEXPECTED}).
 */
class ProofVerifierFuzzTest {
    static final SubjectId GRANTED = SubjectId.parse("1ESY1160000000");
    static final SubjectId REVOKED = SubjectId.parse("1ESY1160000001");
    static final SubjectId NOBODY = SubjectId.parse("nobody.emt");
    static final Bytes STRANGER = Bytes.fromHexString("0x00000000000000000000000000000000000000cc");
    static final int FILLER_ACCOUNTS = 8;
    static final Map<SubjectId, GrantRecord> GRANTS = Map.of(
            GRANTED, record(GrantStatus.ACTIVE, 1),
            REVOKED, record(GrantStatus.REVOKED, 2),
            SubjectId.parse("1ESY1160000002"), record(GrantStatus.ACTIVE, 3),
            SubjectId.parse("1ESY1160000003"), record(GrantStatus.ACTIVE, 4));
    static final RegistryState STATE = new RegistryState(true, FILLER_ACCOUNTS);
    static final Bytes32 STATE_ROOT;
    /** The registry's storage, as the grants wrote it. */
    static final Map<Bytes32, Bytes32> STORAGE = new HashMap<>();
    static final Map<Bytes, AccountState> ACCOUNTS = new HashMap<>();

    /** What the client asked for: the address (null: any) and the slots (null: any). */
    enum Ask {
        GRANTED_RECORD_HASH(RegistryState.REGISTRY, List.of(RegistryLayout.recordHashSlot(GRANTED))),
        REVOKED_RECORD_HASH(RegistryState.REGISTRY, List.of(RegistryLayout.recordHashSlot(REVOKED))),
        ABSENT_RECORD_HASH(RegistryState.REGISTRY, List.of(RegistryLayout.recordHashSlot(NOBODY))),
        BATCH_OF_THREE(RegistryState.REGISTRY, List.of(RegistryLayout.recordHashSlot(GRANTED),
                RegistryLayout.recordHashSlot(REVOKED), RegistryLayout.recordHashSlot(NOBODY))),
        ACCOUNT_ONLY(RegistryState.REGISTRY, List.of()),
        ABSENT_ACCOUNT(STRANGER, List.of(RegistryLayout.recordHashSlot(GRANTED))),
        /** As {@code bcpki mirror verify-proof} asks: no expectations, the answer says what it proves. */
        ANYTHING(null, null);

        final Bytes address;
        final List<Bytes32> slots;

        Ask(Bytes address, List<Bytes32> slots) {
            this.address = address;
            this.slots = slots;
        }
    }

    static {
        GRANTS.forEach((subject, record) -> {
            STATE.grant(subject, record);
            RegistryLayout.recordStorage(subject, record).forEach((slot, value) -> {
                if (!value.isZero()) {
                    STORAGE.put(slot, value);
                }
            });
        });
        STATE_ROOT = STATE.stateRoot();
        // the filler accounts exactly as RegistryState makes them
        for (int i = 1; i <= FILLER_ACCOUNTS; i++) {
            Bytes address = Bytes.wrap(Keccak.keccak256(Bytes.ofUnsignedInt(i).toArrayUnsafe())).slice(12);
            ACCOUNTS.put(address, new AccountState(i, BigInteger.valueOf(1000L * i), MerklePatriciaTrie.EMPTY_ROOT,
                    AccountState.EMPTY_CODE_HASH));
        }
        ProofVerdict registry = ProofCodec.verify(STATE_ROOT, STATE.proof(RegistryState.REGISTRY, List.of()),
                RegistryState.REGISTRY, List.of());
        ACCOUNTS.put(RegistryState.REGISTRY, registry.account().orElseThrow());
    }

    static GrantRecord record(GrantStatus status, int serial) {
        return new GrantRecord(status, 1, 11, serial, 1_000, 2_000_000_000L, 0,
                Bytes32.wrap(Keccak.keccak256(("key" + serial).getBytes(StandardCharsets.US_ASCII))),
                Bytes32.wrap(Keccak.keccak256(("att" + serial).getBytes(StandardCharsets.US_ASCII))));
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void onlyTheTruthIsEverAccepted(byte[] input) {
        if (input.length == 0) {
            return;
        }
        Ask ask = Ask.values()[(input[0] & 0xff) % Ask.values().length];
        JsonValue answer;
        try {
            answer = Json.parse(new String(input, 1, input.length - 1, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return; // the parser's own target
        }
        ProofVerdict verdict = ProofCodec.verify(STATE_ROOT, answer, ask.address, ask.slots);
        assertTrue(verdict.problems().stream().noneMatch(p -> p.startsWith(ProofVerifier.UNEXPECTED)),
                verdict.problems()::toString);
        assertEquals(verdict.problems().isEmpty(), verdict.valid());
        if (!verdict.valid()) {
            return;
        }
        assertTruth(verdict, ask);
    }

    /** A valid verdict says only what is true of {@link #STATE}. */
    static void assertTruth(ProofVerdict verdict, Ask ask) {
        if (ask.address != null) {
            assertEquals(ask.address, verdict.address());
        }
        Optional<AccountState> account = Optional.ofNullable(ACCOUNTS.get(verdict.address()));
        assertEquals(account, verdict.account());
        Map<Bytes32, Bytes32> storage = verdict.address().equals(RegistryState.REGISTRY) ? STORAGE : Map.of();
        for (StorageEntry entry : verdict.storage()) {
            assertEquals(storage.getOrDefault(entry.key(), Bytes32.ZERO), entry.value(), () -> "slot " + entry.key());
        }
        if (ask.slots != null) {
            assertEquals(new HashSet<>(ask.slots), new HashSet<>(verdict.storage().stream().map(StorageEntry::key).toList()));
            assertEquals(new HashSet<>(ask.slots).size(), verdict.storage().size());
        }
    }
}
