package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bcpki.authority.ApiClient.Reply;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.puf.Attestation;
import org.bcpki.puf.AttestationChallenge;
import org.bcpki.puf.AttestationEvidence;
import org.bcpki.puf.DeviceKeys;
import org.bcpki.puf.EnrollmentRecord;
import org.bcpki.puf.KeyPurpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

/**
 * Authority services over real HTTP and SQLite, carrying requests to the registry contract on
 * chain-node's embedded QBFT network (JSON-RPC, through web3j and the generated wrapper).
 */
class AuthorityServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The attestation contexts of the PTB and BSI services (the device signs for one authority). */
    private static final String PTB_CONTEXT = PufAttestation.contextFor("PTB");
    private static final String BSI_CONTEXT = PufAttestation.contextFor("BSI");

    @TempDir
    static Path chainDir;
    private static AuthorityNetwork network;
    @TempDir
    Path dir;
    private AuthorityService ptb;
    private ApiClient toPtb;

    @BeforeAll
    static void startNetwork() throws Exception {
        network = new AuthorityNetwork(chainDir);
    }

    @AfterAll
    static void stopNetwork() {
        network.close();
    }

    @BeforeEach
    void start() throws Exception {
        ptb = startService("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER, Role.SMGW), true), "ptb.db");
        toPtb = client(ptb);
    }

    @AfterEach
    void stop() throws Exception {
        ptb.close();
        network.resetServiceClock();
    }

    private AuthorityService startService(String name, org.web3j.crypto.Credentials account, AuthorityPolicy policy,
                                          String db) throws Exception {
        return AuthorityService.start(network.settings(name, account, policy, AttestationCheck.puf(name, network.client(account)), dir.resolve(db)), "127.0.0.1", 0);
    }

    private ApiClient client(AuthorityService service) {
        return new ApiClient(service.port(), () -> java.time.Instant.now().getEpochSecond());
    }

    private Reply asLab(ApiClient api, String path, byte[] body) throws Exception {
        return api.postSigned(path, body, "lab-1", KeyAlgorithm.ECDSA_P256, AuthorityNetwork.LAB_KEY);
    }

    private String challenge(ApiClient api) throws Exception {
        Reply reply = asLab(api, "/v1/challenges", new byte[0]);
        assertEquals(201, reply.status(), reply.body()::toString);
        return reply.body().get("challenge").asText();
    }

    /**
     * A simulated PUF device: its keys as puf-attest derives them from the PUF seed, and its
     * enrollment record (whose hash the grant registers as attestationHash).
     */
    private record Device(DeviceKeys keys, EnrollmentRecord record) {
        static Device of(String meterId, String seed) {
            DeviceKeys keys = new DeviceKeys(Hash.sha3(seed.getBytes()));
            byte[] spki = keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65);
            return new Device(keys, new EnrollmentRecord(SubjectId.parse(meterId), SignatureSuite.keyHash(spki),
                    Hash.sha3(("helper-data-" + seed).getBytes()), KeyAlgorithm.ML_DSA_65));
        }

        byte[] spki() {
            return keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65);
        }
    }

    /**
     * A meter's grant request body for device {@code deviceSeed}, attested for {@code context} (null:
     * none); an attested device's enrollment is anchored by the manufacturer first.
     */
    private ObjectNode meterRequest(ApiClient api, String meterId, String deviceSeed, String context) throws Exception {
        return meterRequest(api, meterId, deviceSeed, context, challenge(api));
    }

    private ObjectNode meterRequest(ApiClient api, String meterId, String deviceSeed, String context, String challenge)
            throws Exception {
        if (context != null) {
            network.anchor(Device.of(meterId, deviceSeed).record());
        }
        return unanchoredMeterRequest(api, meterId, deviceSeed, context, challenge);
    }

    private ObjectNode unanchoredMeterRequest(ApiClient api, String meterId, String deviceSeed, String context)
            throws Exception {
        return unanchoredMeterRequest(api, meterId, deviceSeed, context, challenge(api));
    }

    private ObjectNode unanchoredMeterRequest(ApiClient api, String meterId, String deviceSeed, String context,
                                              String challenge)
            throws Exception {
        Device device = Device.of(meterId, deviceSeed);
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        byte[] pop = suite.sign(device.keys().signing().getPrivate(),
                RequestSignature.proofOfPossessionBytes(challenge, SubjectId.parse(meterId).toHex()));
        ObjectNode body = JSON.createObjectNode().put("subject", meterId).put("role", "METER")
                .put("algorithm", "ML-DSA-65")
                .put("publicKey", Base64.getEncoder().encodeToString(device.spki()))
                .put("challenge", challenge).put("proofOfPossession", Base64.getEncoder().encodeToString(pop))
                .put("notBefore", network.chain.time() - 60).put("notAfter", network.chain.time() + 365 * 86_400L);
        if (context != null) {
            attest(body, device.record(), device, context);
        }
        return body;
    }

    /** The device answers the request's challenge for {@code context}, presenting {@code record}. */
    private static void attest(ObjectNode body, EnrollmentRecord record, Device device, String context) {
        byte[] nonce = Base64.getUrlDecoder().decode(body.get("challenge").asText());
        AttestationEvidence evidence = Attestation.respond(device.keys(), record, new AttestationChallenge(nonce, context));
        ObjectNode attestation = body.putObject("attestation");
        attestation.putObject("enrollment").put("subjectId", record.subjectId().toHex())
                .put("keyHash", "0x" + java.util.HexFormat.of().formatHex(record.keyHash()))
                .put("helperDataHash", "0x" + java.util.HexFormat.of().formatHex(record.helperDataHash()))
                .put("algorithm", "ML-DSA-65");
        attestation.put("context", evidence.context()).put("signature", Base64.getEncoder().encodeToString(evidence.signature()));
    }

    /** The current holder (device {@code holderSeed}) signs the request's new key: a rotation proof. */
    private static ObjectNode signRotation(ObjectNode body, String holderSeed) {
        return signRotation(body, holderSeed, body);
    }

    /** A rotation proof by device {@code holderSeed} over {@code signedFor}'s fields, attached to {@code body}. */
    private static ObjectNode signRotation(ObjectNode body, String holderSeed, ObjectNode signedFor) {
        String subject = body.get("subject").asText();
        Device holder = Device.of(subject, holderSeed);
        byte[] newKeyHash = SignatureSuite.keyHash(Base64.getDecoder().decode(signedFor.get("publicKey").asText()));
        byte[] message = RequestSignature.rotationBytes(body.get("challenge").asText(), SubjectId.parse(subject).toHex(),
                Role.parse(body.get("role").asText()), newKeyHash, body.get("notBefore").asLong(), body.get("notAfter").asLong());
        byte[] proof = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).sign(holder.keys().signing().getPrivate(), message);
        return body.put("currentPublicKey", Base64.getEncoder().encodeToString(holder.spki()))
                .put("rotationProof", Base64.getEncoder().encodeToString(proof));
    }

    private static byte[] bytes(ObjectNode body) throws Exception {
        return JSON.writeValueAsBytes(body);
    }

    @Test
    void twoAuthoritiesActivateAGrantAndRetriesAreIdempotent() throws Exception {
        ObjectNode request = meterRequest(toPtb, "1ESY1160000051", "device-51", PTB_CONTEXT);
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
            ObjectNode forBsi = meterRequest(toBsi, "1ESY1160000051", "device-51", BSI_CONTEXT);
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
    void pufAttestationIsVerifiedWithPufAttestsVerifier() throws Exception {
        // Valid: the device answered this request's challenge for PTB; the record's hash is registered.
        ObjectNode valid = meterRequest(toPtb, "1ESY1160000061", "d61", PTB_CONTEXT);
        Reply accepted = asLab(toPtb, "/v1/grant-requests", bytes(valid));
        assertEquals(201, accepted.status(), accepted.body()::toString);
        assertEquals("0x" + java.util.HexFormat.of().formatHex(Device.of("1ESY1160000061", "d61").record().attestationHash()),
                accepted.body().get("attestationHash").asText());

        // Replayed: the captured answer in a new request. With the used challenge the service refuses
        // the challenge; with a fresh one the device's signature does not cover the new nonce.
        ObjectNode sameChallenge = valid.deepCopy().put("notAfter", valid.get("notAfter").asLong() - 1);
        Reply replayed = asLab(toPtb, "/v1/grant-requests", bytes(sameChallenge));
        assertEquals(422, replayed.status());
        assertTrue(replayed.body().get("message").asText().contains("challenge"), replayed.body()::toString);
        ObjectNode fresh = meterRequest(toPtb, "1ESY1160000061", "d61", null);
        fresh.set("attestation", valid.get("attestation").deepCopy());
        Reply stale = asLab(toPtb, "/v1/grant-requests", bytes(fresh.put("notAfter", valid.get("notAfter").asLong() - 2)));
        assertEquals(422, stale.status());
        assertTrue(stale.body().get("message").asText().contains("BAD_SIGNATURE"), stale.body()::toString);

        // Wrong context: an answer made for another authority.
        Reply otherAuthority = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, "1ESY1160000062", "d62", BSI_CONTEXT)));
        assertEquals(422, otherAuthority.status());
        assertTrue(otherAuthority.body().get("message").asText().contains("WRONG_CONTEXT"), otherAuthority.body()::toString);

        // Tampered enrollment record: another helper-data hash than the device enrolled with (the
        // signature was made over the real record's hash). Not anchored, so refused for that first;
        // were the tampered record anchored, the signature check would still refuse it.
        ObjectNode tampered = meterRequest(toPtb, "1ESY1160000063", "d63", PTB_CONTEXT);
        ((ObjectNode) tampered.get("attestation").get("enrollment")).put("helperDataHash", "0x" + "ab".repeat(32));
        Reply altered = asLab(toPtb, "/v1/grant-requests", bytes(tampered));
        assertEquals(422, altered.status());
        assertTrue(altered.body().get("message").asText().contains("ENROLLMENT_NOT_ANCHORED"), altered.body()::toString);
        Device d63 = Device.of("1ESY1160000063", "d63");
        network.anchor(new EnrollmentRecord(d63.record().subjectId(), d63.record().keyHash(),
                java.util.HexFormat.of().parseHex("ab".repeat(32)), KeyAlgorithm.ML_DSA_65));
        Reply anchoredButAltered = asLab(toPtb, "/v1/grant-requests", bytes(tampered));
        assertEquals(422, anchoredButAltered.status());
        assertTrue(anchoredButAltered.body().get("message").asText().contains("BAD_SIGNATURE"), anchoredButAltered.body()::toString);

        // A record of another device (its keyHash is not the requested key's), anchored for the subject.
        ObjectNode foreign = meterRequest(toPtb, "1ESY1160000064", "d64", null);
        network.anchor(Device.of("1ESY1160000064", "other-device").record());
        attest(foreign, Device.of("1ESY1160000064", "other-device").record(), Device.of("1ESY1160000064", "d64"), PTB_CONTEXT);
        Reply wrongKey = asLab(toPtb, "/v1/grant-requests", bytes(foreign));
        assertEquals(422, wrongKey.status());
        assertTrue(wrongKey.body().get("message").asText().contains("WRONG_KEY"), wrongKey.body()::toString);

        // Malformed attestation objects are 400s.
        ObjectNode malformed = meterRequest(toPtb, "1ESY1160000065", "d65", PTB_CONTEXT);
        ((ObjectNode) malformed.get("attestation").get("enrollment")).put("keyHash", "0x12");
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(malformed)).status());
        assertEquals(400, asLab(toPtb, "/v1/grant-requests",
                bytes(meterRequest(toPtb, "1ESY1160000065", "d65", null).put("attestation", "yes"))).status());
    }

    @Test
    @DisplayName("finding 1: an enrollment the registrar made up (signed by its own key) is refused by every authority; the anchored one is granted")
    void unanchoredEnrollmentsAreRefusedByEveryAuthority() throws Exception {
        // The registrar makes up a device: its own key, an enrollment record for it, and a correct
        // answer to each authority's challenge. Nothing but the missing anchor is wrong with it.
        String meter = "1ESY1160000081";
        try (AuthorityService bsi = startService("BSI", network.bsi, AuthorityNetwork.policy(Set.of(Role.values()), true), "bsi.db")) {
            ApiClient toBsi = client(bsi);
            ObjectNode atPtb = unanchoredMeterRequest(toPtb, meter, "made-up-81", PTB_CONTEXT);
            ObjectNode atBsi = unanchoredMeterRequest(toBsi, meter, "made-up-81", BSI_CONTEXT);
            atBsi.put("notBefore", atPtb.get("notBefore").asLong()).put("notAfter", atPtb.get("notAfter").asLong());
            for (Reply refused : List.of(asLab(toPtb, "/v1/grant-requests", bytes(atPtb)),
                    asLab(toBsi, "/v1/grant-requests", bytes(atBsi)))) {
                assertEquals(422, refused.status(), refused.body()::toString);
                assertTrue(refused.body().get("message").asText().contains("ENROLLMENT_NOT_ANCHORED"), refused.body()::toString);
            }
            assertEquals(0, ptb.processChainWork(), "nothing was filed");

            // The manufacturer anchors the device's real enrollment: the same requests now go through.
            network.anchor(Device.of(meter, "made-up-81").record());
            ObjectNode retryPtb = unanchoredMeterRequest(toPtb, meter, "made-up-81", PTB_CONTEXT);
            ObjectNode retryBsi = unanchoredMeterRequest(toBsi, meter, "made-up-81", BSI_CONTEXT);
            retryBsi.put("notBefore", retryPtb.get("notBefore").asLong()).put("notAfter", retryPtb.get("notAfter").asLong());
            Reply accepted = asLab(toPtb, "/v1/grant-requests", bytes(retryPtb));
            assertEquals(201, accepted.status(), accepted.body()::toString);
            ptb.processChainWork();
            assertEquals(201, asLab(toBsi, "/v1/grant-requests", bytes(retryBsi)).status());
            bsi.processChainWork();
            ptb.processChainWork();
            assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + accepted.body().get("id").asText()).body()
                    .get("state").asText());
            assertEquals(GrantStatus.ACTIVE, network.client(network.ptb).grant(SubjectId.parse(meter)).status());
        }
    }

    @Test
    @DisplayName("finding 2: re-submitting a revoked key for the same subject through the services is refused")
    void aRevokedKeyCannotBeResubmitted() throws Exception {
        String meter = "1ESY1160000082";
        String id = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, meter, "d82", PTB_CONTEXT)))
                .body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(id));
        ptb.processChainWork();
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        network.client(network.bsi).revoke(SubjectId.parse(meter), "key compromised");

        ObjectNode again = meterRequest(toPtb, meter, "d82", PTB_CONTEXT);
        Reply resubmitted = asLab(toPtb, "/v1/grant-requests", bytes(again));
        if (resubmitted.status() == 201) {
            ptb.processChainWork();
            Reply failed = toPtb.get("/v1/grant-requests/" + resubmitted.body().get("id").asText());
            assertEquals("FAILED", failed.body().get("state").asText(), failed.body()::toString);
            assertTrue(failed.body().get("reason").asText().contains("KeyRevoked"), failed.body()::toString);
        } else {
            assertEquals(422, resubmitted.status(), resubmitted.body()::toString);
            assertTrue(resubmitted.body().get("message").asText().contains("revoked"), resubmitted.body()::toString);
        }
        assertEquals(GrantStatus.REVOKED, network.client(network.ptb).grant(SubjectId.parse(meter)).status());

        // The legitimate path: the meter with a new key is granted again.
        String fresh = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, meter, "d82-new", PTB_CONTEXT)))
                .body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(fresh));
        assertEquals(GrantStatus.ACTIVE, network.client(network.ptb).grant(SubjectId.parse(meter)).status());
    }

    @Test
    void anExpiredRequestIsClosedOnChainAndReleasesTheSubject() throws Exception {
        // Room for one pass (filing and approving) on a busy machine before the validity ends.
        long notAfter = network.chain.time() + 45;
        ObjectNode shortLived = meterRequest(toPtb, "1ESY1160000066", "d66-a", PTB_CONTEXT).put("notAfter", notAfter);
        String id = asLab(toPtb, "/v1/grant-requests", bytes(shortLived)).body().get("id").asText();
        ptb.processChainWork();
        Reply approved = toPtb.get("/v1/grant-requests/" + id);
        assertEquals("APPROVED", approved.body().get("state").asText(), approved.body()::toString);

        // Nobody else approves; once the chain's time passes notAfter the service gives up and closes it.
        network.chain.awaitTime(notAfter + 1);
        ptb.processChainWork();
        assertEquals("FAILED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertEquals(org.bcpki.contracts.OnChainRequest.State.REJECTED,
                network.client(network.ptb).request(org.web3j.utils.Numeric.hexStringToByteArray(id)).state());

        // The subject's staged record was released: a new request for it is filed and approved.
        String second = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, "1ESY1160000066", "d66-b", PTB_CONTEXT)))
                .body().get("id").asText();
        ptb.processChainWork();
        assertEquals("APPROVED", toPtb.get("/v1/grant-requests/" + second).body().get("state").asText());
    }

    @Test
    void racingRetriesStoreTheRequestOnce() throws Exception {
        byte[] body = bytes(meterRequest(toPtb, "1ESY1160000050", "d50", PTB_CONTEXT));
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
                bytes(meterRequest(toPtb, "1ESY1160000052", "d52", BSI_CONTEXT)));
        assertEquals(422, badEvidence.status());
        assertTrue(badEvidence.body().get("message").asText().contains("WRONG_CONTEXT"), badEvidence.body()::toString);

        ObjectNode emt = meterRequest(toPtb, "1ESY1160000052", "d52", PTB_CONTEXT).put("role", "EMT");
        Reply wrongRole = asLab(toPtb, "/v1/grant-requests", bytes(emt));
        assertEquals(422, wrongRole.status());
        assertTrue(wrongRole.body().get("message").asText().contains("does not approve role EMT"));

        ObjectNode wrongAlgorithm = meterRequest(toPtb, "1ESY1160000052", "d52", PTB_CONTEXT).put("algorithm", "ML-DSA-87");
        assertEquals(400, asLab(toPtb, "/v1/grant-requests", bytes(wrongAlgorithm)).status(), "key is not ML-DSA-87");

        ObjectNode tooLong = meterRequest(toPtb, "1ESY1160000052", "d52", PTB_CONTEXT)
                .put("notAfter", network.chain.time() + 800 * 86_400L);
        assertEquals(422, asLab(toPtb, "/v1/grant-requests", bytes(tooLong)).status());

        ObjectNode otherSubject = meterRequest(toPtb, "1ESY1160000052", "d52", PTB_CONTEXT).put("subject", "1ESY1160000053");
        Reply pop = asLab(toPtb, "/v1/grant-requests", bytes(otherSubject));
        assertEquals(422, pop.status());
        assertTrue(pop.body().get("message").asText().contains("proof of possession"));

        ObjectNode good = meterRequest(toPtb, "1ESY1160000052", "d52", PTB_CONTEXT);
        assertEquals(201, asLab(toPtb, "/v1/grant-requests", bytes(good)).status());
        ObjectNode reusedChallenge = good.deepCopy().put("notAfter", good.get("notAfter").asLong() - 1);
        Reply reused = asLab(toPtb, "/v1/grant-requests", bytes(reusedChallenge));
        assertEquals(422, reused.status());
        assertTrue(reused.body().get("message").asText().contains("challenge"));
    }

    @Test
    void callersMustSignAndOnlyOperatorsRevoke() throws Exception {
        byte[] body = bytes(meterRequest(toPtb, "1ESY1160000054", "d54", PTB_CONTEXT));
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
        ObjectNode good = meterRequest(toPtb, "1ESY1160000055", "d55", PTB_CONTEXT);
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
        ObjectNode request = meterRequest(toPtb, "1ESY1160000056", "d56", PTB_CONTEXT);
        Reply accepted = asLab(toPtb, "/v1/grant-requests", bytes(request));
        assertEquals(201, accepted.status(), accepted.body()::toString);
        ObjectNode whileDown = unanchoredMeterRequest(toPtb, "1ESY1160000066", "d66", PTB_CONTEXT);
        network.chain.stopNode(EmbeddedChain.VALIDATOR);
        try {
            // An attestation cannot be checked against the chain's anchor while the node is down:
            // refused, not waved through.
            Reply unverifiable = asLab(toPtb, "/v1/grant-requests", bytes(whileDown));
            assertEquals(422, unverifiable.status());
            assertTrue(unverifiable.body().get("message").asText().contains("ENROLLMENT_UNVERIFIABLE"),
                    unverifiable.body()::toString);
            restartMidFlow(request, accepted);
        } finally {
            network.chain.startNode(EmbeddedChain.VALIDATOR); // no-op when already running
        }
    }

    private void restartMidFlow(ObjectNode request, Reply accepted) throws Exception {
        String id = accepted.body().get("id").asText();
        assertEquals(1, ptb.processChainWork());
        assertEquals("ACCEPTED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertNotNull(toPtb.get("/v1/health").body().get("lastChainError").textValue());

        ptb.close();
        network.chain.startNode(EmbeddedChain.VALIDATOR);
        ptb = startService("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER, Role.SMGW), true), "ptb.db");
        toPtb = client(ptb);
        Reply waiting = toPtb.get("/v1/grant-requests/" + id);
        assertEquals("ACCEPTED", waiting.body().get("state").asText(), "nothing lost");
        assertEquals(1, waiting.body().get("attempts").asInt(), "the unreachable node counted as a temporary error");
        assertNotNull(waiting.body().get("lastError").textValue());
        network.moveServiceClockTo(waiting.body().get("nextAttemptAt").asLong()); // past the backoff
        ptb.processChainWork();
        assertEquals("APPROVED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertEquals(1, network.client(network.ptb).request(org.web3j.utils.Numeric.hexStringToByteArray(id)).approvalCount());

        // Nobody else approves: once the request's validity ends, the service stops waiting.
        network.moveServiceClockTo(request.get("notAfter").asLong());
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
        String first = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, "1ESY1160000060", "d60-a", PTB_CONTEXT)))
                .body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(first));
        ObjectNode rotation = signRotation(meterRequest(toPtb, "1ESY1160000060", "d60-b", PTB_CONTEXT), "d60-a");
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
        ObjectNode request = meterRequest(toPtb, "1ESY1160000059", "d59", PTB_CONTEXT);
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

    // ---------------------------------------------------------------- issue 14: security of the trust itself

    @Test
    @DisplayName("finding 4: an operator revocation naming a look-alike (long s, Kelvin sign) is refused and named; the real subject stays ACTIVE")
    void lookAlikeRevocationsAreRefused() throws Exception {
        String meter = "1ESY1160000090";
        activate(meter, "d90");
        for (String lookAlike : List.of("1E\u017Fy1160000090", "1E\u017FY1160000090", "\u212Aelvin-nord.emt")) {
            Reply refused = asOperator(toPtb, "/v1/revocations", JSON.createObjectNode().put("subject", lookAlike)
                    .put("reason", "key compromised"));
            assertEquals(400, refused.status(), refused.body()::toString);
            assertTrue(refused.body().get("message").asText().contains("ASCII only"), refused.body()::toString);
            assertTrue(refused.body().get("message").asText().contains("U+"), refused.body()::toString);
        }
        ptb.processChainWork();
        assertEquals(GrantStatus.ACTIVE, network.client(network.ptb).grant(SubjectId.parse(meter)).status());
        // the service keeps working: the real name revokes
        Reply real = asOperator(toPtb, "/v1/revocations", JSON.createObjectNode().put("subject", meter).put("reason", "key compromised"));
        assertEquals(202, real.status(), real.body()::toString);
        ptb.processChainWork();
        assertEquals(GrantStatus.REVOKED, network.client(network.ptb).grant(SubjectId.parse(meter)).status());
    }

    private Reply asOperator(ApiClient api, String path, ObjectNode body) throws Exception {
        return api.postSigned(path, bytes(body), "ops-1", KeyAlgorithm.ML_DSA_65, AuthorityNetwork.OPS_KEY);
    }

    private static ObjectNode decision(String decision, String reason) {
        return JSON.createObjectNode().put("decision", decision).put("reason", reason);
    }

    /** Activates {@code meterId} for device {@code seed} (PTB's service and BSI's on-chain approval). */
    private String activate(String meterId, String seed) throws Exception {
        Reply filed = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, meterId, seed, PTB_CONTEXT)));
        assertEquals(201, filed.status(), filed.body()::toString);
        String id = filed.body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(id));
        ptb.processChainWork();
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        return id;
    }

    private String onChainKey(String meterId) throws Exception {
        return network.client(network.ptb).grant(SubjectId.parse(meterId)).keyHash().toHexString();
    }

    private static String keyHashOf(String meterId, String seed) {
        return "0x" + java.util.HexFormat.of().formatHex(SignatureSuite.keyHash(Device.of(meterId, seed).spki()));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 1: a registrar's own key for an ACTIVE meter is held by every authority; the grant stays with the real key")
    void takeoverByOneRegistrarIsHeldByEveryAuthority() throws Exception {
        String meter = "1ESY1160000070";
        activate(meter, "d70-real");
        try (AuthorityService bsi = startService("BSI", network.bsi, AuthorityNetwork.policy(Set.of(Role.values()), true), "bsi.db")) {
            ApiClient toBsi = client(bsi);
            // The attack: a fresh key with a self-made enrollment record, proof of possession and attestation.
            ObjectNode atPtb = meterRequest(toPtb, meter, "d70-attacker", PTB_CONTEXT);
            Reply heldAtPtb = asLab(toPtb, "/v1/grant-requests", bytes(atPtb));
            ObjectNode atBsi = meterRequest(toBsi, meter, "d70-attacker", BSI_CONTEXT);
            atBsi.put("notBefore", atPtb.get("notBefore").asLong()).put("notAfter", atPtb.get("notAfter").asLong());
            Reply heldAtBsi = asLab(toBsi, "/v1/grant-requests", bytes(atBsi));
            for (Reply held : new Reply[] {heldAtPtb, heldAtBsi}) {
                assertEquals(201, held.status(), held.body()::toString);
                assertEquals("HELD", held.body().get("state").asText());
                assertTrue(held.body().get("reason").asText().contains("rotation proof"), held.body()::toString);
            }
            String id = heldAtPtb.body().get("id").asText();
            ptb.processChainWork();
            bsi.processChainWork();
            assertEquals(org.bcpki.contracts.OnChainRequest.State.NONE,
                    network.client(network.ptb).request(org.web3j.utils.Numeric.hexStringToByteArray(id)).state(),
                    "no authority filed or approved the re-key");
            assertEquals(keyHashOf(meter, "d70-real"), onChainKey(meter), "the meter keeps its real key");
            assertEquals(1, toPtb.get("/v1/health").body().get("heldGrantRequests").asInt());

            // Only an operator decides, and only with a reason; the decision is audited.
            assertEquals(403, asLab(toPtb, "/v1/grant-requests/" + id + "/decision", bytes(decision("approve", "ok"))).status());
            assertEquals(400, asOperator(toPtb, "/v1/grant-requests/" + id + "/decision", decision("approve", " ")).status());
            Reply rejected = asOperator(toPtb, "/v1/grant-requests/" + id + "/decision", decision("reject", "meter not replaced"));
            assertEquals(200, rejected.status(), rejected.body()::toString);
            assertEquals("REJECTED", rejected.body().get("state").asText());
            Reply again = asOperator(toPtb, "/v1/grant-requests/" + id + "/decision", decision("approve", "changed my mind"));
            assertEquals(409, again.status(), "a decided request is decided");
            var audit = toPtb.get("/v1/grant-requests/" + id).body().get("decisions");
            assertEquals(1, audit.size());
            assertEquals("ops-1", audit.get(0).get("operator").asText());
            assertEquals("reject", audit.get(0).get("decision").asText());
            assertEquals("meter not replaced", audit.get(0).get("reason").asText());
            assertTrue(audit.get(0).get("requestHash").asText().matches("0x[0-9a-f]{64}"));
            ptb.processChainWork();
            assertEquals(keyHashOf(meter, "d70-real"), onChainKey(meter));
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 1: a held re-key goes through only after k authorities' operators decided; the audit log is append-only")
    void aHeldRekeyNeedsKOperatorDecisions() throws Exception {
        String meter = "1ESY1160000071";
        activate(meter, "d71-old");
        try (AuthorityService bsi = startService("BSI", network.bsi, AuthorityNetwork.policy(Set.of(Role.values()), true), "bsi.db")) {
            ApiClient toBsi = client(bsi);
            ObjectNode atPtb = meterRequest(toPtb, meter, "d71-new", PTB_CONTEXT);
            String id = asLab(toPtb, "/v1/grant-requests", bytes(atPtb)).body().get("id").asText();
            ObjectNode atBsi = meterRequest(toBsi, meter, "d71-new", BSI_CONTEXT);
            atBsi.put("notBefore", atPtb.get("notBefore").asLong()).put("notAfter", atPtb.get("notAfter").asLong());
            assertEquals("HELD", asLab(toBsi, "/v1/grant-requests", bytes(atBsi)).body().get("state").asText());

            Reply approved = asOperator(toPtb, "/v1/grant-requests/" + id + "/decision",
                    decision("approve", "device replaced, ticket 4711"));
            assertEquals("ACCEPTED", approved.body().get("state").asText(), approved.body()::toString);
            ptb.processChainWork();
            assertEquals("APPROVED", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
            assertEquals(keyHashOf(meter, "d71-old"), onChainKey(meter), "one operator is not enough (k = 2)");

            bsi.processChainWork();
            assertEquals("HELD", toBsi.get("/v1/grant-requests/" + id).body().get("state").asText(), "BSI waits for its operator");
            assertEquals(keyHashOf(meter, "d71-old"), onChainKey(meter));
            asOperator(toBsi, "/v1/grant-requests/" + id + "/decision", decision("approve", "device replaced, checked on site"));
            bsi.processChainWork();
            assertEquals("ACTIVE", toBsi.get("/v1/grant-requests/" + id).body().get("state").asText());
            assertEquals(keyHashOf(meter, "d71-new"), onChainKey(meter));
        }
        // The audit table refuses changes and deletions in SQLite itself.
        AuthorityStore store = AuthorityStore.open(dir.resolve("bsi.db"));
        try (store) {
            java.sql.SQLException update = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> store.executeForTest("UPDATE operator_decisions SET reason = 'nothing happened'"));
            assertTrue(update.getMessage().contains("append-only"), update::getMessage);
            org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> store.executeForTest("DELETE FROM operator_decisions"));
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 1: a rotation signed by the current key goes through; one by another key or for another new key is refused")
    void rotationProofsAreCheckedAgainstTheCurrentKey() throws Exception {
        String meter = "1ESY1160000072";
        activate(meter, "d72-a");

        Reply wrongSigner = asLab(toPtb, "/v1/grant-requests",
                bytes(signRotation(meterRequest(toPtb, meter, "d72-b", PTB_CONTEXT), "d72-attacker")));
        assertEquals(422, wrongSigner.status());
        assertTrue(wrongSigner.body().get("message").asText().contains("not the subject's current key"), wrongSigner.body()::toString);

        // The holder's real proof for key b (same challenge and validity), attached to a request for key c.
        ObjectNode forB = meterRequest(toPtb, meter, "d72-b", PTB_CONTEXT);
        ObjectNode forC = meterRequest(toPtb, meter, "d72-c", PTB_CONTEXT, forB.get("challenge").asText());
        forC.put("notBefore", forB.get("notBefore").asLong()).put("notAfter", forB.get("notAfter").asLong());
        ObjectNode proofForB = signRotation(forB.deepCopy(), "d72-a");
        Reply otherKey = asLab(toPtb, "/v1/grant-requests", bytes(forC
                .put("currentPublicKey", proofForB.get("currentPublicKey").asText())
                .put("rotationProof", proofForB.get("rotationProof").asText())));
        assertEquals(422, otherKey.status());
        assertTrue(otherKey.body().get("message").asText().contains("does not verify"), otherKey.body()::toString);

        // Re-submitting the holder's current key is no re-key.
        Reply sameKey = asLab(toPtb, "/v1/grant-requests", bytes(meterRequest(toPtb, meter, "d72-a", PTB_CONTEXT)));
        assertEquals("ACCEPTED", sameKey.body().get("state").asText(), sameKey.body()::toString);

        // The meter's new enrollment is the anchored one again (requests for c and a re-anchored theirs).
        network.anchor(Device.of(meter, "d72-b").record());
        Reply rotated = asLab(toPtb, "/v1/grant-requests", bytes(signRotation(forB, "d72-a")));
        assertEquals(201, rotated.status(), rotated.body()::toString);
        assertEquals("ACCEPTED", rotated.body().get("state").asText());
        String id = rotated.body().get("id").asText();
        ptb.processChainWork();
        network.client(network.bsi).approve(org.web3j.utils.Numeric.hexStringToByteArray(id));
        ptb.processChainWork();
        assertEquals("ACTIVE", toPtb.get("/v1/grant-requests/" + id).body().get("state").asText());
        assertEquals(keyHashOf(meter, "d72-b"), onChainKey(meter));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 3: a 100-year request and a registrar outside its role or subject scope are refused; the legitimate request works")
    void registrarScopeAndValidityPerRole() throws Exception {
        java.nio.file.Path callersFile = dir.resolve("callers.json");
        String lab = Base64.getEncoder().encodeToString(
                SignatureSuite.of(KeyAlgorithm.ECDSA_P256).encodePublicKey(AuthorityNetwork.LAB_KEY.getPublic()));
        java.nio.file.Files.writeString(callersFile, "[{\"keyId\": \"lab-1\", \"kind\": \"registrar\", \"publicKey\": \""
                + lab + "\", \"roles\": [\"METER\"], \"subjectPrefixes\": [\"1ESY\"]}]");
        CallerDirectory scoped = CallerDirectory.load(callersFile);
        java.nio.file.Files.writeString(callersFile, "[{\"keyId\": \"lab-1\", \"kind\": \"registrar\", \"publicKey\": \""
                + lab + "\", \"roles\": []}]");
        IllegalArgumentException empty = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CallerDirectory.load(callersFile));
        assertTrue(empty.getMessage().contains("'roles' must be a non-empty array"), empty::getMessage);

        AuthorityPolicy policy = new AuthorityPolicy(Set.of(Role.METER, Role.SMGW),
                Set.of(KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ECDSA_P256), true, 730, Map.of(Role.METER, 3650L));
        AuthorityService.Settings base = network.settings("PTB", network.ptb, policy, AttestationCheck.puf("PTB", network.client(network.ptb)),
                dir.resolve("scoped.db"));
        AuthorityService.Settings settings = new AuthorityService.Settings(base.name(), policy, scoped, base.attestation(),
                base.database(), base.chain(), base.clock(), 0, null);
        try (AuthorityService service = AuthorityService.start(settings, "127.0.0.1", 0)) {
            ApiClient api = client(service);
            long start = network.chain.time() - 60;

            ObjectNode squat = meterRequest(api, "1ESY1160000074", "d74", PTB_CONTEXT).put("notBefore", start)
                    .put("notAfter", start + 100 * 365 * 86_400L);
            Reply squatting = asLab(api, "/v1/grant-requests", bytes(squat));
            assertEquals(422, squatting.status());
            assertTrue(squatting.body().get("message").asText().contains("maximum of 3650 days for role METER"),
                    squatting.body()::toString);

            Reply wrongRole = asLab(api, "/v1/grant-requests", bytes(meterRequest(api, "1ESY1160000074", "d74", PTB_CONTEXT)
                    .put("role", "SMGW")));
            assertEquals(403, wrongRole.status());
            assertTrue(wrongRole.body().get("message").asText().contains("may not request role SMGW"), wrongRole.body()::toString);

            Reply otherPrefix = asLab(api, "/v1/grant-requests", bytes(meterRequest(api, "1ABC1160000074", "d74x", PTB_CONTEXT)));
            assertEquals(403, otherPrefix.status());
            assertTrue(otherPrefix.body().get("message").asText().contains("subject prefixes are [1ESY]"), otherPrefix.body()::toString);

            ObjectNode legitimate = meterRequest(api, "1ESY1160000074", "d74", PTB_CONTEXT).put("notBefore", start)
                    .put("notAfter", start + 5 * 365 * 86_400L);
            Reply accepted = asLab(api, "/v1/grant-requests", bytes(legitimate));
            assertEquals(201, accepted.status(), accepted.body()::toString);
            assertEquals("ACCEPTED", accepted.body().get("state").asText());
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 6: a revocation refused with Besu's 'pool full' stays RETRYING, is reported and lands; a real revert fails at once")
    void revocationsAreRetriedUntilSealed() throws Exception {
        String meter = "1ESY1160000075";
        activate(meter, "d75");
        org.web3j.protocol.Web3j viaProxy = null;
        try (RefusingRpcProxy proxy = new RefusingRpcProxy(network.chain.rpcUrl())) {
            viaProxy = org.web3j.protocol.Web3j.build(new org.web3j.protocol.http.HttpService(proxy.url()));
            AuthorityService.Settings base = network.settings("PTB", network.ptb,
                    AuthorityNetwork.policy(Set.of(Role.METER), true), AttestationCheck.puf("PTB", network.client(network.ptb)), dir.resolve("retry.db"));
            AuthorityService.Settings settings = new AuthorityService.Settings(base.name(), base.policy(), base.callers(),
                    base.attestation(), base.database(), org.bcpki.contracts.RegistryClient.connect(viaProxy, network.registry,
                    network.ptb, EmbeddedChain.CHAIN_ID), base.clock(), 0, null);
            try (AuthorityService service = AuthorityService.start(settings, "127.0.0.1", 0)) {
                ApiClient api = client(service);
                proxy.refuseNext(3);
                Reply accepted = asOperator(api, "/v1/revocations",
                        JSON.createObjectNode().put("subject", meter).put("reason", "key compromised"));
                assertEquals(202, accepted.status(), accepted.body()::toString);
                String path = "/v1/revocations/" + accepted.body().get("id").asLong();

                service.processChainWork();
                Reply refused = api.get(path);
                assertEquals("RETRYING", refused.body().get("state").asText(), refused.body()::toString);
                assertEquals(1, refused.body().get("attempts").asInt());
                assertTrue(refused.body().get("lastError").asText().contains("Transaction pool is full"), refused.body()::toString);
                assertTrue(refused.body().get("failure").isNull(), "a temporary refusal is no failure");
                assertEquals(1, api.get("/v1/health").body().get("unsealedRevocations").asInt());
                assertEquals(GrantStatus.ACTIVE, network.client(network.ptb).grant(SubjectId.parse(meter)).status());

                // Each further pass waits for the backoff (the services' clock is moved there, no sleeping).
                Reply current = refused;
                for (int pass = 0; pass < 10 && !current.body().get("state").asText().equals("REVOKED"); pass++) {
                    network.moveServiceClockTo(current.body().get("nextAttemptAt").asLong());
                    service.processChainWork();
                    current = api.get(path);
                }
                assertEquals("REVOKED", current.body().get("state").asText(), current.body()::toString);
                assertEquals(3, current.body().get("attempts").asInt(), "three refusals, then sealed");
                assertTrue(current.body().get("tx").asText().startsWith("0x"));
                assertEquals(3, proxy.refused());
                assertEquals(GrantStatus.REVOKED, network.client(network.ptb).grant(SubjectId.parse(meter)).status());
                assertEquals(0, api.get("/v1/health").body().get("unsealedRevocations").asInt());

                Reply unknown = asOperator(api, "/v1/revocations",
                        JSON.createObjectNode().put("subject", "1ESY1160000098").put("reason", "typo"));
                service.processChainWork();
                Reply failed = api.get("/v1/revocations/" + unknown.body().get("id").asLong());
                assertEquals("FAILED", failed.body().get("state").asText(), failed.body()::toString);
                assertTrue(failed.body().get("failure").asText().contains("GrantNotActive"), failed.body()::toString);
                assertEquals(0, failed.body().get("attempts").asInt(), "a revert is not retried");
            }
        } finally {
            if (viaProxy != null) {
                viaProxy.shutdown();
            }
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 10: after authority init and a run, the directory is 0700 and its keys, config and database 0600")
    void authorityFilesArePrivate() throws Exception {
        java.nio.file.Path home = dir.resolve("authority-home");
        AuthorityDirectory directory = AuthorityDirectory.initialize(home, network.registry, new java.security.SecureRandom());
        AuthorityService.Settings base = network.settings("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER), true),
                AttestationCheck.puf("PTB", network.client(network.ptb)), directory.database());
        try (AuthorityService service = AuthorityService.start(base, "127.0.0.1", 0)) {
            challenge(client(service)); // a write to the database
        }
        assertEquals("rwx------", mode(home));
        for (String name : new String[] {"account.key", "authority.json", "policy.json", "callers.json", "authority.db",
                "authority.db-wal", "authority.db-shm"}) {
            java.nio.file.Path file = home.resolve(name);
            if (name.startsWith("authority.db-") && !java.nio.file.Files.exists(file)) {
                continue; // SQLite removed it on close
            }
            assertEquals("rw-------", mode(file), name);
        }
        // A key left readable by an older version is narrowed when the service loads it.
        java.nio.file.Files.setPosixFilePermissions(home.resolve("account.key"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        AuthorityDirectory.load(home).account();
        assertEquals("rw-------", mode(home.resolve("account.key")));
    }

    private static String mode(java.nio.file.Path path) throws Exception {
        return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("finding 3: a request squatting on a new subject blocks the legitimate one only until the chain lets the service's worker close it")
    void aSquattedSubjectIsReleasedByTheWorker() throws Exception {
        String meter = "1ESY1160000076";
        SubjectId subject = SubjectId.parse(meter);
        // A registrar files directly on chain, bypassing every service's policy.
        byte[] squatKey = Device.of(meter, "d76-squat").spki();
        long start = network.chain.time() - 60;
        long squatEnds = network.chain.time() + 45; // room for the service's first pass on a busy machine
        network.client(network.registrarAccount).requestGrant(new org.bcpki.contracts.GrantSubmission(subject,
                Role.METER, KeyAlgorithm.ML_DSA_65, SignatureSuite.keyHash(squatKey), new byte[32], start,
                squatEnds, squatKey));

        AuthorityService.Settings base = network.settings("PTB", network.ptb, AuthorityNetwork.policy(Set.of(Role.METER), true),
                AttestationCheck.puf("PTB", network.client(network.ptb)), dir.resolve("squat.db"));
        AuthorityService.Settings settings = new AuthorityService.Settings(base.name(), base.policy(), base.callers(),
                base.attestation(), base.database(), base.chain(), base.clock(), 0, null,
                RequestLog.web3j(network.web3j, network.registry));
        try (AuthorityService service = AuthorityService.start(settings, "127.0.0.1", 0)) {
            ApiClient api = client(service);
            Reply accepted = asLab(api, "/v1/grant-requests", bytes(meterRequest(api, meter, "d76", PTB_CONTEXT)));
            assertEquals(201, accepted.status(), accepted.body()::toString);
            String path = "/v1/grant-requests/" + accepted.body().get("id").asText();
            service.processChainWork();
            Reply blocked = api.get(path);
            assertEquals("ACCEPTED", blocked.body().get("state").asText(), "blocked, not failed: " + blocked.body());
            assertTrue(blocked.body().get("lastError").asText().contains("SubjectHasPendingRequest"), blocked.body()::toString);

            network.chain.awaitTime(squatEnds + 1);
            network.moveServiceClockTo(blocked.body().get("nextAttemptAt").asLong());
            service.processChainWork();
            Reply filed = api.get(path);
            assertEquals("APPROVED", filed.body().get("state").asText(), filed.body()::toString);
            assertTrue(filed.body().get("requestTx").asText().startsWith("0x"));
        }
    }
}
