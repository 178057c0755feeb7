package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bcpki.authority.ApiClient.Reply;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

/**
 * Authority services over real HTTP and SQLite, carrying requests to the registry contract executed
 * by go-ethereum's EVM (behind JSON-RPC, through web3j and the generated wrapper).
 */
class AuthorityServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GOOD_EVIDENCE = "puf-evidence-accepted".getBytes(StandardCharsets.UTF_8);
    /** Stands in for puf-attest's verifier (wired at integration): accepts exactly GOOD_EVIDENCE. */
    private static final AttestationVerifier TEST_VERIFIER = (subject, role, key, evidence) ->
            java.util.Arrays.equals(evidence, GOOD_EVIDENCE) ? Optional.empty() : Optional.of("evidence does not match the device");

    @TempDir
    Path dir;
    private AuthorityNetwork network;
    private AuthorityService ptb;
    private ApiClient toPtb;

    @BeforeEach
    void start() throws Exception {
        network = new AuthorityNetwork();
        ptb = startService("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER, Role.SMGW), true), "ptb.db");
        toPtb = client(ptb);
    }

    @AfterEach
    void stop() throws Exception {
        ptb.close();
        network.close();
    }

    private AuthorityService startService(String name, org.web3j.crypto.Credentials account, AuthorityPolicy policy,
                                          String db) throws Exception {
        return AuthorityService.start(network.settings(name, account, policy, TEST_VERIFIER, dir.resolve(db)), "127.0.0.1", 0);
    }

    private ApiClient client(AuthorityService service) {
        return new ApiClient(service.port(), network.chain::time);
    }

    private Reply asLab(ApiClient api, String path, byte[] body) throws Exception {
        return api.postSigned(path, body, "lab-1", KeyAlgorithm.ECDSA_P256, AuthorityNetwork.LAB_KEY);
    }

    private String challenge(ApiClient api) throws Exception {
        Reply reply = asLab(api, "/v1/challenges", new byte[0]);
        assertEquals(201, reply.status(), reply.body()::toString);
        return reply.body().get("challenge").asText();
    }

    /** A meter's grant request body with a device key derived from {@code deviceSeed}. */
    private ObjectNode meterRequest(ApiClient api, String meterId, String deviceSeed, byte[] evidence) throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        KeyPair device = suite.fromSeed(Hash.sha3(deviceSeed.getBytes()));
        String challenge = challenge(api);
        byte[] pop = suite.sign(device.getPrivate(),
                RequestSignature.proofOfPossessionBytes(challenge, SubjectId.parse(meterId).toHex()));
        ObjectNode body = JSON.createObjectNode().put("subject", meterId).put("role", "METER")
                .put("algorithm", "ML-DSA-65")
                .put("publicKey", Base64.getEncoder().encodeToString(suite.encodePublicKey(device.getPublic())))
                .put("challenge", challenge).put("proofOfPossession", Base64.getEncoder().encodeToString(pop))
                .put("notBefore", network.chain.time() - 60).put("notAfter", network.chain.time() + 365 * 86_400L);
        if (evidence != null) {
            body.putObject("attestation").put("evidence", Base64.getEncoder().encodeToString(evidence));
        }
        return body;
    }

    private static byte[] bytes(ObjectNode body) throws Exception {
        return JSON.writeValueAsBytes(body);
    }

    @Test
    void twoAuthoritiesActivateAGrantAndRetriesAreIdempotent() throws Exception {
        ObjectNode request = meterRequest(toPtb, "1ESY1160000051", "device-51", GOOD_EVIDENCE);
        Reply accepted = asLab(toPtb, "/v1/grant-requests", bytes(request));
        assertEquals(201, accepted.status(), accepted.body()::toString);
        String id = accepted.body().get("id").asText();
        assertEquals("ACCEPTED", accepted.body().get("state").asText());

        Reply retry = asLab(toPtb, "/v1/grant-requests", bytes(request));
        assertEquals(200, retry.status(), "a retry returns the stored request");
        assertEquals(id, retry.body().get("id").asText());

        assertEquals(1, ptb.processChainWork(), "approved by PTB, waiting for a second authority");
        Reply afterPtb = toPtb.get("/v1/grant-requests/" + id);
        assertEquals("APPROVED", afterPtb.body().get("state").asText());
        assertTrue(afterPtb.body().get("requestTx").asText().startsWith("0x"));
        assertTrue(afterPtb.body().get("approveTx").asText().startsWith("0x"));
        assertEquals(0, ptb.processChainWork() - 1, "a second pass sends nothing new");

        // The registrar sends the same request to BSI's service (with BSI's challenge).
        try (AuthorityService bsi = startService("BSI", network.bsi, AuthorityNetwork.policy(Set.of(Role.values()), true), "bsi.db")) {
            ApiClient toBsi = client(bsi);
            ObjectNode forBsi = meterRequest(toBsi, "1ESY1160000051", "device-51", GOOD_EVIDENCE);
            forBsi.put("notBefore", request.get("notBefore").asLong()).put("notAfter", request.get("notAfter").asLong());
            Reply atBsi = asLab(toBsi, "/v1/grant-requests", bytes(forBsi));
            assertEquals(201, atBsi.status(), atBsi.body()::toString);
            assertEquals(id, atBsi.body().get("id").asText(), "same content, same registry id");
            assertEquals(0, bsi.processChainWork());
            Reply done = toBsi.get("/v1/grant-requests/" + id);
            assertEquals("ACTIVE", done.body().get("state").asText());
            assertTrue(done.body().get("requestTx").isNull(), "BSI found the request already filed");
        }
        assertEquals(0, ptb.processChainWork());
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertEquals(GrantStatus.ACTIVE, network.client(network.ptb).grant(SubjectId.parse("1ESY1160000051")).status());
    }

    @Test
    void racingRetriesStoreTheRequestOnce() throws Exception {
        byte[] body = bytes(meterRequest(toPtb, "1ESY1160000050", "d50", GOOD_EVIDENCE));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var replies = new java.util.ArrayList<java.util.concurrent.Future<Reply>>();
            for (int i = 0; i < 4; i++) {
                replies.add(pool.submit(() -> asLab(toPtb, "/v1/grant-requests", body)));
            }
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var reply : replies) {
                statuses.add(reply.get().status());
                ids.add(reply.get().body().get("id").asText());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
            assertEquals(3, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
            assertEquals(1, ids.size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void policyRefusalsAreClear422s() throws Exception {
        Reply noEvidence = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, "1ESY1160000052", "d52", null)));
        assertEquals(422, noEvidence.status());
        assertTrue(noEvidence.body().get("message").asText().contains("requires PUF attestation"));

        Reply badEvidence = asLab(toPtb, "/v1/grant-requests",
                bytes(meterRequest(toPtb, "1ESY1160000052", "d52", "forged".getBytes())));
        assertEquals(422, badEvidence.status());
        assertTrue(badEvidence.body().get("message").asText().contains("evidence does not match"));

        ObjectNode emt = meterRequest(toPtb, "1ESY1160000052", "d52", GOOD_EVIDENCE).put("role", "EMT");
        Reply wrongRole = asLab(toPtb, "/v1/grant-requests", bytes(emt));
        assertEquals(422, wrongRole.status());
        assertTrue(wrongRole.body().get("message").asText().contains("does not approve role EMT"));

        ObjectNode wrongAlgorithm = meterRequest(toPtb, "1ESY1160000052", "d52", GOOD_EVIDENCE).put("algorithm", "ML-DSA-87");
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(wrongAlgorithm)).status(), "key is not ML-DSA-87");

        ObjectNode tooLong = meterRequest(toPtb, "1ESY1160000052", "d52", GOOD_EVIDENCE)
                .put("notAfter", network.chain.time() + 800 * 86_400L);
        assertEquals(422, asLab(toPtb, "/v1/grant-requests", bytes(tooLong)).status());

        ObjectNode otherSubject = meterRequest(toPtb, "1ESY1160000052", "d52", GOOD_EVIDENCE).put("subject", "1ESY1160000053");
        Reply pop = asLab(toPtb, "/v1/grant-requests", bytes(otherSubject));
        assertEquals(422, pop.status());
        assertTrue(pop.body().get("message").asText().contains("proof of possession"));

        ObjectNode good = meterRequest(toPtb, "1ESY1160000052", "d52", GOOD_EVIDENCE);
        assertEquals(201, asLab(toPtb, "/v1/grant-requests", bytes(good)).status());
        ObjectNode reusedChallenge = good.deepCopy().put("notAfter", good.get("notAfter").asLong() - 1);
        Reply reused = asLab(toPtb, "/v1/grant-requests", bytes(reusedChallenge));
        assertEquals(422, reused.status());
        assertTrue(reused.body().get("message").asText().contains("challenge"));
    }

    @Test
    void callersMustSignAndOnlyOperatorsRevoke() throws Exception {
        byte[] body = bytes(meterRequest(toPtb, "1ESY1160000054", "d54", GOOD_EVIDENCE));
        assertEquals(401, toPtb.post("/v1/grant-requests", body, Map.of()).status(), "anonymous write");
        assertEquals(401, toPtb.post("/v1/challenges", new byte[0], Map.of()).status());

        long now = network.chain.time();
        KeyPair stranger = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).fromSeed(Hash.sha3("stranger".getBytes()));
        assertEquals(401, toPtb.postSigned("/v1/grant-requests", body, "lab-1", KeyAlgorithm.ECDSA_P256, stranger).status(),
                "signed by another key");
        assertEquals(401, toPtb.postSigned("/v1/grant-requests", body, "nobody", KeyAlgorithm.ECDSA_P256, stranger).status());
        assertEquals(401, toPtb.postSigned("/v1/grant-requests", body, "lab-1", KeyAlgorithm.ECDSA_P256,
                AuthorityNetwork.LAB_KEY, now - 3600, ApiClient.nonce()).status(), "stale timestamp");
        String nonce = ApiClient.nonce();
        Reply first = toPtb.postSigned("/v1/challenges", new byte[0], "lab-1", KeyAlgorithm.ECDSA_P256, AuthorityNetwork.LAB_KEY, now, nonce);
        assertEquals(201, first.status());
        Reply replay = toPtb.postSigned("/v1/challenges", new byte[0], "lab-1", KeyAlgorithm.ECDSA_P256, AuthorityNetwork.LAB_KEY, now, nonce);
        assertEquals(401, replay.status());
        assertTrue(replay.body().get("message").asText().contains("replayed"));

        byte[] revocation = bytes(JSON.createObjectNode().put("subject", "1ESY1160000054").put("reason", "stolen"));
        assertEquals(403, asLab(toPtb, "/v1/revocations", revocation).status(), "registrars may not revoke");
    }

    @Test
    void malformedInputIsRefusedAndTheServiceKeepsRunning() throws Exception {
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", "{not json".getBytes()).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", "[]".getBytes()).status());
        ObjectNode good = meterRequest(toPtb, "1ESY1160000055", "d55", GOOD_EVIDENCE);
        ObjectNode missing = good.deepCopy();
        missing.remove("publicKey");
        Reply missingReply = asLab(toPtb, "/v1/grant-requests", bytes(missing));
        assertEquals(400, missingReply.status());
        assertEquals("invalid_request", missingReply.body().get("error").asText());
        assertTrue(missingReply.body().get("message").asText().contains("publicKey"));
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(good.deepCopy().put("subject", "1XX"))).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(good.deepCopy().put("role", "KING"))).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(good.deepCopy().put("publicKey", "%%%"))).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(good.deepCopy().put("notBefore", "soon"))).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(good.deepCopy().put("notAfter", 5))).status());
        byte[] huge = new byte[AuthorityService.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertEquals(413, asLab(toPtb, "/v1/grant-requests", huge).status());
        assertEquals(400, toPtb.get("/v1/grant-requests/xyz").status());
        assertEquals(404, toPtb.get("/v1/grant-requests/0x" + "00".repeat(32)).status());
        assertEquals(404, toPtb.get("/v1/revocations/99").status());

        assertEquals(201, asLab(toPtb, "/v1/grant-requests", bytes(good)).status(), "still serving after all that");
        Reply health = toPtb.get("/v1/health");
        assertEquals("ok", health.body().get("status").asText());
        assertEquals(1, health.body().get("pendingChainWork").asInt());
        Reply openapi = toPtb.get("/openapi.yaml");
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().asText().startsWith("openapi: 3"));
    }

    @Test
    void restartResumesPendingChainWork() throws Exception {
        network.rpc.setAvailable(false);
        ObjectNode request = meterRequest(toPtb, "1ESY1160000056", "d56", GOOD_EVIDENCE);
        Reply accepted = asLab(toPtb, "/v1/grant-requests", bytes(request));
        assertEquals(201, accepted.status(), "accepted while the node is down");
        String id = accepted.body().get("id").asText();
        assertEquals(1, ptb.processChainWork());
        assertEquals("ACCEPTED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertNotNull(toPtb.get("/v1/health").body().get("lastChainError").textValue());

        ptb.close();
        network.rpc.setAvailable(true);
        ptb = startService("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER, Role.SMGW), true), "ptb.db");
        toPtb = client(ptb);
        assertEquals("ACCEPTED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText(), "nothing lost");
        ptb.processChainWork();
        assertEquals("APPROVED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertEquals(1, network.client(network.ptb).request(org.web3j.utils.Numeric.hexStringToByteArray(id)).approvalCount());

        // Nobody else approves: once the request's validity ends, the service stops waiting.
        network.chain.setTime(request.get("notAfter").asLong());
        assertEquals(0, ptb.processChainWork());
        Reply expired = toPtb.get("/v1/grant-requests/" + id);
        assertEquals("FAILED", expired.body().get("state").asText());
        assertTrue(expired.body().get("reason").asText().contains("expired"));
    }

    @Test
    void theRegistryRefusesWhatTheChainForbidsEvenIfLocalPolicyAllows() throws Exception {
        // GWA's service is configured to approve meters, but on chain GWA may not: RoleNotAllowed.
        try (AuthorityService gwa = startService("GWA", network.gwa, AuthorityNetwork.policy(Set.of(Role.METER), false), "gwa.db");
             AuthorityService notAnAuthority = startService("registrar-as-authority", network.registrarAccount,
                     AuthorityNetwork.policy(Set.of(Role.METER), false), "fake.db")) {
            ApiClient toGwa = client(gwa);
            String id = asLab(toGwa, "/v1/grant-requests", bytes(meterRequest(toGwa, "1ESY1160000057", "d57", null)))
                    .body().get("id").asText();
            gwa.processChainWork();
            Reply refused = toGwa.get("/v1/grant-requests/" + id);
            assertEquals("FAILED", refused.body().get("state").asText());
            assertTrue(refused.body().get("reason").asText().contains("RoleNotAllowed"), refused.body()::toString);

            ApiClient toFake = client(notAnAuthority);
            String otherId = asLab(toFake, "/v1/grant-requests", bytes(meterRequest(toFake, "1ESY1160000058", "d58", null)))
                    .body().get("id").asText();
            notAnAuthority.processChainWork();
            Reply notAuthority = toFake.get("/v1/grant-requests/" + otherId);
            assertEquals("FAILED", notAuthority.body().get("state").asText());
            assertTrue(notAuthority.body().get("reason").asText().contains("NotAuthority"), notAuthority.body()::toString);
        }
    }

    @Test
    void aNewKeyForTheSameSubjectRotatesTheGrant() throws Exception {
        String first = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, "1ESY1160000060", "d60-a", GOOD_EVIDENCE)))
                .body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(first));
        ObjectNode rotation = meterRequest(toPtb, "1ESY1160000060", "d60-b", GOOD_EVIDENCE);
        Reply second = asLab(toPtb, "/v1/grant-requests", bytes(rotation));
        assertEquals(201, second.status());
        String secondId = second.body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(secondId));
        ptb.processChainWork();
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + first).body().get("state").asText());
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + secondId).body().get("state").asText());
        var record = network.client(network.ptb).grant(SubjectId.parse("1ESY1160000060"));
        assertEquals(2, record.version());
        assertEquals(second.body().get("keyHash").asText(), record.keyHash().toHexString());
    }

    @Test
    void operatorsRevoke() throws Exception {
        ObjectNode request = meterRequest(toPtb, "1ESY1160000059", "d59", GOOD_EVIDENCE);
        String id = asLab(toPtb, "/v1/grant-requests", bytes(request)).body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(id));
        ptb.processChainWork();
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());

        byte[] body = bytes(JSON.createObjectNode().put("subject", "1ESY1160000059").put("reason", "meter stolen"));
        Reply accepted = toPtb.postSigned("/v1/revocations", body, "ops-1", KeyAlgorithm.ML_DSA_65, AuthorityNetwork.OPS_KEY);
        assertEquals(202, accepted.status(), accepted.body()::toString);
        ptb.processChainWork();
        Reply done = toPtb.get("/v1/revocations/" + accepted.body().get("id").asLong());
        assertEquals("REVOKED", done.body().get("state").asText());
        assertTrue(done.body().get("tx").asText().startsWith("0x"));
        assertEquals(GrantStatus.REVOKED, network.client(network.ptb).grant(SubjectId.parse("1ESY1160000059")).status());

        Reply again = toPtb.postSigned("/v1/revocations", body, "ops-1", KeyAlgorithm.ML_DSA_65, AuthorityNetwork.OPS_KEY);
        ptb.processChainWork();
        Reply failed = toPtb.get("/v1/revocations/" + again.body().get("id").asLong());
        assertEquals("FAILED", failed.body().get("state").asText());
        assertTrue(failed.body().get("failure").asText().contains("GrantNotActive"));
    }
}
