package org.bcpki.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.testing.FakeRpcServer;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.wire.EndpointPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror node that lies: every answer the client relies on is mutated in ways an attacker would
 * try (bit flips in seals, extraData and proof nodes, dropped and reordered nodes, absence claimed for
 * present keys, changed values, replayed and stale data, broken JSON). Not one mutated answer may be
 * accepted: headers never enter the verified chain, proofs never produce a decision.
 */
class HostileEndpointTest {
    static final SubjectId METER = MirrorClientTest.METER;
    static final SubjectId NOBODY = SubjectId.parse("nobody.emt");
    static final int BLOCKS = 4;

    @TempDir
    static Path storeDir;
    static TestNetwork network;
    static FakeRpcServer hostile;
    static Clock clock;
    static List<BlockHeader> honest;
    static int casesRun;

    @BeforeAll
    static void network() throws Exception {
        RegistryState state = new RegistryState(true, 30)
                .grant(METER, MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER, MirrorClientTest.METER_KEY, 2_000_000_000L));
        for (int i = 10; i < 40; i++) {
            state.grant(SubjectId.parse("1ESY11600000" + i), MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER,
                    MirrorClientTest.METER_KEY, 2_000_000_000L));
        }
        network = new TestNetwork(4, 30_000, state);
        network.mine(BLOCKS - 1);
        // The last block revokes the meter, so a proof replayed from an older block would say GRANTED.
        network.state().grant(METER, MirrorClientTest.grant(GrantStatus.REVOKED, Role.METER, MirrorClientTest.METER_KEY,
                2_000_000_000L));
        network.mine();
        honest = network.chain().blocks();
        hostile = network.serve();
        clock = Clock.fixed(Instant.ofEpochSecond(network.chain().head().timestamp() + 1), ZoneOffset.UTC);
        // A store synced from an honest node: proof cases resume from it instead of syncing again.
        MirrorClient synced = client();
        assertTrue(synced.sync().complete());
    }

    @AfterAll
    static void close() {
        network.close();
        assertTrue(casesRun >= 1_000, "only " + casesRun + " hostile cases ran");
    }

    static MirrorClient client() {
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(hostile.url()), new HeaderStore(storeDir),
                RegistryState.REGISTRY_ADDRESS, MirrorSettings.defaults().withClock(clock));
    }

    static MirrorClient unsyncedClient() {
        return new MirrorClient(network.genesisAnchor(), EndpointPool.of(hostile.url()), null, RegistryState.REGISTRY_ADDRESS,
                MirrorSettings.defaults().withClock(clock));
    }

    static String flipBit(String hex, Random random, int fromByte) {
        byte[] bytes = Hex.data(hex, 1 << 20, "hex").toArray();
        int at = fromByte + random.nextInt(bytes.length - fromByte);
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return org.apache.tuweni.bytes.Bytes.wrap(bytes).toHexString();
    }

    /** Asserts that block {@code n} served mutated never entered the verified chain. */
    static void assertHeaderRejected(MirrorClient client, SyncReport report, long n, String what) {
        BlockHeader honestHeader = honest.get((int) n);
        client.close();
        client.chain().header(n).ifPresent(h -> assertEquals(honestHeader, h, what + " accepted"));
        assertTrue(client.chain().head().map(BlockHeader::number).orElse(-1L) < n, what + ": sync went past block " + n);
        assertFalse(report.complete(), what);
        assertEquals(1, client.pool().dropped().size(), what + ": endpoint not dropped: " + report.failures());
        casesRun++;
    }

    @Test
    void bitFlipsAnywhereInRawHeadersAreRejected() throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < 400; i++) {
            long n = 1 + random.nextInt(BLOCKS);
            // Half the flips land in extraData and its seals (the tail of the header), half anywhere.
            BlockHeader target = honest.get((int) n);
            int headerSize = BlockHeaderCodec.encode(target).size();
            int from = i % 2 == 0 ? headerSize - target.extraData().size() : 0;
            String mutated = flipBit(BlockHeaderCodec.encode(target).toHexString(), random, from);
            hostile.mutator((method, params, result) -> method.equals("debug_getRawHeader")
                    && params.get(0).asString("n").equals(Hex.quantity(n)) ? JsonValue.of(mutated) : result);
            MirrorClient client = unsyncedClient();
            assertHeaderRejected(client, client.sync(), n, "raw header " + n + " case " + i);
        }
    }

    @Test
    void alteredEthBlockFieldsAreRejected() throws Exception {
        network.debugApi(false);
        try {
            Random random = new Random(2);
            String[] fields = {"hash", "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot",
                "logsBloom", "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce",
                "baseFeePerGas"};
            for (int i = 0; i < 200; i++) {
                long n = 1 + random.nextInt(BLOCKS);
                String field = fields[i % fields.length];
                int seed = random.nextInt();
                hostile.mutator((method, params, result) -> {
                    if (!method.equals("eth_getBlockByNumber") || !params.get(0).asString("n").equals(Hex.quantity(n))) {
                        return result;
                    }
                    return MirrorClientTest.with(result.asObject("block"), field,
                            JsonValue.of(changeHexDigit(result.asObject("block").string(field), new Random(seed))));
                });
                MirrorClient client = unsyncedClient();
                assertHeaderRejected(client, client.sync(), n, "block " + n + " field " + field);
            }
        } finally {
            network.debugApi(true);
        }
    }

    static String changeHexDigit(String hex, Random random) {
        char[] chars = hex.toCharArray();
        int at = 2 + random.nextInt(chars.length - 2);
        int digit = Character.digit(chars[at], 16);
        chars[at] = Character.forDigit((digit + 1 + random.nextInt(15)) % 16, 16);
        return new String(chars);
    }

    @Test
    void replayedAndForeignHeadersAreRejected() throws Exception {
        for (long n = 1; n <= BLOCKS; n++) {
            for (long older = 0; older < n; older++) {
                long servedNumber = n;
                String old = BlockHeaderCodec.encode(honest.get((int) older)).toHexString();
                hostile.mutator((method, params, result) -> method.equals("debug_getRawHeader")
                        && params.get(0).asString("n").equals(Hex.quantity(servedNumber)) ? JsonValue.of(old) : result);
                MirrorClient client = unsyncedClient();
                assertHeaderRejected(client, client.sync(), n, "block " + older + " replayed as " + n);
            }
        }
        // A later header served in place of an earlier one (e.g. shuffled within a batch).
        for (long n = 1; n < BLOCKS; n++) {
            long servedNumber = n;
            String later = BlockHeaderCodec.encode(honest.get((int) n + 1)).toHexString();
            hostile.mutator((method, params, result) -> method.equals("debug_getRawHeader")
                    && params.get(0).asString("n").equals(Hex.quantity(servedNumber)) ? JsonValue.of(later) : result);
            MirrorClient client = unsyncedClient();
            assertHeaderRejected(client, client.sync(), n, "block " + (n + 1) + " served as " + n);
        }
        // A head the node claims but cannot show.
        hostile.mutator((method, params, result) -> method.equals("eth_blockNumber") ? JsonValue.of(Hex.quantity(BLOCKS + 5)) : result);
        MirrorClient client = unsyncedClient();
        SyncReport report = client.sync();
        assertEquals(BLOCKS, client.chain().head().orElseThrow().number());
        assertEquals(1, client.pool().dropped().size(), report.toString());
        client.close();
        casesRun++;
    }

    @Test
    void mutatedProofsNeverDecide() throws Exception {
        Random random = new Random(3);
        List<Bytes32> otherSlots = List.of(org.bcpki.core.registry.RegistryLayout.recordHashSlot(SubjectId.parse("1ESY1160000011")));
        JsonValue.JsonObject otherProof = network.state().proof(RegistryState.REGISTRY, otherSlots);
        int mutations = 0;
        for (int i = 0; mutations < 400; i++) {
            SubjectId subject = i % 3 == 2 ? NOBODY : METER;
            int kind = i % 14;
            int seed = random.nextInt();
            UnaryOperator<JsonValue.JsonObject> mutation = proof -> mutateProof(proof, kind, new Random(seed), otherProof);
            boolean[] changed = {false};
            hostile.mutator((method, params, result) -> {
                if (!method.equals("eth_getProof")) {
                    return result;
                }
                JsonValue.JsonObject mutated = mutation.apply(result.asObject("proof"));
                changed[0] = !Json.write(mutated).equals(Json.write(result));
                return mutated;
            });
            MirrorClient client = client();
            assertTrue(client.resume());
            CheckResult result = client.check(subject, Role.METER, MirrorClientTest.METER_KEY);
            if (!changed[0]) {
                client.close();
                continue; // the mutation happened to be a no-op (e.g. swapping equal nodes): not a lie
            }
            assertEquals(Decision.STALE_VIEW, result.decision(), "proof mutation " + kind + " case " + i + " accepted");
            assertEquals(1, client.pool().dropped().size(), "proof mutation " + kind + " not caught as a lie");
            client.close();
            mutations++;
            casesRun++;
        }
        // The honest answer still decides: the meter was revoked in the last block.
        hostile.mutator((method, params, result) -> result);
        MirrorClient client = client();
        client.resume();
        assertEquals(Decision.REVOKED, client.check(METER, Role.METER, MirrorClientTest.METER_KEY).decision());
    }

    @Test
    void aRevokedRecordCannotBeCarriedForwardByALyingAccountProof() throws Exception {
        Random random = new Random(5);
        int[] kinds = {0, 2, 4, 8, 10, 13};
        for (int i = 0; i < 60; i++) {
            int kind = kinds[i % kinds.length];
            int seed = random.nextInt();
            // First an honest view one block back, where the meter is still granted...
            hostile.mutator((method, params, result) -> method.equals("eth_blockNumber")
                    ? JsonValue.of(Hex.quantity(BLOCKS - 1)) : result);
            MirrorClient client = unsyncedClient();
            client.sync();
            assertEquals(Decision.GRANTED, client.check(METER, Role.METER, MirrorClientTest.METER_KEY).decision());
            // ...then the revocation block arrives and the node lies about the registry account.
            hostile.mutator((method, params, result) -> method.equals("eth_getProof")
                    && params.get(1).asArray("slots").size() == 0
                    ? mutateAccountProof(result.asObject("proof"), kind, new Random(seed)) : result);
            client.sync();
            assertEquals(BLOCKS, client.chain().head().orElseThrow().number());
            CheckResult result = client.check(METER, Role.METER, MirrorClientTest.METER_KEY);
            assertNotEquals(Decision.GRANTED, result.decision(), "account mutation " + kind + " carried a revoked grant");
            assertEquals(Decision.STALE_VIEW, result.decision());
            assertEquals(1, client.pool().dropped().size());
            client.close();
            casesRun++;
        }
        hostile.mutator((method, params, result) -> result);
    }

    static JsonValue.JsonObject mutateAccountProof(JsonValue.JsonObject proof, int kind, Random random) {
        if (kind == 13) {
            return staleProof(proof); // the registry account as it was before the revocation
        }
        List<JsonValue> accountProof = new ArrayList<>(proof.array("accountProof").elements());
        switch (kind) {
            case 0 -> flipNode(accountProof, random);
            case 2 -> accountProof.remove(random.nextInt(accountProof.size()));
            case 4 -> swap(accountProof, random);
            case 10 -> accountProof.add(accountProof.get(random.nextInt(accountProof.size())));
            default -> {
                String field = random.nextBoolean() ? "storageHash" : "balance";
                return MirrorClientTest.with(proof, field, JsonValue.of(changeHexDigit(proof.string(field), random)));
            }
        }
        return MirrorClientTest.with(proof, "accountProof", new JsonValue.JsonArray(accountProof));
    }

    /** One attacker move on an eth_getProof answer. */
    static JsonValue.JsonObject mutateProof(JsonValue.JsonObject proof, int kind, Random random, JsonValue.JsonObject other) {
        List<JsonValue> accountProof = new ArrayList<>(proof.array("accountProof").elements());
        List<JsonValue> storage = new ArrayList<>(proof.array("storageProof").elements());
        int entry = random.nextInt(storage.size());
        JsonValue.JsonObject slot = storage.get(entry).asObject("entry");
        List<JsonValue> slotProof = new ArrayList<>(slot.array("proof").elements());
        switch (kind) {
            case 0 -> flipNode(accountProof, random);
            case 1 -> {
                if (slotProof.isEmpty()) {
                    slotProof.add(JsonValue.of("0xc0"));
                } else {
                    flipNode(slotProof, random);
                }
            }
            case 2 -> accountProof.remove(random.nextInt(accountProof.size()));
            case 3 -> {
                if (!slotProof.isEmpty()) {
                    slotProof.remove(random.nextInt(slotProof.size()));
                } else {
                    slotProof.add(accountProof.get(0));
                }
            }
            case 4 -> swap(accountProof, random);
            case 5 -> {
                if (slotProof.size() >= 2) {
                    swap(slotProof, random);
                } else {
                    slotProof.add(0, accountProof.get(accountProof.size() - 1));
                }
            }
            case 6 -> { // claim absence of a (present) key
                slotProof.clear();
                slot = MirrorClientTest.with(slot, "value", JsonValue.of("0x0"));
            }
            case 7 -> slot = MirrorClientTest.with(slot, "value",
                    JsonValue.of(Hex.quantity(Hex.quantity(slot.string("value"), 256, "v").add(java.math.BigInteger.ONE))));
            case 8 -> {
                String[] fields = {"balance", "nonce", "storageHash", "codeHash"};
                String field = fields[random.nextInt(fields.length)];
                proof = MirrorClientTest.with(proof, field, JsonValue.of(changeHexDigit(proof.string(field), random)));
            }
            case 9 -> { // another subject's proof under this key
                JsonValue.JsonObject foreign = other.array("storageProof").get(entry).asObject("other");
                slotProof = new ArrayList<>(foreign.array("proof").elements());
                slot = MirrorClientTest.with(slot, "value", foreign.get("value"));
            }
            case 10 -> accountProof.add(accountProof.get(random.nextInt(accountProof.size())));
            case 11 -> storage.remove(entry);
            case 12 -> slot = MirrorClientTest.with(slot, "key", JsonValue.of(changeHexDigit(slot.string("key"), random)));
            default -> { // a proof from another block's state (the one before the revocation)
                return staleProof(proof);
            }
        }
        if (kind != 11) {
            storage.set(entry, MirrorClientTest.with(slot, "proof", new JsonValue.JsonArray(slotProof)));
        }
        return MirrorClientTest.with(MirrorClientTest.with(proof, "accountProof", new JsonValue.JsonArray(accountProof)),
                "storageProof", new JsonValue.JsonArray(storage));
    }

    static JsonValue.JsonObject staleProof(JsonValue.JsonObject proof) {
        RegistryState before = new RegistryState(true, 30).grant(METER, MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER,
                MirrorClientTest.METER_KEY, 2_000_000_000L));
        List<Bytes32> slots = new ArrayList<>();
        for (JsonValue entry : proof.array("storageProof").elements()) {
            slots.add(Hex.storageWord(entry.asObject("e").string("key"), "key"));
        }
        return before.proof(RegistryState.REGISTRY, slots);
    }

    static void flipNode(List<JsonValue> nodes, Random random) {
        int at = random.nextInt(nodes.size());
        nodes.set(at, JsonValue.of(flipBit(nodes.get(at).asString("node"), random, 0)));
    }

    static void swap(List<JsonValue> nodes, Random random) {
        if (nodes.size() < 2) {
            nodes.add(nodes.get(0));
            return;
        }
        int a = random.nextInt(nodes.size());
        int b = (a + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
        JsonValue t = nodes.get(a);
        nodes.set(a, nodes.get(b));
        nodes.set(b, t);
    }

    @Test
    void brokenJsonAndRlpGiveErrorsNotExceptions() throws Exception {
        Random random = new Random(4);
        for (int i = 0; i < 100; i++) {
            int seed = random.nextInt();
            boolean proofCase = i % 2 == 0;
            hostile.rawMutator(text -> {
                if (proofCase != text.contains("accountProof")) {
                    return text;
                }
                Random r = new Random(seed);
                return switch (r.nextInt(4)) {
                    case 0 -> text.substring(0, r.nextInt(text.length()));
                    case 1 -> text.replace("\"0x", "\"0xzz");
                    case 2 -> text.replaceFirst("\\[", "{");
                    default -> {
                        char[] chars = text.toCharArray();
                        chars[r.nextInt(chars.length)] = (char) (r.nextInt(0x60) + 0x20);
                        yield new String(chars);
                    }
                };
            });
            try {
                if (proofCase) {
                    MirrorClient client = client();
                    client.resume();
                    CheckResult result = client.check(METER, Role.METER, MirrorClientTest.METER_KEY);
                    assertNotEquals(Decision.GRANTED, result.decision());
                    assertTrue(result.decision() == Decision.STALE_VIEW || result.decision() == Decision.REVOKED,
                            result.toString());
                    client.close();
                } else {
                    MirrorClient client = unsyncedClient();
                    SyncReport report = client.sync(); // must not throw
                    client.chain().headers().forEach(h -> assertEquals(honest.get((int) h.number()), h));
                    client.close();
                }
            } finally {
                hostile.rawMutator(UnaryOperator.identity());
            }
            casesRun++;
        }
        // Undecodable raw headers straight from the RLP layer.
        for (String junk : List.of("0x", "0xc0", "0xf9ffff", "0x80", "0xc3010203", "0x" + "ff".repeat(600))) {
            hostile.mutator((method, params, result) -> method.equals("debug_getRawHeader") ? JsonValue.of(junk) : result);
            MirrorClient client = unsyncedClient();
            SyncReport report = client.sync();
            assertFalse(report.complete());
            assertFalse(client.chain().started());
            client.close();
            casesRun++;
        }
        hostile.mutator((method, params, result) -> result);
    }
}
