package org.bcpki.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.wire.EndpointPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorClientTest {
    static final byte[] METER_KEY = "meter public key (SPKI DER stand-in)".getBytes();
    static final SubjectId METER = SubjectId.parse("1ESY1160000001");
    static final SubjectId EMT = SubjectId.parse("stadtwerke-nord.emt");
    static final SubjectId OLD = SubjectId.parse("1ESY1160000002");
    static final SubjectId PAUSED = SubjectId.parse("1ESY1160000003");
    static final SubjectId GONE = SubjectId.parse("1ESY1160000004");

    @TempDir
    Path dir;
    TestNetwork network;
    FakeRpcServer node;

    static GrantRecord grant(GrantStatus status, Role role, byte[] key, long notAfter) {
        return new GrantRecord(status, role.code(), 11, 1, 1_600_000_000L, notAfter, 0,
                Bytes32.wrap(Keccak.keccak256(key)), Bytes32.wrap(Keccak.keccak256("attestation".getBytes())));
    }

    @BeforeEach
    void network() throws Exception {
        RegistryState state = new RegistryState(true, 20)
                .grant(METER, grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 2_000_000_000L))
                .grant(EMT, grant(GrantStatus.ACTIVE, Role.EMT, "emt key".getBytes(), 2_000_000_000L))
                .grant(OLD, grant(GrantStatus.ACTIVE, Role.METER, METER_KEY, 1_650_000_000L))
                .grant(PAUSED, grant(GrantStatus.SUSPENDED, Role.METER, METER_KEY, 2_000_000_000L))
                .grant(GONE, grant(GrantStatus.REVOKED, Role.METER, METER_KEY, 2_000_000_000L));
        network = new TestNetwork(4, 30_000, state);
        network.mine(12);
        node = network.serve();
    }

    @AfterEach
    void close() {
        network.close();
    }

    Clock clockAtHead(long plusSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + plusSeconds), ZoneOffset.UTC);
    }

    MirrorClient client(String urls, Clock clock) {
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(urls), new HeaderStore(dir),
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clock));
    }

    @Test
    void syncsVerifiesAndDecidesEveryCase() throws Exception {
        MirrorClient client = client(node.url(), clockAtHead(5));
        SyncReport report = client.sync();
        assertTrue(report.complete(), report.failures().toString());
        assertEquals(12, report.toNumber());
        assertEquals(12, report.headersVerified());
        assertEquals(BftHashing.blockHash(network.chain().head()).toHexString(), report.headHash());

        assertEquals(Decision.GRANTED, client.check(METER, Role.METER, METER_KEY).decision());
        assertEquals(Decision.GRANTED, client.check(METER, Role.METER, null).decision());
        assertEquals(Decision.WRONG_KEY, client.check(METER, Role.METER, "other".getBytes()).decision());
        assertEquals(Decision.WRONG_ROLE, client.check(METER, Role.EMT, METER_KEY).decision());
        assertEquals(Decision.EXPIRED, client.check(OLD, Role.METER, METER_KEY).decision());
        assertEquals(Decision.SUSPENDED, client.check(PAUSED, Role.METER, METER_KEY).decision());
        assertEquals(Decision.REVOKED, client.check(GONE, Role.METER, METER_KEY).decision());
        assertEquals(Decision.UNKNOWN, client.check(SubjectId.parse("nobody.gwa"), Role.GWA, null).decision());
        CheckResult emt = client.check(EMT, Role.EMT, "emt key".getBytes());
        assertEquals(Decision.GRANTED, emt.decision());
        assertEquals(12, emt.blockNumber());
        assertEquals(BftHashing.blockHash(network.chain().head()), emt.blockHash());
    }

    @Test
    void cachesAtTheSameBlockAndRefreshesOnNewerBlocks() throws Exception {
        Clock clock = clockAtHead(1);
        MirrorClient client = client(node.url(), clock);
        client.sync();
        CheckResult cold = client.check(METER, Role.METER, METER_KEY);
        assertFalse(cold.fromCache());
        assertTrue(cold.proofBytes() > 0 && cold.proofBytes() < 16_384, "bytes " + cold.proofBytes());
        CheckResult warm = client.check(METER, Role.METER, METER_KEY);
        assertTrue(warm.fromCache());
        assertEquals(0, warm.proofBytes());

        // A block that leaves the registry alone: one account proof carries every cached record forward.
        BlockHeader quiet = network.mine();
        client.sync();
        CheckResult carried = client.check(METER, Role.METER, METER_KEY);
        assertEquals(Decision.GRANTED, carried.decision());
        assertEquals(quiet.number(), carried.blockNumber());
        assertTrue(carried.fromCache());
        assertTrue(carried.proofBytes() > 0 && carried.proofBytes() < cold.proofBytes(),
                "account proof only: " + carried.proofBytes() + " vs " + cold.proofBytes());
        client.check(EMT, Role.EMT, null); // cold: never proven before
        network.mine();
        client.sync();
        assertEquals(0, client.refreshAll(), "both carried by the proven root, nothing fetched per subject");
        CheckResult refreshed = client.check(EMT, Role.EMT, null);
        assertTrue(refreshed.fromCache());
        assertEquals(0, refreshed.proofBytes());
        assertEquals(network.chain().head().number(), refreshed.blockNumber());

        // Revoke in a new block: the storage root changes, so the record is proven again.
        network.state().grant(METER, grant(GrantStatus.REVOKED, Role.METER, METER_KEY, 2_000_000_000L));
        BlockHeader revokedIn = network.mine();
        client.sync();
        CheckResult after = client.check(METER, Role.METER, METER_KEY);
        assertEquals(Decision.REVOKED, after.decision());
        assertEquals(revokedIn.number(), after.blockNumber());
        assertFalse(after.fromCache());
    }

    @Test
    void batchRefreshProvesEveryTrackedSubjectAtOnce() throws Exception {
        MirrorClient client = client(node.url(), clockAtHead(1));
        client.sync();
        for (SubjectId subject : List.of(METER, EMT, OLD, PAUSED, GONE)) {
            client.track(subject);
        }
        int before = node.requests();
        assertEquals(5, client.refreshAll());
        assertEquals(2, node.requests() - before, "one eth_getProof and one eth_call batch for five subjects");
        assertTrue(client.check(EMT, Role.EMT, null).fromCache());
        assertEquals(Decision.REVOKED, client.check(GONE, Role.METER, null).decision());
        assertEquals(0, client.refreshAll());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 12: strangers' made-up subjects neither grow the client nor cost a proof per block")
    void unknownSubjectsAreBounded() throws Exception {
        MirrorClient client = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), new HeaderStore(dir),
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clockAtHead(1)).withMaxSubjects(50));
        client.sync();
        assertEquals(Decision.GRANTED, client.check(METER, Role.METER, null).decision());
        for (int i = 0; i < 500; i++) {
            SubjectId invented = SubjectId.parse(String.format("1XXX99%08d", i));
            assertEquals(Decision.UNKNOWN, client.check(invented, Role.METER, null).decision());
        }
        assertEquals(50, client.trackedCount());
        assertEquals(451, client.evictedCount());
        assertEquals(0, client.refreshAll(), "subjects proven absent are not re-proven at each block");
        // the evicted real meter is proven afresh, with the same answer
        var again = client.check(METER, Role.METER, null);
        assertEquals(Decision.GRANTED, again.decision());
        assertFalse(again.fromCache());
    }

    @Test
    void failsClosedWhenTheViewIsStale() throws Exception {
        MirrorClient fresh = client(node.url(), clockAtHead(1));
        assertEquals(Decision.STALE_VIEW, fresh.check(METER, Role.METER, METER_KEY).decision(), "before any sync");
        MirrorClient client = client(node.url(), clockAtHead(31));
        client.sync();
        CheckResult stale = client.check(METER, Role.METER, METER_KEY);
        assertEquals(Decision.STALE_VIEW, stale.decision());
        assertEquals(12, stale.blockNumber());
        assertTrue(stale.detail().contains("31 s old"), stale.detail());
        MirrorClient patient = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), null,
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clockAtHead(31))
                        .withMaxStaleness(Duration.ofSeconds(60)));
        patient.sync();
        assertEquals(Decision.GRANTED, patient.check(METER, Role.METER, METER_KEY).decision());
    }

    @Test
    void dropsALyingEndpointAndUsesAnHonestOne() throws Exception {
        FakeRpcServer liar = network.serve();
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? with(result.asObject("r"), "storageProof", new JsonValue.JsonArray(List.of())) : result);
        MirrorClient client = client(liar.url() + "," + node.url(), clockAtHead(1));
        client.sync();
        CheckResult result = client.check(METER, Role.METER, METER_KEY);
        assertEquals(Decision.GRANTED, result.decision());
        assertEquals(1, client.pool().dropped().size());
        assertTrue(client.pool().dropped().values().iterator().next().contains("eth_getProof"));

        MirrorClient alone = client(liar.url(), clockAtHead(1));
        alone.sync();
        CheckResult failed = alone.check(METER, Role.METER, METER_KEY);
        assertEquals(Decision.STALE_VIEW, failed.decision());
        assertNotNull(failed.detail());
    }

    @Test
    void fetchesHeadersInBatchesAndFallsBackWithoutThem() throws Exception {
        network.mine(100);
        try (MirrorClient client = client(node.url(), clockAtHead(1))) {
            int before = node.requests();
            SyncReport report = client.sync();
            assertTrue(report.complete(), report.failures().toString());
            assertEquals(112, report.toNumber());
            assertTrue(node.requests() - before <= 5, "anchor, head number and two batches: " + (node.requests() - before));
        }
        node.batches(false);
        try (MirrorClient client = new MirrorClient(network.genesisAnchor(), EndpointPool.of(node.url()), null,
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clockAtHead(1)))) {
            SyncReport report = client.sync();
            assertTrue(report.complete(), report.failures().toString());
            assertEquals(112, report.toNumber());
            assertTrue(client.pool().dropped().isEmpty());
        }
    }

    @Test
    void aWithholdingNodeCannotHoldTheClientBack() throws Exception {
        FakeRpcServer lagging = network.serve();
        long claimed = network.chain().head().number() - 3;
        lagging.mutator((method, params, result) -> method.equals("eth_blockNumber")
                ? JsonValue.of(org.bcpki.core.codec.Hex.quantity(claimed)) : result);
        try (MirrorClient client = client(lagging.url() + "," + node.url(), clockAtHead(1))) {
            SyncReport report = client.sync();
            assertTrue(report.complete(), report.failures().toString());
            assertEquals(network.chain().head().number(), report.toNumber());
            assertTrue(client.pool().dropped().isEmpty(), "lagging is not lying");
        }
    }

    @Test
    void resumesFromTheStoreAfterARestart() throws Exception {
        MirrorClient first = client(node.url(), clockAtHead(1));
        first.sync();
        assertTrue(Files.size(dir.resolve(HeaderStore.FILE_NAME)) < 256 * 1024);
        network.mine(3);
        MirrorClient second = client(node.url(), clockAtHead(1));
        assertTrue(second.resume());
        assertEquals(12, second.chain().head().orElseThrow().number());
        int before = node.requests();
        SyncReport report = second.sync();
        assertEquals(3, report.headersVerified(), "only the new headers are fetched");
        assertEquals(15, report.toNumber());
        assertTrue(node.requests() - before <= 4, "head number plus three headers");
    }

    @Test
    void followsTheEthApiWhenTheDebugApiIsOff() throws Exception {
        network.debugApi(false);
        MirrorClient client = client(node.url(), clockAtHead(1));
        int before = node.requests();
        SyncReport report = client.sync();
        assertTrue(report.complete(), report.failures().toString());
        // a mirror's public RPC has no DEBUG API (issue #14): still batches, of eth_getBlockByNumber
        assertTrue(node.requests() - before <= 4, "head number, the refused debug batch, one ETH batch: " + (node.requests() - before));
        assertEquals(12, report.toNumber());
        assertEquals(Decision.GRANTED, client.check(METER, Role.METER, METER_KEY).decision());
    }

    static JsonValue.JsonObject with(JsonValue.JsonObject o, String field, JsonValue value) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder();
        o.members().forEach((k, v) -> b.put(k, k.equals(field) ? value : v));
        return b.build();
    }
}
