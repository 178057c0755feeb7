package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * {@code bcpki governance …} and {@code bcpki grant suspend|reinstate|rotate} on the embedded network,
 * with the gateway's light client watching: a fourth authority added and approving a grant, the grant
 * threshold raised, an authority removed whose earlier and later votes no longer count, a suspension
 * the light client sees at the first verified block that holds it, reinstatement, and a rotation after
 * which the old key is refused. One story, in order: each step builds on the state the one before left.
 * "Seen in the first block" means: the light client's first decision at a verified block at or after
 * the transaction's is already the new one.
 */
class GovernanceCommandTest {
    @TempDir
    static Path dir;
    private static EmbeddedChain chain;
    private static Web3j web3j;
    private static String registry;
    private static String mirrorUrl;
    private static Path anchor;
    private static final Credentials PTB = TestAccounts.named("ptb");
    private static final Credentials BSI = TestAccounts.named("bsi");
    private static final Credentials GWA = TestAccounts.named("gwa");
    private static final Credentials VDE = TestAccounts.named("vde");
    private static final Credentials REGISTRAR = TestAccounts.named("registrar");
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    @BeforeAll
    static void start() throws Exception {
        chain = EmbeddedChain.start(dir.resolve("net"), 1, 1);
        mirrorUrl = chain.rpcUrl("mirror-1");
        web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        // k = 2 of 3 for grants and governance, r = 1
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID,
                RegistrySetup.withDefaults(List.of(
                        new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER)),
                        new RegistrySetup.Seat(BSI.getAddress(), "BSI", Set.of(Role.values())),
                        new RegistrySetup.Seat(GWA.getAddress(), "GWA", Set.of(Role.METER, Role.SMGW))),
                        List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of())).toHex();
        anchor = dir.resolve("anchor.json");
        CliRun written = CliRun.of("mirror", "anchor", "--genesis", chain.dir.resolve("genesis.json").toString(),
                "--out", anchor.toString(), "--json");
        assertEquals(0, written.code(), written.err());
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        chain.close();
    }

    @Test
    void consortiumChangesAndLifecycleAsTheGatewaySeesThem() throws Exception {
        assertEquals(0, governance("list", null, "--json").json().get("count").asInt());

        // A fourth authority: PTB proposes (its approval counts), BSI's approval executes it.
        CliRun proposed = governance("propose", PTB, "add-authority", "--account", VDE.getAddress(), "--name", "VDE",
                "--roles", "meter,authority", "--json");
        assertEquals(0, proposed.code(), proposed.err());
        long addVde = proposed.json().get("proposalId").asLong();
        assertEquals(1, proposed.json().get("approvals").asInt());
        assertFalse(proposed.json().get("executed").asBoolean());
        CliRun executed = governance("approve", BSI, Long.toString(addVde), "--json");
        assertEquals(0, executed.code(), executed.err());
        assertTrue(executed.json().get("executed").asBoolean(), executed.out());

        // The new authority approves a grant, with PTB: 2 of 4.
        KeyPair meter1 = deviceKey("meter-1");
        String request1 = request("1ESY1160000081", meter1);
        approve(request1, VDE, "PENDING");
        approve(request1, PTB, "ACTIVATED");

        // Bad input: clear errors, exit codes, no stack traces.
        assertRefused(governance("approve", GWA, Long.toString(addVde)), 1, "ProposalAlreadyExecuted");
        assertRefused(governance("approve", GWA, "999"), 1, "UnknownProposal");
        assertRefused(governance("approve", REGISTRAR, "1"), 1, "NotAuthority");
        assertRefused(governance("propose", PTB, "add-wizard", "--account", VDE.getAddress()), 2, "unknown proposal kind");
        assertRefused(governance("propose", PTB, "remove-authority"), 2, "--account");
        assertRefused(governance("propose", PTB, "add-registrar", "--account", "0x1234", "--roles", "meter"), 2, "--account");
        assertRefused(governance("propose", PTB, "add-authority", "--account", VDE.getAddress(), "--name", "X",
                "--roles", "wizard"), 2, "unknown role");

        // k = 3: PTB proposes, GWA executes.
        long thresholds = governance("propose", PTB, "set-thresholds", "--grant", "3", "--revocation", "1",
                "--governance", "2", "--json").json().get("proposalId").asLong();
        assertTrue(governance("approve", GWA, Long.toString(thresholds), "--json").json().get("executed").asBoolean());
        KeyPair meter2 = deviceKey("meter-2");
        String request2 = request("1ESY1160000082", meter2);
        approve(request2, PTB, "PENDING");
        approve(request2, BSI, "PENDING");
        approve(request2, VDE, "ACTIVATED");

        // GWA votes on a request, then is removed: its vote no longer counts, and it can vote no more.
        KeyPair meter3 = deviceKey("meter-3");
        String request3 = request("1ESY1160000083", meter3);
        approve(request3, GWA, "PENDING");
        long removeGwa = governance("propose", BSI, "remove-authority", "--account", GWA.getAddress(), "--json")
                .json().get("proposalId").asLong();
        assertTrue(governance("approve", VDE, Long.toString(removeGwa), "--json").json().get("executed").asBoolean());
        approve(request3, PTB, "PENDING");
        approve(request3, BSI, "PENDING"); // GWA's earlier vote would have made this the third
        assertRefused(grant("approve", GWA, "--request-id", request3), 1, "NotAuthority");
        approve(request3, VDE, "ACTIVATED");

        CliRun listed = governance("list", null, "--json");
        assertEquals(3, listed.json().get("count").asInt());
        assertEquals("remove-authority", listed.json().get("proposals").get(2).get("kind").asText());
        assertTrue(governance("list", null).out().contains("set-thresholds"));

        // Suspension, reinstatement and rotation, as the gateway's light client sees them.
        SubjectId subject = SubjectId.parse("1ESY1160000081");
        try (MirrorClient client = MirrorClient.open(MirrorConfig.of(anchor, mirrorUrl).withStore(dir.resolve("store"))
                .withRegistry(Address.fromHex(registry)))) {
            assertEquals(Decision.GRANTED, decisionAfter(client, subject, spki(meter1), chain.height()).decision());

            CliRun suspended = grant("suspend", PTB, "1ESY1160000081", "--reason", "tamper alarm", "--json");
            assertEquals(0, suspended.code(), suspended.err());
            assertEquals("SUSPENDED", suspended.json().get("status").asText());
            long suspendedIn = suspended.json().get("blockNumber").asLong();
            CheckResult seen = decisionAfter(client, subject, spki(meter1), suspendedIn);
            assertEquals(Decision.SUSPENDED, seen.decision(), seen::toString);
            assertTrue(seen.blockNumber() >= suspendedIn, seen::toString);
            assertRefused(grant("suspend", BSI, "1ESY1160000081", "--reason", "again"), 1, "GrantNotActive");

            CliRun reinstated = grant("reinstate", BSI, "1ESY1160000081", "--json");
            assertEquals(0, reinstated.code(), reinstated.err());
            assertEquals(Decision.GRANTED, decisionAfter(client, subject, spki(meter1),
                    reinstated.json().get("blockNumber").asLong()).decision());
            assertRefused(grant("reinstate", BSI, "1ESY1160000081"), 1, "NotSuspended");

            KeyPair replacement = deviceKey("meter-1-replacement");
            Path newKey = dir.resolve("replacement.spki");
            Files.write(newKey, spki(replacement));
            CliRun rotation = grant("rotate", REGISTRAR, "1ESY1160000081", "--public-key", newKey.toString(), "--json");
            assertEquals(0, rotation.code(), rotation.err());
            String rotationId = rotation.json().get("requestId").asText();
            approve(rotationId, PTB, "PENDING");
            approve(rotationId, BSI, "PENDING");
            assertEquals(Decision.GRANTED, decisionAfter(client, subject, spki(meter1), chain.height()).decision(),
                    "the old key holds until the rotation is approved");
            CliRun done = grant("approve", VDE, "--request-id", rotationId, "--json");
            assertEquals(0, done.code(), done.err());
            long rotatedIn = done.json().get("blockNumber").asLong();
            assertEquals(Decision.WRONG_KEY, decisionAfter(client, subject, spki(meter1), rotatedIn).decision());
            assertEquals(Decision.GRANTED, client.check(subject, Role.METER, spki(replacement)).decision());
            assertRefused(grant("rotate", REGISTRAR, "1ESY1160000089", "--public-key", newKey.toString()), 2,
                    "rotate needs an active grant");
        }
    }

    private static CliRun governance(String command, Credentials account, String... rest) throws Exception {
        return CliRun.of(args(new String[] {"governance", command}, account, rest));
    }

    private static CliRun grant(String command, Credentials account, String... rest) throws Exception {
        return CliRun.of(args(new String[] {"grant", command}, account, rest));
    }

    private static String[] args(String[] head, Credentials account, String[] rest) throws Exception {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of("--rpc", chain.rpcUrl(), "--registry", registry));
        if (account != null) {
            all.addAll(List.of("--key", keyFile(account).toString()));
        }
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static Path keyFile(Credentials account) throws Exception {
        return TestKeyFiles.accountKey(dir, account);
    }

    private static String request(String meter, KeyPair key) throws Exception {
        Path publicKey = dir.resolve(meter + ".spki");
        Files.write(publicKey, spki(key));
        CliRun requested = grant("request", REGISTRAR, "--subject", meter, "--role", "meter", "--public-key",
                publicKey.toString(), "--json");
        assertEquals(0, requested.code(), requested.err());
        return requested.json().get("requestId").asText();
    }

    private static void approve(String requestId, Credentials authority, String expectedState) throws Exception {
        CliRun approved = grant("approve", authority, "--request-id", requestId, "--json");
        assertEquals(0, approved.code(), approved.err() + approved.out());
        assertEquals(expectedState, approved.json().get("requestState").asText(), approved.out());
    }

    private static void assertRefused(CliRun run, int code, String reason) {
        assertEquals(code, run.code(), run.out() + run.err());
        assertTrue((run.err() + run.out()).contains(reason), run.err() + run.out());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** Syncs the light client until it decides at {@code block} or later, then decides. */
    private static CheckResult decisionAfter(MirrorClient client, SubjectId subject, byte[] key, long block) {
        EmbeddedChain.await("the light client at block " + block, Duration.ofSeconds(30), () -> {
            try {
                client.sync();
            } catch (java.io.IOException e) {
                return false;
            }
            return client.decisionBlock() != null && client.decisionBlock().number() >= block;
        });
        return client.check(subject, Role.METER, key);
    }

    private static KeyPair deviceKey(String name) {
        return ML_DSA_65.fromSeed(Hash.sha3(name.getBytes()));
    }

    private static byte[] spki(KeyPair key) {
        return ML_DSA_65.encodePublicKey(key.getPublic());
    }
}
