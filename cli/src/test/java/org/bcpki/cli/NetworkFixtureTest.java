package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.fixture.RegistryFixture;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.contracts.AnchoredEnrollment;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** bcpki network init --fixture-*: the registry and N records in the genesis, read back like real grants. */
class NetworkFixtureTest {
    private static final long CHAIN_ID = 1337;

    @TempDir
    Path tmp;

    @Test
    void badFixtureOptionsExitTwoAndWriteNothing() {
        String dir = tmp.resolve("bad").toString();
        List<String[]> bad = List.of(
                new String[] {"--fixture-grants", "0"},
                new String[] {"--fixture-grants", "-3"},
                new String[] {"--fixture-grants", "10", "--fixture-revoked", "100.5"},
                new String[] {"--fixture-grants", "10", "--fixture-revoked", "-1"},
                new String[] {"--fixture-revoked", "5"},
                new String[] {"--fixture-grants", "10", "--dev-accounts", "4"},
                new String[] {"--fixture-grants", String.valueOf(RegistryGenesis.ALLOC_LIMIT + 1), "--engine", "besu"});
        for (String[] options : bad) {
            List<String> args = new ArrayList<>(List.of("network", "init", "--dir", dir));
            args.addAll(List.of(options));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.code(), String.join(" ", options) + ": " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertFalse(Files.exists(tmp.resolve("bad")), String.join(" ", options));
        }
    }

    @Test
    void aLargeFixtureIsNamedInTheGenesisAndBesuIsToldItCannotLoadIt() throws Exception {
        Path dir = tmp.resolve("large");
        long grants = RegistryGenesis.ALLOC_LIMIT + 1;
        CliRun init = CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "1", "--mirrors", "0",
                "--fixture-grants", String.valueOf(grants), "--fixture-revoked", "2", "--fixture-seed", "9");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("Besu cannot load this genesis"), init.out());
        GenesisConfig genesis = GenesisConfig.read(dir.resolve(NetworkFiles.GENESIS));
        assertEquals(grants, genesis.fixture().orElseThrow().fixture().grants());
        assertEquals(9, genesis.fixture().orElseThrow().fixture().seed());
        assertTrue(Files.size(dir.resolve(NetworkFiles.GENESIS)) < 200_000, "the records are not in the file");
        JsonNode registry = Output.mapper().readTree(dir.resolve(NetworkFiles.REGISTRY).toFile());
        assertEquals("engine", registry.path("fixture").path("storage").asText());
        assertFalse(registry.path("fixture").path("besuCompatible").asBoolean());
    }

    /**
     * THE KEY TEST: a subject granted for real (anchored enrollment, request by the registrar, two
     * approvals) and a fixture subject with the same field values hold the same words on chain and
     * get the same decisions from the light client; a revoked fixture key cannot be granted again.
     */
    @Test
    void fixtureRecordsReadBackLikeRealGrants() throws Exception {
        Path dir = tmp.resolve("net");
        CliRun init = CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "1", "--mirrors", "1",
                "--fixture-grants", "300", "--fixture-revoked", "10", "--fixture-seed", "7", "--json");
        assertEquals(0, init.code(), init.err());
        JsonNode doc = init.json();
        String registry = doc.get("registry").asText();
        assertEquals(RegistryGenesis.DEFAULT_ADDRESS.toHex(), registry);
        assertEquals(300, doc.get("fixture").get("grants").asLong());
        assertEquals(30, doc.get("fixture").get("revoked").asLong());
        assertEquals("alloc", doc.get("fixture").get("storage").asText());
        JsonNode genesisJson = Output.mapper().readTree(dir.resolve(NetworkFiles.GENESIS).toFile());
        assertTrue(genesisJson.path("alloc").path(registry.substring(2)).path("storage").size() > 300 * 4);

        NetworkSpec spec = NetworkFiles.read(dir);
        RegistryFixture fixture = new RegistryFixture(300, 10, 7, spec.genesisTimestamp());
        List<Credentials> dev = spec.devAccounts().stream().map(DevAccount::privateKey)
                .map(k -> Credentials.create(k.toHexString())).toList();
        String validator = spec.node("validator-1").orElseThrow().rpcUrl();
        String mirror = spec.node("mirror-1").orElseThrow().rpcUrl();
        try (EmbeddedNetwork network = EmbeddedNetwork.start(dir)) {
            assertTrue(EmbeddedNetwork.awaitReady(spec, Duration.ofSeconds(120)));
            Web3j web3j = Web3j.build(new HttpService(validator));
            try (RpcClient rpc = new RpcClient(validator)) {
                RegistryClient registrar = RegistryClient.connect(web3j, Address.fromHex(registry), dev.get(4), CHAIN_ID);
                long fx = firstMeter(fixture, RegistryFixture.Category.GRANTED);
                GrantRecord fixtureRecord = fixture.record(fx);
                SubjectId real = SubjectId.parse("1ESY1169999915");
                registrar.anchorEnrollment(real, fixtureRecord.attestationHash().toArray());
                GrantSubmission submission = new GrantSubmission(real, Role.METER, KeyAlgorithm.fromCode(fixtureRecord.algorithmCode()),
                        fixtureRecord.keyHash().toArray(), fixtureRecord.attestationHash().toArray(), fixtureRecord.notBefore(),
                        fixtureRecord.notAfter(), fixture.publicKey(fx).toArray());
                registrar.requestGrant(submission);
                RegistryClient.connect(web3j, Address.fromHex(registry), dev.get(1), CHAIN_ID).approve(submission.requestId());
                RegistryClient.connect(web3j, Address.fromHex(registry), dev.get(2), CHAIN_ID).approve(submission.requestId());

                SubjectId fixtureSubject = fixture.subject(fx);
                String block = rpc.call("eth_blockNumber").asText();
                List<Bytes32> realSlots = RegistryLayout.recordSlots(real);
                List<Bytes32> fixtureSlots = RegistryLayout.recordSlots(fixtureSubject);
                JsonNode realProof = proof(rpc, registry, realSlots, block);
                JsonNode fixtureProof = proof(rpc, registry, fixtureSlots, block);
                for (int s = 0; s < 3; s++) {
                    Bytes32 realWord = storageAt(rpc, registry, realSlots.get(s), block);
                    assertEquals(realWord, storageAt(rpc, registry, fixtureSlots.get(s), block), "word " + s);
                    assertEquals(realProof.get("storageProof").get(s).get("value").asText(),
                            fixtureProof.get("storageProof").get(s).get("value").asText(), "proven word " + s);
                }
                assertEquals(RegistryLayout.pack(fixtureRecord), storageAt(rpc, registry, realSlots.get(0), block));
                // slot 15: the record hash the registry writes with every record and a light client proves
                Bytes32 realHash = storageAt(rpc, registry, RegistryLayout.recordHashSlot(real), block);
                Bytes32 fixtureHash = storageAt(rpc, registry, RegistryLayout.recordHashSlot(fixtureSubject), block);
                assertEquals(RegistryLayout.recordHash(fixtureRecord), fixtureHash);
                assertEquals(realHash, fixtureHash);
                JsonNode hashProofs = proof(rpc, registry, List.of(RegistryLayout.recordHashSlot(real),
                        RegistryLayout.recordHashSlot(fixtureSubject)), block).get("storageProof");
                assertEquals(hashProofs.get(0).get("value").asText(), hashProofs.get(1).get("value").asText());
                assertEquals(registrar.grant(real), registrar.grant(fixtureSubject));
                AnchoredEnrollment realEnrollment = registrar.anchoredEnrollment(real).orElseThrow();
                AnchoredEnrollment fixtureEnrollment = registrar.anchoredEnrollment(fixtureSubject).orElseThrow();
                assertEquals(Bytes.wrap(realEnrollment.attestationHash()), Bytes.wrap(fixtureEnrollment.attestationHash()));
                assertEquals(realEnrollment.enroller().toLowerCase(), fixtureEnrollment.enroller().toLowerCase());
                assertTrue(fixtureEnrollment.enrollerTrusted());

                // the light client, from the mirror node
                Path anchor = tmp.resolve("anchor.json");
                CliRun anchored = CliRun.of("mirror", "anchor", "--genesis", dir.resolve(NetworkFiles.GENESIS).toString(),
                        "--out", anchor.toString(), "--json");
                assertEquals(0, anchored.code(), anchored.err());
                try (MirrorClient client = MirrorClient.open(MirrorConfig.of(anchor, mirror)
                        .withStore(tmp.resolve("store")).withRegistry(Address.fromHex(registry)))) {
                    long height = Long.decode(block);
                    awaitSynced(client, height);
                    byte[] key = fixture.publicKey(fx).toArray();
                    assertEquals(Decision.GRANTED, client.check(real, Role.METER, key).decision());
                    assertEquals(Decision.GRANTED, client.check(fixtureSubject, Role.METER, key).decision());
                    assertEquals(Decision.WRONG_ROLE, client.check(real, Role.EMT, key).decision());
                    assertEquals(Decision.WRONG_ROLE, client.check(fixtureSubject, Role.EMT, key).decision());
                    long revoked = firstMeter(fixture, RegistryFixture.Category.REVOKED);
                    assertEquals(Decision.REVOKED, client.check(fixture.subject(revoked), Role.METER,
                            fixture.publicKey(revoked).toArray()).decision());
                    long expired = firstMeter(fixture, RegistryFixture.Category.EXPIRED);
                    assertEquals(Decision.EXPIRED, client.check(fixture.subject(expired), Role.METER,
                            fixture.publicKey(expired).toArray()).decision());
                    assertEquals(Decision.UNKNOWN, client.check(fixture.unknownSubject(0), Role.METER, key).decision());
                }

                // a revoked fixture key is barred for good, for any subject
                long revoked = firstMeter(fixture, RegistryFixture.Category.REVOKED);
                GrantRecord revokedRecord = fixture.record(revoked);
                assertTrue(registrar.keyRevoked(revokedRecord.keyHash().toArray()));
                GrantSubmission again = new GrantSubmission(SubjectId.parse("1ESY1169999916"), Role.EMT,
                        KeyAlgorithm.fromCode(revokedRecord.algorithmCode()), revokedRecord.keyHash().toArray(), new byte[32],
                        fixture.referenceTime(), fixture.referenceTime() + 86_400 * 30, fixture.publicKey(revoked).toArray());
                RegistryRejectedException refused = assertThrows(RegistryRejectedException.class,
                        () -> registrar.requestGrant(again));
                assertEquals("KeyRevoked", refused.errorName());
                assertNotEquals(Decision.GRANTED, revokedRecord.decide(Role.METER, revokedRecord.keyHash(), fixture.referenceTime()));
            } finally {
                web3j.shutdown();
            }
        }
    }

    private static long firstMeter(RegistryFixture fixture, RegistryFixture.Category category) {
        for (long k = 0; k < fixture.count(category); k++) {
            long i = fixture.index(category, k);
            if (fixture.role(i) == Role.METER) {
                return i;
            }
        }
        throw new AssertionError("no " + category + " meter in the fixture");
    }

    private static Bytes32 storageAt(RpcClient rpc, String address, Bytes32 slot, String block) throws Exception {
        return Bytes32.fromHexStringLenient(rpc.call("eth_getStorageAt", address, slot.toHexString(), block).asText());
    }

    private static JsonNode proof(RpcClient rpc, String address, List<Bytes32> slots, String block) throws Exception {
        return rpc.call("eth_getProof", address, slots.stream().map(Bytes32::toHexString).toList(), block);
    }

    private static void awaitSynced(MirrorClient client, long height) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        client.resume();
        while (client.decisionBlock() == null || client.decisionBlock().number() < height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the light client did not reach block " + height);
            }
            try {
                client.sync();
            } catch (java.io.IOException e) {
                // the mirror is still catching up; try again
            }
            Thread.sleep(200);
        }
    }
}
