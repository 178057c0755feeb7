package org.bcpki.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseDecision;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.ReleaseOfCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20: a mirror node that lies about a release. The client proves {@code recordHashes[id]},
 * {@code deviceTypes[typeKey]} and {@code approvalVotes[id]} of the SoftwareRegistry and reads the seven words unproven with
 * releaseOf; every lie (in the words, the proof, its slot, account or block, or by withholding
 * blocks) must fail closed, never APPROVED, with a reason, and an honest node must still decide.
 * The attacker moves on proofs are {@link HostileEndpointTest}'s.
 */
class ReleaseHostileEndpointTest {
    static final Bytes32 MANUFACTURER = word("acme.mfr");
    static final Bytes32 METER_TYPE = word("acme smart meter 3");
    static final Bytes32 OTHER_TYPE = word("acme smart meter 4");
    /** Version 5: approved, then revoked in the last block. */
    static final Bytes32 VULNERABLE = word("release v5");
    /** Version 6: approved in the last block, raising the minimum to 6. */
    static final Bytes32 CURRENT = word("release v6");
    /** Authorities 0, 1 and 3 voted for CURRENT. */
    static final int CURRENT_VOTES = 0b1011;
    /** Version 2: approved long ago, now below the minimum. */
    static final Bytes32 OLD = word("release v2");
    static final Bytes32 NEVER = word("release never submitted");
    static final Bytes32 TYPE_KEY = ReleaseLayout.typeKey(release(ReleaseStatus.APPROVED, 1, METER_TYPE));
    static final int BLOCKS = 4;

    @TempDir
    static Path storeDir;
    static TestNetwork network;
    static RegistryState beforeLastBlock;
    static FakeRpcServer node;
    static FakeRpcServer liar;
    static Clock clock;

    @BeforeAll
    static void network() throws Exception {
        RegistryState state = new RegistryState(true, 20)
                .release(OLD, release(ReleaseStatus.APPROVED, 2, METER_TYPE))
                .approvalVotes(OLD, 0b011)
                .release(VULNERABLE, release(ReleaseStatus.APPROVED, 5, METER_TYPE))
                .approvalVotes(VULNERABLE, 0b101)
                .deviceType(TYPE_KEY, new DeviceTypeState(5, 5))
                .release(word("release of another type"), release(ReleaseStatus.APPROVED, 9, OTHER_TYPE));
        network = new TestNetwork(4, 30_000, state);
        network.mine(BLOCKS - 1);
        beforeLastBlock = state.copy();
        state.release(VULNERABLE, release(ReleaseStatus.REVOKED, 5, METER_TYPE))
                .release(CURRENT, release(ReleaseStatus.APPROVED, 6, METER_TYPE))
                .approvalVotes(CURRENT, CURRENT_VOTES)
                .deviceType(TYPE_KEY, new DeviceTypeState(6, 6));
        network.mine();
        node = network.serve();
        liar = network.serve();
        clock = Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + 1), ZoneOffset.UTC);
        try (MirrorClient synced = client(node.url(), clock)) {
            assertTrue(synced.sync().complete()); // cases resume from this store instead of syncing
        }
    }

    @AfterAll
    static void close() {
        network.close();
    }

    @AfterEach
    void honestAgain() {
        liar.mutator((method, params, result) -> result);
    }

    static Bytes32 word(String text) {
        return Bytes32.wrap(Keccak.keccak256(text.getBytes()));
    }

    static ReleaseRecord release(ReleaseStatus status, long version, Bytes32 deviceType) {
        return new ReleaseRecord(status, 1, version, 4096, 1_800_000_000L, status == ReleaseStatus.REVOKED ? 1_800_000_500L : 0,
                MANUFACTURER, deviceType, imageSha256(version), word("keccak of image v" + version), word("manufacturer key"),
                word("signatures of v" + version));
    }

    static Bytes32 imageSha256(long version) {
        return word("image v" + version);
    }

    static MirrorClient client(String urls, Clock at) {
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(urls), new HeaderStore(storeDir),
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(at));
    }

    static ReleaseCheck check(MirrorClient client, Bytes32 id) {
        return client.checkRelease(RegistryState.SOFTWARE_REGISTRY_ADDRESS, id, TYPE_KEY);
    }

    /** What a gateway holding the image of {@code version} would conclude; null when the check is stale. */
    static ReleaseDecision decision(ReleaseCheck check, long version) {
        return check.stale() ? null : check.proven().decide(imageSha256(version));
    }

    @Test
    void anHonestNodeDecidesEveryCase() throws Exception {
        try (MirrorClient client = client(node.url(), clock)) {
            assertTrue(client.resume());
            assertEquals(ReleaseDecision.APPROVED, decision(check(client, CURRENT), 6));
            assertEquals(3, check(client, CURRENT).proven().approvalVotes(), "the votes the chain counted");
            assertEquals(CURRENT_VOTES, check(client, CURRENT).proven().approvalVoteBitmap());
            assertEquals(2, check(client, OLD).proven().approvalVotes());
            assertEquals(ReleaseDecision.WRONG_IMAGE, decision(check(client, CURRENT), 5));
            assertEquals(ReleaseDecision.REVOKED, decision(check(client, VULNERABLE), 5));
            assertEquals(ReleaseDecision.BELOW_MINIMUM, decision(check(client, OLD), 2));
            ReleaseCheck never = check(client, NEVER);
            assertEquals(ReleaseDecision.UNKNOWN, decision(never, 6));
            assertEquals(6, never.proven().deviceType().minimumVersion(), "the type's state is proven for an absent release too");
            assertEquals(0, never.proven().approvalVotes());
            assertEquals(BLOCKS, check(client, CURRENT).block().number());
            assertTrue(client.pool().dropped().isEmpty());
        }
    }

    @Test
    void approvedWordsForARevokedReleaseAreRefused() throws Exception {
        liar.mutator(forgeReleaseOf(VULNERABLE, release(ReleaseStatus.APPROVED, 5, METER_TYPE)));
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED, "does not hash to the proven record hash");

        // The same words, as they really were one block earlier: a replay is no better.
        liar.mutator(releaseOfAt(beforeLastBlock));
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED, "does not hash to the proven record hash");

        // A consistent lie: the forged words and a proof claiming their hash.
        ReleaseRecord revived = release(ReleaseStatus.APPROVED, 5, METER_TYPE);
        FakeRpcServer.ResultMutator words = forgeReleaseOf(VULNERABLE, revived);
        Bytes32 hashSlot = ReleaseLayout.recordHashSlot(VULNERABLE);
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? withSlotValue(result.asObject("proof"), hashSlot, ReleaseLayout.recordHash(revived))
                : words.mutate(method, params, result));
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED, "but the proof shows");
    }

    @Test
    void anotherImageHashIsRefused() throws Exception {
        ReleaseRecord real = release(ReleaseStatus.APPROVED, 6, METER_TYPE);
        ReleaseRecord swapped = new ReleaseRecord(real.status(), real.deviceRoleCode(), real.version(), real.size(),
                real.approvedAt(), real.revokedAt(), real.manufacturer(), real.deviceType(), imageSha256(66),
                real.imageKeccak256(), real.manufacturerKeyHash(), real.signatureHash());
        liar.mutator(forgeReleaseOf(CURRENT, swapped));
        try (MirrorClient alone = client(liar.url(), clock)) {
            alone.resume();
            // The attacker's image (hashing to imageSha256(66)) is refused, not only the honest one.
            assertNotEquals(ReleaseDecision.APPROVED, decision(check(alone, CURRENT), 66));
        }
        assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "does not hash to the proven record hash");
    }

    @Test
    void aLowerMinimumVersionIsRefused() throws Exception {
        Bytes32 typeSlot = ReleaseLayout.deviceTypeSlot(TYPE_KEY);
        Bytes32 lowered = ReleaseLayout.packDeviceType(new DeviceTypeState(2, 6));
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? withSlotValue(result.asObject("proof"), typeSlot, lowered) : result);
        assertRefusedThenDecided(OLD, 2, ReleaseDecision.BELOW_MINIMUM, "but the proof shows");

        // A valid proof of a state where the minimum is lower (the registry storage one block back).
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? beforeLastBlock.proof(RegistryState.SOFTWARE_REGISTRY, slots(params)) : result);
        assertRefusedThenDecided(OLD, 2, ReleaseDecision.BELOW_MINIMUM, "eth_getProof (release) at block " + BLOCKS);

        // An older release's words presented as a newer version.
        ReleaseRecord old = release(ReleaseStatus.APPROVED, 2, METER_TYPE);
        ReleaseRecord promoted = new ReleaseRecord(old.status(), old.deviceRoleCode(), 7, old.size(), old.approvedAt(),
                old.revokedAt(), old.manufacturer(), old.deviceType(), old.imageSha256(), old.imageKeccak256(),
                old.manufacturerKeyHash(), old.signatureHash());
        liar.mutator(forgeReleaseOf(OLD, promoted));
        assertRefusedThenDecided(OLD, 2, ReleaseDecision.BELOW_MINIMUM, "does not hash to the proven record hash");
    }

    @Test
    void aProofOfAnotherSlotAccountOrBlockIsRefused() throws Exception {
        Bytes32 typeSlot = ReleaseLayout.deviceTypeSlot(TYPE_KEY);
        JsonValue.JsonObject otherRelease = network.state().proof(RegistryState.SOFTWARE_REGISTRY,
                List.of(ReleaseLayout.recordHashSlot(CURRENT), typeSlot));
        liar.mutator((method, params, result) -> method.equals("eth_getProof") ? otherRelease : result);
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED, "no proof for requested slot");

        // The same slots, proven in the identity registry's account.
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? network.state().proof(RegistryState.REGISTRY, slots(params)) : result);
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED,
                "proof is for " + RegistryState.REGISTRY.toHexString());

        // The SoftwareRegistry's own proof, from the block before the verified one (still APPROVED there).
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? beforeLastBlock.proof(RegistryState.SOFTWARE_REGISTRY, slots(params)) : result);
        assertRefusedThenDecided(VULNERABLE, 5, ReleaseDecision.REVOKED, "eth_getProof (release) at block " + BLOCKS);
    }

    @Test
    void omittingTheDeviceTypeSlotIsRefused() throws Exception {
        Bytes32 typeSlot = ReleaseLayout.deviceTypeSlot(TYPE_KEY);
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? withoutSlot(result.asObject("proof"), typeSlot) : result);
        assertRefusedThenDecided(OLD, 2, ReleaseDecision.BELOW_MINIMUM, "no proof for requested slot " + typeSlot.toHexString());
        // Answering the type slot twice instead of the record hash is no better.
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? network.state().proof(RegistryState.SOFTWARE_REGISTRY, List.of(typeSlot, typeSlot)) : result);
        assertRefusedThenDecided(OLD, 2, ReleaseDecision.BELOW_MINIMUM, "repeats key");
    }

    @Test
    void aLowerApprovalCountIsRefused() throws Exception {
        // Fewer votes would let a bundle with fewer countersignatures through the gateway.
        Bytes32 votesSlot = ReleaseLayout.approvalVotesSlot(CURRENT);
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? withSlotValue(result.asObject("proof"), votesSlot, ReleaseLayout.packApprovalVotes(0b1)) : result);
        assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "but the proof shows");
        assertHonestCount();

        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? withoutSlot(result.asObject("proof"), votesSlot) : result);
        assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "no proof for requested slot " + votesSlot.toHexString());
        assertHonestCount();

        // A valid proof of another release's votes in place of this one's.
        liar.mutator((method, params, result) -> method.equals("eth_getProof")
                ? network.state().proof(RegistryState.SOFTWARE_REGISTRY, List.of(ReleaseLayout.recordHashSlot(CURRENT),
                        ReleaseLayout.deviceTypeSlot(TYPE_KEY), ReleaseLayout.approvalVotesSlot(OLD))) : result);
        assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "no proof for requested slot " + votesSlot.toHexString());
        assertHonestCount();
    }

    /** With the liar first and an honest node behind it, the proven count is the chain's. */
    private static void assertHonestCount() throws Exception {
        try (MirrorClient both = client(liar.url() + "," + node.url(), clock)) {
            both.resume();
            assertEquals(3, check(both, CURRENT).proven().approvalVotes());
        }
    }

    @Test
    void malformedReleaseOfAnswersAreLies() throws Exception {
        List<JsonValue> answers = List.of(JsonValue.of("0x"), JsonValue.of("0x" + "00".repeat(6 * 32)),
                JsonValue.of("0x" + "00".repeat(8 * 32)), JsonValue.of("0x" + "00".repeat(7 * 32 - 1)),
                JsonValue.of("not hex"), JsonValue.JsonNull.INSTANCE, JsonValue.of(7));
        for (JsonValue answer : answers) {
            liar.mutator((method, params, result) -> method.equals("eth_call") ? answer : result);
            assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "releaseOf(" + CURRENT.toHexString() + ")");
        }
    }

    @Test
    void mutatedProofsNeverApprove() throws Exception {
        Random random = new Random(20);
        JsonValue.JsonObject other = network.state().proof(RegistryState.SOFTWARE_REGISTRY,
                List.of(ReleaseLayout.recordHashSlot(OLD), ReleaseLayout.deviceTypeSlot(word("no such type"))));
        Bytes32[] releases = {CURRENT, VULNERABLE, NEVER};
        int lies = 0;
        for (int i = 0; lies < 120; i++) {
            Bytes32 id = releases[i % releases.length];
            int kind = i % 13; // HostileEndpointTest's moves; its kind 13 replays identity-registry state
            int seed = random.nextInt();
            boolean[] changed = {false};
            liar.mutator((method, params, result) -> {
                if (!method.equals("eth_getProof")) {
                    return result;
                }
                JsonValue.JsonObject mutated = HostileEndpointTest.mutateProof(result.asObject("proof"), kind,
                        new Random(seed), other);
                changed[0] = !Json.write(mutated).equals(Json.write(result));
                return mutated;
            });
            try (MirrorClient client = client(liar.url(), clock)) {
                client.resume();
                ReleaseCheck check = check(client, id);
                if (!changed[0]) {
                    continue; // a no-op mutation (e.g. swapping equal nodes) is not a lie
                }
                assertNotEquals(ReleaseDecision.APPROVED, decision(check, 6), "proof mutation " + kind + " case " + i);
                assertTrue(check.stale(), "proof mutation " + kind + " case " + i + " decided " + decision(check, 6));
                assertTrue(check.staleReason().contains("eth_getProof (release)"), check.staleReason());
                assertEquals(1, client.pool().dropped().size(), "proof mutation " + kind + " not caught as a lie");
            }
            lies++;
        }
        // Garbage in place of the whole answer.
        for (JsonValue garbage : List.of(JsonValue.of("0x"), JsonValue.JsonNull.INSTANCE, JsonValue.of(1),
                new JsonValue.JsonArray(List.of()))) {
            liar.mutator((method, params, result) -> method.equals("eth_getProof") ? garbage : result);
            assertRefusedThenDecided(CURRENT, 6, ReleaseDecision.APPROVED, "eth_getProof (release)");
        }
    }

    @Test
    void withheldBlocksFailClosedOnceTooOld() throws Exception {
        // The liar hides the last block (the revocation). Once the block it leaves the client at is
        // older than the staleness bound, nothing is decided on it.
        liar.mutator((method, params, result) -> method.equals("eth_blockNumber") ? JsonValue.of(Hex.quantity(BLOCKS - 1)) : result);
        Clock later = Clock.fixed(Instant.ofEpochSecond(timestamp(BLOCKS - 1)
                + MirrorSettings.DEFAULT_MAX_STALENESS.toSeconds() + 1), ZoneOffset.UTC);
        try (MirrorClient withheld = unsynced(liar.url(), later)) {
            withheld.sync();
            assertEquals(BLOCKS - 1, withheld.chain().head().orElseThrow().number());
            ReleaseCheck check = check(withheld, VULNERABLE);
            assertTrue(check.stale());
            assertTrue(check.staleReason().startsWith("newest verified block is "), check.staleReason());
        }
        // An honest node at the same moment shows the revocation (the last block is just within the bound).
        try (MirrorClient honest = unsynced(node.url(), later)) {
            honest.sync();
            assertEquals(ReleaseDecision.REVOKED, decision(check(honest, VULNERABLE), 5));
        }
        // No verified block at all: nothing to decide on.
        try (MirrorClient fresh = unsynced(node.url(), clock)) {
            ReleaseCheck check = check(fresh, CURRENT);
            assertTrue(check.stale());
            assertEquals("no verified block yet", check.staleReason());
        }
    }

    @Test
    void aFailingNodeIsSkippedNotBelievedNorDropped() throws Exception {
        liar.mutator((method, params, result) -> {
            if (method.equals("eth_call")) {
                throw new IllegalStateException("execution reverted");
            }
            return result;
        });
        try (MirrorClient alone = client(liar.url(), clock)) {
            alone.resume();
            ReleaseCheck check = check(alone, CURRENT);
            assertTrue(check.stale());
            assertTrue(check.staleReason().contains("execution reverted"), check.staleReason());
            assertTrue(alone.pool().dropped().isEmpty(), "an error is not a lie");
        }
        try (MirrorClient both = client(liar.url() + "," + node.url(), clock)) {
            both.resume();
            assertEquals(ReleaseDecision.APPROVED, decision(check(both, CURRENT), 6));
        }
    }

    @Test
    void aReleaseCheckedUnderAnotherDeviceTypeIsNotApproved() throws Exception {
        // The words are honest; the gateway asked with the type key of another device type (from a
        // bundle that names another type than the release it points at): that type's minimum says nothing.
        try (MirrorClient client = client(node.url(), clock)) {
            client.resume();
            Bytes32 otherKey = ReleaseLayout.typeKey(release(ReleaseStatus.APPROVED, 1, OTHER_TYPE));
            ReleaseCheck check = client.checkRelease(RegistryState.SOFTWARE_REGISTRY_ADDRESS, CURRENT, otherKey);
            assertFalse(check.stale());
            assertEquals("the release's device type is not the one proven", check.proven().problem());
            assertEquals(ReleaseDecision.UNKNOWN, decision(check, 6));
            assertTrue(client.pool().dropped().isEmpty());
        }
    }

    /**
     * With the liar alone the check fails closed naming the lie; with an honest node behind it, the
     * node decides, and the same client goes on deciding other releases.
     */
    private static void assertRefusedThenDecided(Bytes32 id, long version, ReleaseDecision honest, String problem)
            throws Exception {
        try (MirrorClient alone = client(liar.url(), clock)) {
            assertTrue(alone.resume());
            ReleaseCheck refused = check(alone, id);
            assertNotEquals(ReleaseDecision.APPROVED, decision(refused, version));
            assertTrue(refused.stale(), "decided " + decision(refused, version));
            assertNotNull(refused.staleReason());
            assertTrue(refused.staleReason().contains(problem), refused.staleReason());
            assertEquals(1, alone.pool().dropped().size());
        }
        try (MirrorClient both = client(liar.url() + "," + node.url(), clock)) {
            both.resume();
            assertEquals(honest, decision(check(both, id), version));
            assertEquals(1, both.pool().dropped().size(), "the liar is dropped");
            assertEquals(ReleaseDecision.APPROVED, decision(check(both, CURRENT), 6));
            assertEquals(ReleaseDecision.REVOKED, decision(check(both, VULNERABLE), 5));
        }
    }

    private static MirrorClient unsynced(String urls, Clock at) {
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(urls), null, RegistryState.REGISTRY_ADDRESS,
                MirrorSettings.defaults().withClock(at));
    }

    private static long timestamp(long number) {
        return network.chain().blocks().get((int) number).timestamp();
    }

    /** A node that answers releaseOf(id) with the words of {@code forged}. */
    private static FakeRpcServer.ResultMutator forgeReleaseOf(Bytes32 id, ReleaseRecord forged) {
        String data = Bytes.concatenate(ReleaseOfCall.SELECTOR, id).toHexString();
        Bytes words = Bytes.concatenate(ReleaseLayout.words(forged).toArray(Bytes[]::new));
        return (method, params, result) -> method.equals("eth_call")
                && params.get(0).asObject("call").string("data").equalsIgnoreCase(data)
                ? JsonValue.of(words.toHexString()) : result;
    }

    /** A node that answers releaseOf from {@code state} whatever block is asked. */
    private static FakeRpcServer.ResultMutator releaseOfAt(RegistryState state) {
        return (method, params, result) -> {
            if (!method.equals("eth_call")) {
                return result;
            }
            JsonValue.JsonObject call = params.get(0).asObject("call");
            return state.call(Bytes.fromHexString(call.string("to")), Bytes.fromHexString(call.string("data")));
        };
    }

    private static List<Bytes32> slots(JsonValue.JsonArray params) {
        List<Bytes32> slots = new ArrayList<>();
        for (String slot : params.get(1).asArray("slots").strings("slots")) {
            slots.add(Hex.bytes32(slot, "slot"));
        }
        return slots;
    }

    private static JsonValue.JsonObject withSlotValue(JsonValue.JsonObject proof, Bytes32 slot, Bytes32 value) {
        List<JsonValue> entries = new ArrayList<>();
        for (JsonValue entry : proof.array("storageProof").elements()) {
            JsonValue.JsonObject e = entry.asObject("entry");
            boolean target = Hex.storageWord(e.string("key"), "key").equals(slot);
            entries.add(target ? MirrorClientTest.with(e, "value", JsonValue.of(Hex.quantity(value.toUnsignedBigInteger()))) : e);
        }
        return MirrorClientTest.with(proof, "storageProof", new JsonValue.JsonArray(entries));
    }

    private static JsonValue.JsonObject withoutSlot(JsonValue.JsonObject proof, Bytes32 slot) {
        List<JsonValue> entries = new ArrayList<>();
        for (JsonValue entry : proof.array("storageProof").elements()) {
            if (!Hex.storageWord(entry.asObject("entry").string("key"), "key").equals(slot)) {
                entries.add(entry);
            }
        }
        return MirrorClientTest.with(proof, "storageProof", new JsonValue.JsonArray(entries));
    }
}
