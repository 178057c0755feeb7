package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/** {@code bcpki grant ...} over HTTP JSON-RPC against the registry on chain-node's embedded QBFT network. */
class GrantCommandTest {
    @TempDir
    static Path chainDir;
    @TempDir
    Path dir;
    private static EmbeddedChain chain;
    private static String registry;
    private static final Credentials ptb = TestAccounts.named("ptb");
    private static final Credentials bsi = TestAccounts.named("bsi");
    private static final Credentials registrar = TestAccounts.named("registrar");
    private static final Credentials manufacturer = TestAccounts.named("manufacturer");

    @BeforeAll
    static void start() throws Exception {
        chain = EmbeddedChain.start(chainDir);
        Web3j web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID,
                RegistrySetup.withDefaults(List.of(
                        new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER)),
                        new RegistrySetup.Seat(bsi.getAddress(), "BSI", Set.of(Role.values()))),
                        List.of(RegistrySetup.Registrar.anyRole(registrar.getAddress())),
                        List.of(manufacturer.getAddress()))).toHex();
        web3j.shutdown();
    }

    @AfterAll
    static void stop() {
        chain.close();
    }

    private Path keyFile(Credentials account) throws Exception {
        return TestKeyFiles.accountKey(dir, account);
    }

    private String[] chainArgs(String command, String... rest) {
        String[] base = {"grant", command, "--rpc", chain.rpcUrl(), "--registry", registry};
        String[] all = new String[base.length + rest.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(rest, 0, all, base.length, rest.length);
        return all;
    }

    @Test
    void requestApproveShowRevoke() throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        Path publicKey = dir.resolve("meter.spki");
        Files.write(publicKey, suite.encodePublicKey(suite.fromSeed(Hash.sha3("meter-61".getBytes())).getPublic()));

        CliRun requested = CliRun.of(chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", "1ESY1160000061",
                "--role", "meter", "--public-key", publicKey.toString(), "--json"));
        assertEquals(0, requested.code(), requested.err() + requested.out());
        String requestId = requested.json().get("requestId").asText();
        assertEquals("ML-DSA-65", requested.json().get("algorithm").asText());

        CliRun duplicate = CliRun.of(chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", "1ESY1160000061",
                "--role", "meter", "--public-key", publicKey.toString(), "--not-before",
                requested.json().get("notBefore").asText()));
        assertEquals(1, duplicate.code());
        assertTrue(duplicate.err().contains("RequestExists"), duplicate.err());

        CliRun notAuthority = CliRun.of(chainArgs("approve", "--key", keyFile(registrar).toString(), "--request-id", requestId));
        assertEquals(1, notAuthority.code());
        assertTrue(notAuthority.err().contains("NotAuthority"), notAuthority.err());
        assertFalse(notAuthority.err().contains("\tat "));

        CliRun first = CliRun.of(chainArgs("approve", "--key", keyFile(ptb).toString(), "--request-id", requestId, "--json"));
        assertEquals(0, first.code(), first.err());
        assertEquals("PENDING", first.json().get("requestState").asText());
        CliRun second = CliRun.of(chainArgs("approve", "--key", keyFile(bsi).toString(), "--request-id", requestId));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("ACTIVATED"), second.out());

        CliRun shown = CliRun.of(chainArgs("show", "--subject", "1ESY1160000061", "--json"));
        assertEquals(0, shown.code(), shown.err());
        JsonNode record = shown.json();
        assertEquals("ACTIVE", record.get("status").asText());
        assertEquals("METER", record.get("role").asText());
        assertEquals(1, record.get("version").asInt());
        assertEquals(requested.json().get("keyHash").asText(), record.get("keyHash").asText());
        assertTrue(CliRun.of(chainArgs("show", "--subject", "1ESY1160000061")).out().contains("status     ACTIVE"));

        CliRun revoked = CliRun.of(chainArgs("revoke", "--key", keyFile(ptb).toString(), "--subject", "1ESY1160000061",
                "--reason", "meter stolen", "--json"));
        assertEquals(0, revoked.code(), revoked.err());
        assertEquals("REVOKED", revoked.json().get("status").asText());
        assertEquals("REVOKED", CliRun.of(chainArgs("show", "--subject", "1ESY1160000061", "--json")).json().get("status").asText());
    }

    @Test
    @DisplayName("finding 1: a request citing an unanchored enrollment is refused; 'grant anchor' by the enroller lets it through")
    void anchorThenRequest() throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        Path publicKey = dir.resolve("meter63.spki");
        Files.write(publicKey, suite.encodePublicKey(suite.fromSeed(Hash.sha3("meter-63".getBytes())).getPublic()));
        String attestation = "0x" + "63".repeat(32);
        String[] request = chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", "1ESY1160000063",
                "--role", "meter", "--public-key", publicKey.toString(), "--attestation-hash", attestation,
                "--not-before", "1900000000");
        CliRun unanchored = CliRun.of(request);
        assertEquals(1, unanchored.code());
        assertTrue(unanchored.err().contains("EnrollmentNotAnchored"), unanchored.err());

        CliRun byRegistrar = CliRun.of(chainArgs("anchor", "--key", keyFile(registrar).toString(), "--subject",
                "1ESY1160000063", "--attestation-hash", attestation));
        assertEquals(1, byRegistrar.code());
        assertTrue(byRegistrar.err().contains("NotEnroller"), byRegistrar.err());

        CliRun anchored = CliRun.of(chainArgs("anchor", "--key", keyFile(manufacturer).toString(), "--subject",
                "1ESY1160000063", "--attestation-hash", attestation, "--json"));
        assertEquals(0, anchored.code(), anchored.err() + anchored.out());
        assertEquals(attestation, anchored.json().get("attestationHash").asText());
        CliRun requested = CliRun.of(request);
        assertEquals(0, requested.code(), requested.err() + requested.out());
    }

    @Test
    void negativeResultsAndUsageErrors() throws Exception {
        CliRun unknown = CliRun.of(chainArgs("show", "--subject", "1ESY1160000062", "--json"));
        assertEquals(1, unknown.code(), "no grant is a negative result");
        assertEquals("NONE", unknown.json().get("status").asText());

        assertEquals(2, CliRun.of(chainArgs("show", "--subject", "1XY")).code());
        assertEquals(2, CliRun.of(chainArgs("approve", "--request-id", "0x12")).code());
        assertEquals(2, CliRun.of(chainArgs("approve", "--request-id", "0x" + "11".repeat(32))).code(), "--key missing");
        assertEquals(2, CliRun.of("grant", "show", "--rpc", chain.rpcUrl(), "--registry", "0x1234", "--subject", "1ESY1160000062").code());
        assertEquals(2, CliRun.of("grant").code());

        CliRun down = CliRun.of("grant", "show", "--rpc", "http://127.0.0.1:1", "--registry", registry, "--subject", "1ESY1160000062");
        assertEquals(1, down.code());
        assertTrue(down.err().contains("cannot reach the node"), down.err());
    }

    @Test
    void authorityInitWritesAServiceDirectory() throws Exception {
        Path service = dir.resolve("ptb-service");
        CliRun init = CliRun.of("authority", "init", "--dir", service.toString(), "--registry", registry, "--json");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.json().get("account").asText().startsWith("0x"));
        for (String file : new String[] {"authority.json", "account.key", "policy.json", "callers.json"}) {
            assertTrue(Files.exists(service.resolve(file)), file);
        }
        assertEquals(2, CliRun.of("authority", "init", "--dir", service.toString(), "--registry", registry).code(),
                "never overwrites an account key");
        CliRun unreachable = CliRun.of("authority", "serve", "--dir", service.toString(), "--name", "PTB", "--rpc", "http://127.0.0.1:1");
        assertEquals(2, unreachable.code());
        assertTrue(unreachable.err().contains("cannot reach the node"), unreachable.err());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 1: bcpki authority status/request/decide show a held re-key and record the operator's audited decision")
    void operatorsDecideHeldRekeysFromTheCli() throws Exception {
        String meter = "1ESY1160000064";
        SignatureSuite mlDsa = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        Path holderKey = dir.resolve("holder.spki");
        Files.write(holderKey, mlDsa.encodePublicKey(mlDsa.fromSeed(Hash.sha3("meter-63".getBytes())).getPublic()));
        String requestId = CliRun.of(chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", meter,
                "--role", "meter", "--public-key", holderKey.toString(), "--json")).json().get("requestId").asText();
        assertEquals(0, CliRun.of(chainArgs("approve", "--key", keyFile(ptb).toString(), "--request-id", requestId)).code());
        assertEquals(0, CliRun.of(chainArgs("approve", "--key", keyFile(bsi).toString(), "--request-id", requestId)).code());

        SignatureSuite ecdsa = SignatureSuite.of(KeyAlgorithm.ECDSA_P256);
        java.security.KeyPair lab = ecdsa.fromSeed(Hash.sha3("lab-1".getBytes()));
        byte[] opsSeed = Hash.sha3("ops-1".getBytes());
        Path opsKey = TestKeyFiles.seed(dir, "ops-1"); // the seed opsSeed, as a key file
        org.bcpki.authority.CallerDirectory callers = new org.bcpki.authority.CallerDirectory(List.of(
                new org.bcpki.authority.Caller("lab-1", org.bcpki.authority.Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256,
                        ecdsa.encodePublicKey(lab.getPublic())),
                new org.bcpki.authority.Caller("ops-1", org.bcpki.authority.Caller.Kind.OPERATOR, KeyAlgorithm.ML_DSA_65,
                        mlDsa.encodePublicKey(mlDsa.fromSeed(opsSeed).getPublic()))));
        Web3j web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        var settings = new org.bcpki.authority.AuthorityService.Settings("PTB",
                new org.bcpki.authority.AuthorityPolicy(Set.of(Role.METER), Set.of(KeyAlgorithm.ML_DSA_65), false, 730),
                callers, org.bcpki.authority.AttestationCheck.unavailable(), dir.resolve("ptb.db"),
                RegistryClient.connect(web3j, Address.fromHex(registry), ptb, EmbeddedChain.CHAIN_ID), java.time.Clock.systemUTC(), 0, null);
        try (var service = org.bcpki.authority.AuthorityService.start(settings, "127.0.0.1", 0)) {
            String url = "http://127.0.0.1:" + service.port();
            // A registrar's own key for the ACTIVE meter: the service holds it.
            JsonNode challenge = post(url, "/v1/challenges", new byte[0], lab);
            String nonce = challenge.get("challenge").asText();
            java.security.KeyPair attacker = mlDsa.fromSeed(Hash.sha3("attacker-63".getBytes()));
            byte[] pop = mlDsa.sign(attacker.getPrivate(), org.bcpki.authority.RequestSignature.proofOfPossessionBytes(nonce,
                    org.bcpki.core.identity.SubjectId.parse(meter).toHex()));
            long start = chain.time() - 60;
            var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("subject", meter)
                    .put("role", "METER").put("algorithm", "ML-DSA-65")
                    .put("publicKey", java.util.Base64.getEncoder().encodeToString(mlDsa.encodePublicKey(attacker.getPublic())))
                    .put("challenge", nonce).put("proofOfPossession", java.util.Base64.getEncoder().encodeToString(pop))
                    .put("notBefore", start).put("notAfter", start + 365 * 86_400L);
            JsonNode held = post(url, "/v1/grant-requests", body.toString().getBytes(), lab);
            assertEquals("HELD", held.get("state").asText(), held::toString);
            String heldId = held.get("id").asText();

            CliRun status = CliRun.of("authority", "status", "--url", url);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("held re-keys         1"), status.out());

            assertEquals(2, CliRun.of("authority", "decide", "--url", url, "--id", heldId, "--key-id", "ops-1",
                    "--key", opsKey.toString(), "--reject").code(), "a decision needs a reason");
            CliRun rejected = CliRun.of("authority", "decide", "--url", url, "--id", heldId, "--key-id", "ops-1",
                    "--key", opsKey.toString(), "--reject", "--reason", "no device exchange on record");
            assertEquals(0, rejected.code(), rejected.err());
            assertTrue(rejected.out().contains("REJECTED"), rejected.out());
            CliRun again = CliRun.of("authority", "decide", "--url", url, "--id", heldId, "--key-id", "ops-1",
                    "--key", opsKey.toString(), "--approve", "--reason", "second thoughts");
            assertEquals(1, again.code());
            assertTrue(again.err().contains("not held"), again.err());

            CliRun shown = CliRun.of("authority", "request", "--url", url, "--id", heldId);
            assertEquals(0, shown.code(), shown.err());
            assertTrue(shown.out().contains("decision  reject by ops-1"), shown.out());
            assertTrue(shown.out().contains("no device exchange on record"), shown.out());
            service.processChainWork();
        } finally {
            web3j.shutdown();
        }
        CliRun record = CliRun.of(chainArgs("show", "--subject", meter, "--json"));
        assertEquals("0x" + java.util.HexFormat.of().formatHex(SignatureSuite.keyHash(Files.readAllBytes(holderKey))),
                record.json().get("keyHash").asText(), "the meter keeps its key");
    }

    /** A signed POST as registrar lab-1 (what registrar tooling sends). */
    private static JsonNode post(String url, String path, byte[] body, java.security.KeyPair lab) throws Exception {
        var headers = org.bcpki.authority.RequestSignature.headers(SignatureSuite.of(KeyAlgorithm.ECDSA_P256), lab.getPrivate(),
                "lab-1", "POST", path, body, java.time.Instant.now().getEpochSecond(), java.util.UUID.randomUUID().toString().replace("-", ""));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        String answer = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer);
    }
}
