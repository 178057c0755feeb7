package org.bcpki.mirror;

import static org.bcpki.mirror.MirrorClientTest.EMT;
import static org.bcpki.mirror.MirrorClientTest.GONE;
import static org.bcpki.mirror.MirrorClientTest.METER;
import static org.bcpki.mirror.MirrorClientTest.METER_KEY;
import static org.bcpki.mirror.MirrorClientTest.OLD;
import static org.bcpki.mirror.MirrorClientTest.PAUSED;
import static org.bcpki.mirror.MirrorClientTest.grant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.RecordOfCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: the client proves only recordHashes[subject] and reads the record words unproven with
 * eth_call of recordOf. An endpoint that answers the call with other words, or proves another slot
 * or value, is a liar: refused, dropped, and the next endpoint decides.
 */
class RecordHashAttackTest {
    private static final byte[] OTHER_KEY = "the attacker's key".getBytes();

    TestNetwork network;
    FakeRpcServer node;
    FakeRpcServer liar;

    @BeforeEach
    void network() throws Exception {
        RegistryState state = new RegistryState(true, 20)
                .grant(METER, grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 2_000_000_000L))
                .grant(EMT, grant(GrantStatus.ACTIVE, Role.EMT, "emt key".getBytes(), 2_000_000_000L))
                .grant(OLD, grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 1_650_000_000L))
                .grant(PAUSED, grant(GrantStatus.SUSPENDED, Role.METER, METER_KEY, 2_000_000_000L))
                .grant(GONE, grant(GrantStatus.REVOKED, Role.METER, METER_KEY, 2_000_000_000L));
        network = new TestNetwork(4, 30_000, state);
        network.mine(6);
        node = network.serve();
        liar = network.serve();
    }

    @AfterEach
    void close() {
        network.close();
    }

    @Test
    void activeWordsForARevokedRecordAreRefused() throws Exception {
        GrantRecord revived = grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 2_000_000_000L);
        liar.mutator(forgeRecordOf(GONE, revived));
        assertRefusedThenDecided(GONE, Role.METER, METER_KEY, Decision.REVOKED);
    }

    @Test
    void anotherKeyInTheWordsIsRefused() throws Exception {
        GrantRecord swapped = grant(GrantStatus.ACTIVE, Role.METER, OTHER_KEY, 2_000_000_000L);
        liar.mutator(forgeRecordOf(METER, swapped));
        assertRefusedThenDecided(METER, Role.METER, OTHER_KEY, Decision.WRONG_KEY);
    }

    @Test
    void malformedOrEmptyAnswersAreLies() throws Exception {
        for (String answer : List.of("0x", "0x" + "00".repeat(64), "0x" + "00".repeat(97), "not hex")) {
            liar.mutator((method, params, result) -> method.equals("eth_call") ? JsonValue.of(answer) : result);
            assertRefusedThenDecided(METER, Role.METER, METER_KEY, Decision.GRANTED);
        }
        liar.mutator((method, params, result) -> method.equals("eth_call") ? JsonValue.JsonNull.INSTANCE : result);
        assertRefusedThenDecided(METER, Role.METER, METER_KEY, Decision.GRANTED);
    }

    @Test
    void aProofOfAnotherSlotOrValueIsRefused() throws Exception {
        // Another subject's record-hash proof (a valid proof, of the wrong slot).
        JsonValue.JsonObject gone = network.state().proof(RegistryState.REGISTRY,
                List.of(RegistryLayout.recordHashSlot(GONE)));
        liar.mutator((method, params, result) -> method.equals("eth_getProof") && slots(params) == 1 ? gone : result);
        assertRefusedThenDecided(METER, Role.METER, METER_KEY, Decision.GRANTED);

        // A consistent lie: forged words and a proof claiming their hash as the slot's value.
        GrantRecord revived = grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 2_000_000_000L);
        Bytes32 forgedHash = RegistryLayout.recordHash(revived);
        FakeRpcServer.ResultMutator words = forgeRecordOf(GONE, revived);
        liar.mutator((method, params, result) -> {
            if (method.equals("eth_getProof") && slots(params) == 1) {
                return withStorageValue(result.asObject("proof"), forgedHash);
            }
            return words.mutate(method, params, result);
        });
        assertRefusedThenDecided(GONE, Role.METER, METER_KEY, Decision.REVOKED);

        // The three record slots proven as before issue #15 are no answer to a record-hash request.
        JsonValue.JsonObject threeSlots = network.state().proof(RegistryState.REGISTRY, RegistryLayout.recordSlots(METER));
        liar.mutator((method, params, result) -> method.equals("eth_getProof") && slots(params) == 1 ? threeSlots : result);
        assertRefusedThenDecided(METER, Role.METER, METER_KEY, Decision.GRANTED);
    }

    @Test
    void anAbsentSubjectIsUnknownWithoutACall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        node.mutator((method, params, result) -> {
            if (method.equals("eth_call")) {
                calls.incrementAndGet();
            }
            return result;
        });
        try (MirrorClient client = client(node.url())) {
            client.sync();
            CheckResult result = client.check(SubjectId.parse("nobody.gwa"), Role.GWA, null);
            assertEquals(Decision.UNKNOWN, result.decision());
            assertTrue(result.proofBytes() > 0);
            assertEquals(0, calls.get(), "a zero record hash needs no eth_call");
            assertEquals(Decision.GRANTED, client.check(METER, Role.METER, METER_KEY).decision());
            assertEquals(1, calls.get());
        }
    }

    @Test
    void aStagedRequestIsNoRecord() throws Exception {
        // requestGrant stages the hashes of a new subject in its record while the status is NONE;
        // the record hash stays zero, so the subject is UNKNOWN (and no call is made for it).
        SubjectId staged = SubjectId.parse("1ESY1160000099");
        network.state().grant(staged, grant(GrantStatus.NONE, Role.METER, METER_KEY, 2_000_000_000L));
        network.mine(1);
        try (MirrorClient client = client(node.url())) {
            client.sync();
            assertEquals(Decision.UNKNOWN, client.check(staged, Role.METER, METER_KEY).decision());
        }
    }

    @Test
    void aForgedRecordInABatchDropsTheLiar() throws Exception {
        GrantRecord revived = grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 2_000_000_000L);
        liar.mutator(forgeRecordOf(GONE, revived));
        try (MirrorClient client = client(liar.url() + "," + node.url())) {
            client.sync();
            List<SubjectId> subjects = List.of(METER, EMT, OLD, PAUSED, GONE);
            subjects.forEach(client::track);
            int before = node.requests();
            assertEquals(5, client.refreshAll());
            assertEquals(2, node.requests() - before, "one eth_getProof and one eth_call batch for five subjects");
            assertEquals(1, client.pool().dropped().size());
            assertTrue(client.pool().dropped().values().iterator().next().contains("recordOf"));
            CheckResult gone = client.check(GONE, Role.METER, METER_KEY);
            assertTrue(gone.fromCache());
            assertEquals(Decision.REVOKED, gone.decision());
        }
    }

    @Test
    void aNodeWithoutBatchesIsAskedOneCallAtATime() throws Exception {
        node.batches(false);
        try (MirrorClient client = client(node.url())) {
            client.sync();
            List.of(METER, EMT, GONE).forEach(client::track);
            assertEquals(3, client.refreshAll());
            assertTrue(client.pool().dropped().isEmpty(), "refusing batches is not lying");
            assertEquals(Decision.REVOKED, client.check(GONE, Role.METER, METER_KEY).decision());
            assertTrue(client.check(EMT, Role.EMT, null).fromCache());
        }
    }

    /** With the liar alone the check fails closed; with an honest node behind it, the node decides. */
    private void assertRefusedThenDecided(SubjectId subject, Role role, byte[] key, Decision honest) throws Exception {
        try (MirrorClient alone = client(liar.url())) {
            alone.sync();
            CheckResult refused = alone.check(subject, role, key);
            assertEquals(Decision.STALE_VIEW, refused.decision(), String.valueOf(refused.detail()));
            assertEquals(1, alone.pool().dropped().size());
        }
        try (MirrorClient both = client(liar.url() + "," + node.url())) {
            both.sync();
            assertEquals(honest, both.check(subject, role, key).decision());
            assertEquals(1, both.pool().dropped().size(), "the liar is dropped");
        }
    }

    /** A node that answers recordOf(subject) with the words of {@code forged}. */
    private static FakeRpcServer.ResultMutator forgeRecordOf(SubjectId subject, GrantRecord forged) {
        String calldata = RecordOfCall.calldata(subject).toHexString();
        Bytes words = Bytes.concatenate(RegistryLayout.pack(forged), forged.keyHash(), forged.attestationHash());
        return (method, params, result) -> method.equals("eth_call")
                && params.get(0).asObject("call").string("data").equalsIgnoreCase(calldata)
                ? JsonValue.of(words.toHexString()) : result;
    }

    private static int slots(JsonValue.JsonArray params) {
        return params.get(1).asArray("slots").size();
    }

    private static JsonValue.JsonObject withStorageValue(JsonValue.JsonObject proof, Bytes32 value) {
        List<JsonValue> entries = new ArrayList<>();
        for (JsonValue entry : proof.array("storageProof").elements()) {
            entries.add(MirrorClientTest.with(entry.asObject("entry"), "value",
                    JsonValue.of(org.bcpki.core.codec.Hex.quantity(value.toUnsignedBigInteger()))));
        }
        return MirrorClientTest.with(proof, "storageProof", new JsonValue.JsonArray(entries));
    }

    private MirrorClient client(String urls) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + 1), ZoneOffset.UTC);
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(urls), null,
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clock));
    }
}
