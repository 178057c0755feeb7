package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bcpki.authority.AttestationCheck;
import org.bcpki.authority.AuthorityPolicy;
import org.bcpki.authority.AuthorityService;
import org.bcpki.authority.CallerDirectory;
import org.bcpki.authority.CheckpointSigner;
import org.bcpki.authority.RpcHeaderSource;
import org.bcpki.contracts.CheckpointClient;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * The gateway's light client against chain-node's embedded network (a validator and a mirror node):
 * grants made by the authorities on the registry, decisions proven from the mirror node's JSON-RPC,
 * and post-quantum checkpoints published by two authority services and verified by the client.
 */
class MirrorOnNetworkTest {
    private static final long INTERVAL = 4;
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    private static final Credentials PTB = TestAccounts.named("ptb");
    private static final Credentials BNETZA = TestAccounts.named("bnetza");
    private static final Credentials VDE = TestAccounts.named("vde");
    private static final Credentials BSI = TestAccounts.named("bsi");
    private static final Credentials REGISTRAR = TestAccounts.named("registrar");
    private static final KeyPair PTB_CHECKPOINT_KEY = ML_DSA_65.fromSeed(Hash.sha3("ptb-checkpoint".getBytes()));
    private static final KeyPair BSI_CHECKPOINT_KEY = ML_DSA_65.fromSeed(Hash.sha3("bsi-checkpoint".getBytes()));

    @TempDir
    static Path dir;
    private static EmbeddedChain chain;
    private static Web3j web3j;
    private static String registry;
    private static String checkpoints;
    private static final List<AuthorityService> services = new ArrayList<>();
    private static Path sealsAnchor;
    private static String mirrorUrl;

    @BeforeAll
    static void start() throws Exception {
        chain = EmbeddedChain.start(dir.resolve("net"), 1, 1);
        mirrorUrl = chain.rpcUrl("mirror-1");
        web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER, Role.SMGW, Role.AUTHORITY)),
                new RegistrySetup.Seat(BSI.getAddress(), "BSI", Set.of(Role.values())),
                new RegistrySetup.Seat(TestAccounts.named("gwa").getAddress(), "GWA", Set.of(Role.SMGW, Role.EMT)),
                new RegistrySetup.Seat(BNETZA.getAddress(), "BNetzA", Set.of(Role.METER, Role.AUTHORITY)),
                new RegistrySetup.Seat(VDE.getAddress(), "VDE", Set.of(Role.METER, Role.AUTHORITY))),
                List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of())).toHex();
        checkpoints = CheckpointClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID, Address.fromHex(registry), INTERVAL).toHex();
        grant("ptb.authority", Role.AUTHORITY, PTB_CHECKPOINT_KEY, 365 * 86_400L);
        grant("bsi.authority", Role.AUTHORITY, BSI_CHECKPOINT_KEY, 365 * 86_400L);
        services.add(checkpointService("PTB", PTB, "ptb.authority", PTB_CHECKPOINT_KEY));
        services.add(checkpointService("BSI", BSI, "bsi.authority", BSI_CHECKPOINT_KEY));

        sealsAnchor = dir.resolve("anchor.json");
        CliRun anchor = CliRun.of("mirror", "anchor", "--genesis", chain.dir.resolve("genesis.json").toString(),
                "--out", sealsAnchor.toString(), "--json");
        assertEquals(0, anchor.code(), anchor.err());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AuthorityService service : services) {
            service.close();
        }
        web3j.shutdown();
        chain.close();
    }

    /**
     * Requests a grant and has BNetzA and VDE approve it (k = 2); returns the submission. Not PTB or
     * BSI: their services send checkpoint transactions from those accounts, and two senders of one
     * account race for its nonces.
     */
    private static GrantSubmission grant(String subject, Role role, KeyPair key, long validitySeconds) throws Exception {
        byte[] spki = ML_DSA_65.encodePublicKey(key.getPublic());
        long now = chain.time();
        GrantSubmission s = new GrantSubmission(SubjectId.parse(subject), role, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(spki), new byte[32], now - 60, now + validitySeconds, spki);
        RegistryClient.connect(web3j, Address.fromHex(registry), REGISTRAR, EmbeddedChain.CHAIN_ID).requestGrant(s);
        RegistryClient.connect(web3j, Address.fromHex(registry), BNETZA, EmbeddedChain.CHAIN_ID).approve(s.requestId());
        RegistryClient.connect(web3j, Address.fromHex(registry), VDE, EmbeddedChain.CHAIN_ID).approve(s.requestId());
        return s;
    }

    /** An authority service whose chain worker signs and publishes a checkpoint every INTERVAL blocks. */
    private static AuthorityService checkpointService(String name, Credentials account, String subject, KeyPair key)
            throws Exception {
        CheckpointSigner.Settings signer = new CheckpointSigner.Settings(new RpcHeaderSource(new org.web3j.protocol.http.HttpService(chain.rpcUrl())),
                CheckpointClient.connect(web3j, Address.fromHex(checkpoints), account, EmbeddedChain.CHAIN_ID), EmbeddedChain.CHAIN_ID,
                INTERVAL, SubjectId.parse(subject), key);
        return AuthorityService.start(new AuthorityService.Settings(name,
                new AuthorityPolicy(Set.of(Role.METER), Set.of(KeyAlgorithm.ML_DSA_65), false, 730),
                new CallerDirectory(List.of()), AttestationCheck.unavailable(), dir.resolve(name + ".db"),
                RegistryClient.connect(web3j, Address.fromHex(registry), account, EmbeddedChain.CHAIN_ID), Clock.systemUTC(), 300, signer),
                "127.0.0.1", 0);
    }

    private static KeyPair deviceKey(String seed) {
        return ML_DSA_65.fromSeed(Hash.sha3(seed.getBytes()));
    }

    private static byte[] spki(KeyPair key) {
        return ML_DSA_65.encodePublicKey(key.getPublic());
    }

    private static MirrorClient client(Path anchor, String store) throws Exception {
        MirrorClient client = MirrorClient.open(MirrorConfig.of(anchor, mirrorUrl).withStore(dir.resolve(store))
                .withRegistry(Address.fromHex(registry)));
        return client;
    }

    /** Syncs until the client's decision block is at least the chain's current height. */
    private static void syncPast(MirrorClient client, long number) throws Exception {
        EmbeddedChain.await("mirror client at block " + number, java.time.Duration.ofSeconds(30), () -> {
            try {
                client.sync();
            } catch (java.io.IOException e) {
                return false;
            }
            return client.decisionBlock() != null && client.decisionBlock().number() >= number;
        });
    }

    @Test
    void decisionsFollowGrantsRevocationsAndExpiry() throws Exception {
        KeyPair meterA = deviceKey("meter-71");
        KeyPair meterB = deviceKey("meter-72");
        KeyPair meterC = deviceKey("meter-73");
        grant("1ESY1160000071", Role.METER, meterA, 365 * 86_400L);
        GrantSubmission revoked = grant("1ESY1160000072", Role.METER, meterB, 365 * 86_400L);
        GrantSubmission expiring = grant("1ESY1160000073", Role.METER, meterC, 6);
        try (MirrorClient client = client(sealsAnchor, "seals-store")) {
            syncPast(client, chain.height());
            CheckResult granted = client.check(SubjectId.parse("1ESY1160000071"), Role.METER, spki(meterA));
            assertEquals(Decision.GRANTED, granted.decision(), granted::toString);
            assertTrue(granted.proofBytes() > 0);
            assertEquals(Decision.WRONG_KEY, client.check(SubjectId.parse("1ESY1160000071"), Role.METER, spki(meterB)).decision());
            assertEquals(Decision.WRONG_ROLE, client.check(SubjectId.parse("1ESY1160000071"), Role.SMGW, spki(meterA)).decision());
            assertEquals(Decision.UNKNOWN, client.check(SubjectId.parse("1ESY1160000079"), Role.METER, spki(meterA)).decision());
            assertEquals(Decision.GRANTED, client.check(SubjectId.parse("1ESY1160000072"), Role.METER, spki(meterB)).decision());

            // One authority revokes (r = 1); once a block with it is verified, the client says REVOKED.
            RegistryClient.connect(web3j, Address.fromHex(registry), VDE, EmbeddedChain.CHAIN_ID).revoke(revoked.subject(), "meter stolen");
            syncPast(client, chain.height());
            assertEquals(Decision.REVOKED, client.check(SubjectId.parse("1ESY1160000072"), Role.METER, spki(meterB)).decision());

            chain.awaitTime(expiring.notAfter() + 1);
            syncPast(client, chain.height());
            assertEquals(Decision.EXPIRED, client.check(SubjectId.parse("1ESY1160000073"), Role.METER, spki(meterC)).decision());
            assertEquals(Decision.GRANTED, client.check(SubjectId.parse("1ESY1160000071"), Role.METER, spki(meterA)).decision());
        }
    }

    @Test
    void cliChecksAgainstTheMirrorNode() throws Exception {
        KeyPair meter = deviceKey("meter-74");
        grant("1ESY1160000074", Role.METER, meter, 365 * 86_400L);
        Path keyFile = dir.resolve("meter-74.spki");
        Files.write(keyFile, spki(meter));
        Path store = dir.resolve("cli-store");
        CliRun synced = CliRun.of("mirror", "sync", "--rpc", mirrorUrl, "--anchor", sealsAnchor.toString(), "--store", store.toString(), "--json");
        assertEquals(0, synced.code(), synced.err() + synced.out());
        assertTrue(synced.json().get("toNumber").asLong() > 0);

        CliRun granted = CliRun.of("mirror", "check", "--rpc", mirrorUrl, "--anchor", sealsAnchor.toString(), "--store", store.toString(),
                "--registry", registry, "--id", "1ESY1160000074", "--role", "meter", "--key", keyFile.toString(), "--json");
        assertEquals(0, granted.code(), granted.err() + granted.out());
        JsonNode json = granted.json();
        assertEquals("GRANTED", json.get("decision").asText());
        assertTrue(json.get("blockNumber").asLong() > 0);
        assertTrue(json.get("blockHash").asText().startsWith("0x"));
        assertTrue(json.get("proofBytes").asInt() > 0);
        assertTrue(json.has("millis"));

        CliRun unknown = CliRun.of("mirror", "check", "--rpc", mirrorUrl, "--anchor", sealsAnchor.toString(), "--store", store.toString(),
                "--registry", registry, "--id", "1ESY1160000078", "--role", "meter", "--json");
        assertEquals(1, unknown.code());
        assertEquals("UNKNOWN", unknown.json().get("decision").asText());
    }

    private Path pqcAnchor(String mode, int threshold, KeyPair... authorities) throws Exception {
        Path anchor = dir.resolve("anchor-" + mode + "-" + authorities.length + "-" + threshold + ".json");
        List<String> args = new ArrayList<>(List.of("mirror", "anchor", "--genesis", chain.dir.resolve("genesis.json").toString(),
                "--out", anchor.toString(), "--trust", mode, "--threshold", Integer.toString(threshold),
                "--checkpoint-registry", checkpoints));
        for (int i = 0; i < authorities.length; i++) {
            Path key = dir.resolve("authority-" + mode + "-" + i + ".spki");
            Files.write(key, spki(authorities[i]));
            args.addAll(List.of("--authority-key", key.toString()));
        }
        CliRun result = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, result.code(), result.err());
        return anchor;
    }

    @Test
    void pqcCheckpointsPublishedByTheAuthoritiesCarryTheDecision() throws Exception {
        KeyPair meter = deviceKey("meter-75");
        grant("1ESY1160000075", Role.METER, meter, 365 * 86_400L);
        Path keyFile = dir.resolve("meter-75.spki");
        Files.write(keyFile, spki(meter));
        for (String mode : List.of("pqc-checkpoints", "both")) {
            Path anchor = pqcAnchor(mode, 2, PTB_CHECKPOINT_KEY, BSI_CHECKPOINT_KEY);
            Path store = dir.resolve("store-" + mode);
            long height = chain.height();
            // The services sign a checkpoint once the chain is past it; wait for one above the grant.
            EmbeddedChain.await("a checkpoint above block " + height, java.time.Duration.ofSeconds(30), () -> {
                CliRun check = CliRun.of("mirror", "check", "--rpc", mirrorUrl, "--anchor", anchor.toString(), "--store", store.toString(),
                        "--registry", registry, "--id", "1ESY1160000075", "--role", "meter", "--key", keyFile.toString(), "--json");
                try {
                    return check.code() == 0 && check.json().get("blockNumber").asLong() >= height;
                } catch (Exception e) {
                    return false;
                }
            });
            CliRun check = CliRun.of("mirror", "check", "--rpc", mirrorUrl, "--anchor", anchor.toString(), "--store", store.toString(),
                    "--registry", registry, "--id", "1ESY1160000075", "--role", "meter", "--key", keyFile.toString(), "--json");
            assertEquals("GRANTED", check.json().get("decision").asText(), check.out());
            assertEquals(0, check.json().get("blockNumber").asLong() % INTERVAL, "decided at a checkpoint block (" + mode + ")");
        }
    }

    @Test
    void checkpointsNotSignedByKAnchoredAuthoritiesAreNotAccepted() throws Exception {
        // The anchor trusts PTB and an authority that never signs, k = 2: PTB's signatures alone are not enough.
        Path anchor = pqcAnchor("pqc-checkpoints", 2, PTB_CHECKPOINT_KEY, deviceKey("not-an-authority"));
        try (MirrorClient client = client(anchor, "pqc-refused-store")) {
            client.sync();
            assertTrue(client.lastCheckpointVerdict() != null && !client.lastCheckpointVerdict().valid(),
                    () -> String.valueOf(client.lastCheckpointVerdict()));
            assertEquals(Decision.STALE_VIEW, client.check(SubjectId.parse("1ESY1160000071"), Role.METER, null).decision());
        }
        // With k = 1 of the same keys, PTB's signature suffices.
        Path one = pqcAnchor("pqc-checkpoints", 1, PTB_CHECKPOINT_KEY, deviceKey("not-an-authority"));
        try (MirrorClient client = client(one, "pqc-one-store")) {
            syncPast(client, INTERVAL);
            assertTrue(client.lastCheckpointVerdict().valid(), () -> client.lastCheckpointVerdict().toString());
            assertEquals(1, client.lastCheckpointVerdict().validSignatures());
        }
    }
}
