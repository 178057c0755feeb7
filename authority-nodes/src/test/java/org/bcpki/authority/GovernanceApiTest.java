package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

/**
 * The authority service's consortium operations over signed HTTP: operators of two authorities
 * propose and approve a governance change, and suspend and reinstate a grant; registrars, anonymous
 * callers, malformed bodies and the registry's refusals each get their status and the services keep
 * serving.
 */
class GovernanceApiTest {
    @TempDir
    static Path chainDir;
    @TempDir
    static Path dir;
    private static AuthorityNetwork network;
    private static AuthorityService ptb;
    private static AuthorityService bsi;

    @BeforeAll
    static void start() throws Exception {
        network = new AuthorityNetwork(chainDir);
        AuthorityPolicy policy = AuthorityNetwork.policy(Set.of(Role.METER), false);
        ptb = AuthorityService.start(network.settings("PTB", network.ptb, policy, AttestationCheck.unavailable(),
                dir.resolve("ptb.db")), "127.0.0.1", 0);
        bsi = AuthorityService.start(network.settings("BSI", network.bsi, policy, AttestationCheck.unavailable(),
                dir.resolve("bsi.db")), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        ptb.close();
        bsi.close();
        network.close();
    }

    private static ApiClient.Reply asOperator(AuthorityService service, String path, String body) throws Exception {
        return client(service).postSigned(path, body.getBytes(StandardCharsets.UTF_8), "ops-1", KeyAlgorithm.ML_DSA_65,
                AuthorityNetwork.OPS_KEY);
    }

    private static ApiClient client(AuthorityService service) {
        return new ApiClient(service.port(), () -> Instant.now().getEpochSecond());
    }

    @Test
    void operatorsProposeAndApproveAndOthersAreRefused() throws Exception {
        String lab = "0x00000000000000000000000000000000000000a7";
        String proposal = "{\"kind\":\"add-registrar\",\"account\":\"" + lab + "\",\"roles\":[\"meter\"]}";
        ApiClient.Reply registrar = client(ptb).postSigned("/v1/governance/proposals", proposal.getBytes(StandardCharsets.UTF_8),
                "lab-1", KeyAlgorithm.ECDSA_P256, AuthorityNetwork.LAB_KEY);
        assertEquals(403, registrar.status(), registrar.body().toString());
        assertEquals(401, client(ptb).post("/v1/governance/proposals", proposal.getBytes(StandardCharsets.UTF_8), Map.of())
                .status());
        assertEquals(400, asOperator(ptb, "/v1/governance/proposals", "{\"kind\":\"add-wizard\"}").status());
        assertEquals(400, asOperator(ptb, "/v1/governance/proposals", "{\"kind\":\"add-registrar\",\"roles\":[\"meter\"]}")
                .status());
        assertEquals(400, asOperator(ptb, "/v1/governance/proposals", "{\"kind\":\"set-thresholds\",\"grant\":\"2\"}").status());

        ApiClient.Reply proposed = asOperator(ptb, "/v1/governance/proposals", proposal);
        assertEquals(201, proposed.status(), proposed.body().toString());
        long id = proposed.body().get("proposalId").asLong();
        assertFalse(proposed.body().get("executed").asBoolean());
        ApiClient.Reply approved = asOperator(bsi, "/v1/governance/proposals/" + id + "/approval", "");
        assertEquals(200, approved.status(), approved.body().toString());
        assertTrue(approved.body().get("executed").asBoolean());
        ApiClient.Reply again = asOperator(ptb, "/v1/governance/proposals/" + id + "/approval", "");
        assertEquals(409, again.status());
        assertEquals("ProposalAlreadyExecuted", again.body().get("error").asText(), again.body().toString());
        assertEquals("UnknownProposal", asOperator(bsi, "/v1/governance/proposals/999/approval", "").body().get("error").asText());
        assertEquals(400, asOperator(bsi, "/v1/governance/proposals/one/approval", "").status());

        ApiClient.Reply listed = client(bsi).get("/v1/governance/proposals");
        assertEquals(200, listed.status());
        assertEquals(1, listed.body().get("count").asInt());
        assertEquals("add-registrar", listed.body().get("proposals").get(0).get("kind").asText());
        assertEquals(lab, listed.body().get("proposals").get(0).get("target").asText());
        assertEquals(200, client(ptb).get("/v1/health").status());
    }

    @Test
    void theServedDescriptionNamesEveryRouteAndNothingElse() throws Exception {
        java.net.http.HttpResponse<String> served = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + ptb.port() + "/openapi.yaml"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        var description = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(served.body());
        Set<String> described = new java.util.TreeSet<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                described.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        assertEquals(new java.util.TreeSet<>(ptb.routes()), described);
    }

    @Test
    void operatorsSuspendAndReinstate() throws Exception {
        SubjectId subject = SubjectId.parse("1ESY1160000091");
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        KeyPair key = suite.fromSeed(Hash.sha3("meter-91".getBytes()));
        byte[] spki = suite.encodePublicKey(key.getPublic());
        long now = Instant.now().getEpochSecond();
        GrantSubmission grant = new GrantSubmission(subject, Role.METER, KeyAlgorithm.ML_DSA_65, SignatureSuite.keyHash(spki),
                new byte[32], now - 60, now + 86_400, spki);
        network.client(network.registrarAccount).requestGrant(grant);
        network.client(network.ptb).approve(grant.requestId());
        network.client(network.bsi).approve(grant.requestId());

        String body = "{\"subject\":\"1ESY1160000091\",\"reason\":\"tamper alarm\"}";
        ApiClient.Reply suspended = asOperator(ptb, "/v1/suspensions", body);
        assertEquals(200, suspended.status(), suspended.body().toString());
        assertEquals("SUSPENDED", suspended.body().get("status").asText());
        assertEquals("GrantNotActive", asOperator(bsi, "/v1/suspensions", body).body().get("error").asText());
        assertEquals(400, asOperator(bsi, "/v1/suspensions", "{\"subject\":\"1ESY1160000091\"}").status());
        assertEquals(400, asOperator(bsi, "/v1/reinstatements", "{\"subject\":\"\\u0007\"}").status());

        ApiClient.Reply reinstated = asOperator(bsi, "/v1/reinstatements", "{\"subject\":\"1ESY1160000091\"}");
        assertEquals(200, reinstated.status(), reinstated.body().toString());
        assertEquals("ACTIVE", reinstated.body().get("status").asText());
        RegistryClient reader = network.client(TestAccounts.named("deployer"));
        assertEquals("ACTIVE", reader.grant(subject).status().name());
    }
}
