package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Release approvals through the authority service (issue #20) on the embedded network: PTB's
 * service signs with the key of its AUTHORITY grant, MSP's votes without signing (2 of 2); the
 * attacks an approver must stop are refused off chain and kept as evidence; a service without a
 * SoftwareRegistry answers 503.
 */
class ReleaseApiTest {
    @TempDir
    static Path dir;
    private static ReleaseConsortium net;
    private static AuthorityService ptb;
    private static AuthorityService msp;
    private static AuthorityService unconfigured;
    private static final SubjectId PTB_SUBJECT = SubjectId.parse("PTB");
    private static final KeyPair PTB_APPROVAL_KEY = ReleaseConsortium.key("ptb-authority-key");

    @BeforeAll
    static void start() throws Exception {
        net = ReleaseConsortium.start(dir.resolve("net"));
        net.grant(PTB_SUBJECT, Role.AUTHORITY, PTB_APPROVAL_KEY);
        ptb = service("PTB", ReleaseConsortium.PTB, new ReleaseRoutes.Settings(software(ReleaseConsortium.PTB), PTB_SUBJECT,
                PTB_APPROVAL_KEY));
        msp = service("MSP", ReleaseConsortium.MSP, new ReleaseRoutes.Settings(software(ReleaseConsortium.MSP), null, null));
        unconfigured = service("GWA", ReleaseConsortium.GWA, null);
    }

    @AfterAll
    static void stop() throws Exception {
        ptb.close();
        msp.close();
        unconfigured.close();
        net.close();
    }

    private static AuthorityService service(String name, Credentials account, ReleaseRoutes.Settings releases)
            throws Exception {
        RegistryClient chain = RegistryClient.connect(net.web3j, net.identityRegistry, account, EmbeddedChain.CHAIN_ID);
        return AuthorityService.start(new AuthorityService.Settings(name, AuthorityNetwork.policy(Set.of(Role.METER), false),
                AuthorityNetwork.CALLERS, AttestationCheck.unavailable(), dir.resolve(name + ".db"), chain, Clock.systemUTC(),
                0, null, RequestLog.none(), releases), "127.0.0.1", 0);
    }

    private static SoftwareRegistryClient software(Credentials account) throws Exception {
        return SoftwareRegistryClient.connect(net.web3j, net.softwareRegistry, account, EmbeddedChain.CHAIN_ID);
    }

    @Test
    void twoAuthoritiesApproveThenOneRevokesAndEachKeepsItsEvidence() throws Exception {
        ReleaseBundle bundle = filed("E350-api", 1, "firmware 1.0", net.acmeKey);
        String id = bundle.releaseId().toHexString();

        ApiClient.Reply first = asOperator(ptb, "/v1/releases", ReleaseBundleJson.write(bundle));
        assertEquals(201, first.status(), first.body().toString());
        assertTrue(first.body().get("signed").asBoolean());
        assertEquals("PENDING", first.body().get("status").asText());
        assertEquals(1, first.body().get("approvals").asInt());
        byte[] signed = first.body().get("bundle").toString().getBytes(StandardCharsets.UTF_8);
        ReleaseBundle withPtb = ReleaseBundleJson.parse(signed);
        assertEquals(1, withPtb.approvals().size());
        assertEquals(PTB_SUBJECT, withPtb.approvals().get(0).signer());

        ApiClient.Reply second = asOperator(msp, "/v1/releases", signed);
        assertEquals(201, second.status(), second.body().toString());
        assertFalse(second.body().get("signed").asBoolean());
        assertEquals("APPROVED", second.body().get("status").asText());
        assertEquals(2, second.body().get("approvals").asInt());

        JsonNode shown = client(ptb).get("/v1/releases/" + id).body();
        assertEquals("APPROVED", shown.get("status").asText());
        assertEquals(1, shown.get("evidence").size());
        JsonNode kept = shown.get("evidence").get(0);
        assertEquals("VOTED", kept.get("outcome").asText());
        assertEquals("ops-1", kept.get("operator").asText());
        assertEquals(first.body().get("transactionHash").asText(), kept.get("transactionHash").asText());
        assertEquals(withPtb.approvals().get(0).signatureHash().toHexString(), kept.get("approvalSignatureHash").asText());
        assertEquals(bundle.manufacturerSignature().keyHash().toHexString(), kept.get("manufacturerKeyHash").asText());
        assertEquals(new String(ReleaseBundleJson.write(bundle), StandardCharsets.UTF_8), kept.get("bundle").asText());
        for (JsonNode check : kept.get("checks")) {
            assertTrue(check.get("passed").asBoolean(), check.toString());
        }
        assertTrue(kept.get("checks").toString().contains("manufacturer-grant"));

        String revocation = "/v1/releases/" + id + "/revocation";
        assertEquals(403, asRegistrar(msp, revocation, "{\"reason\":\"CVE-2026-0042\"}").status());
        assertEquals(400, asOperator(msp, revocation, "{\"why\":\"CVE-2026-0042\"}".getBytes(StandardCharsets.UTF_8)).status());
        ApiClient.Reply revoked = asOperator(msp, revocation, "{\"reason\":\"CVE-2026-0042\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, revoked.status(), revoked.body().toString());
        assertEquals("REVOKED", client(msp).get("/v1/releases/" + id).body().get("status").asText());
        ApiClient.Reply again = asOperator(msp, revocation, "{\"reason\":\"again\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(409, again.status());
        assertEquals("AlreadyRevoked", again.body().get("error").asText(), again.body().toString());

        // A revoked release is no longer pending: refused off chain, and kept.
        ApiClient.Reply late = asOperator(ptb, "/v1/releases", ReleaseBundleJson.write(bundle));
        assertEquals(422, late.status());
        assertEquals("not-pending", late.body().get("error").asText());
        JsonNode mspEvidence = client(msp).get("/v1/releases/" + id).body().get("evidence");
        assertEquals(3, mspEvidence.size(), mspEvidence.toString());
        assertEquals("REVOKE", mspEvidence.get(1).get("action").asText());
        assertEquals("CVE-2026-0042", mspEvidence.get(1).get("reason").asText());
        assertEquals("REFUSED", mspEvidence.get(2).get("outcome").asText());
        assertEquals("AlreadyRevoked", mspEvidence.get(2).get("error").asText());
        JsonNode ptbEvidence = client(ptb).get("/v1/releases/" + id).body().get("evidence");
        assertEquals("not-pending", ptbEvidence.get(1).get("error").asText());
    }

    @Test
    void aReleaseSignedWithAKeyNotTheManufacturersGrantIsRefusedAndKept() throws Exception {
        // The manufacturer's account files a release signed in its name by a key its grant does not
        // hold (the registry cannot check ML-DSA): the approvers must refuse it.
        KeyPair attacker = ReleaseConsortium.key("attacker");
        ReleaseBundle forged = filed("E350-forged", 1, "evil", attacker);
        String id = forged.releaseId().toHexString();
        ApiClient.Reply refused = asOperator(ptb, "/v1/releases", ReleaseBundleJson.write(forged));
        assertEquals(422, refused.status(), refused.body().toString());
        assertEquals("manufacturer-not-granted", refused.body().get("error").asText());
        assertTrue(refused.body().get("message").asText().contains("WRONG_KEY"), refused.body().toString());

        JsonNode shown = client(ptb).get("/v1/releases/" + id).body();
        assertEquals("PENDING", shown.get("status").asText());
        assertEquals(0, shown.get("approvals").asInt());
        JsonNode kept = shown.get("evidence").get(0);
        assertEquals("REFUSED", kept.get("outcome").asText());
        assertEquals("manufacturer-not-granted", kept.get("error").asText());
        assertEquals(forged.manufacturerSignature().keyHash().toHexString(), kept.get("manufacturerKeyHash").asText());
        assertTrue(kept.get("transactionHash").isNull());
        JsonNode grantCheck = kept.get("checks").get(kept.get("checks").size() - 1);
        assertEquals("manufacturer-grant", grantCheck.get("check").asText());
        assertFalse(grantCheck.get("passed").asBoolean());

        // A signature altered in the bundle does not verify: not a bundle at all.
        JsonNode node = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(ReleaseBundleJson.write(filed("E350-forged", 2, "genuine", net.acmeKey)));
        byte[] other = ReleaseConsortium.ML_DSA_65.sign(net.acmeKey.getPrivate(), "something else".getBytes());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("manufacturerSignature"))
                .put("signature", java.util.Base64.getEncoder().encodeToString(other));
        ApiClient.Reply altered = asOperator(ptb, "/v1/releases", node.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(400, altered.status());
        assertEquals("malformed-bundle", altered.body().get("error").asText());
        assertTrue(altered.body().get("message").asText().contains("does not verify"), altered.body().toString());
    }

    @Test
    void aBundleForAnotherRegistryIsRefused() throws Exception {
        ReleaseBundle elsewhere = ReleaseBundle.sign(message(Address.fromHex("0x00000000000000000000000000000000000000aa"),
                "E350-elsewhere", 1, "two"), "https://x.example/2", net.acmeKey);
        ApiClient.Reply refused = asOperator(msp, "/v1/releases", ReleaseBundleJson.write(elsewhere));
        assertEquals(422, refused.status(), refused.body().toString());
        assertEquals("wrong-deployment", refused.body().get("error").asText());
        JsonNode kept = client(msp).get("/v1/releases/" + elsewhere.releaseId().toHexString()).body();
        assertEquals("NONE", kept.get("status").asText());
        assertEquals("wrong-deployment", kept.get("evidence").get(0).get("error").asText());

        ReleaseBundle unsubmitted = ReleaseBundle.sign(message(net.softwareRegistry, "E350-elsewhere", 1, "never filed"),
                "https://x.example/1", net.acmeKey);
        assertEquals("not-submitted", asOperator(msp, "/v1/releases", ReleaseBundleJson.write(unsubmitted)).body()
                .get("error").asText());
    }

    @Test
    void onlySignedOperatorsWithWellFormedBundlesAreHeard() throws Exception {
        byte[] bundle = ReleaseBundleJson.write(filed("E350-callers", 1, "firmware", net.acmeKey));
        String id = ReleaseBundleJson.parse(bundle).releaseId().toHexString();
        assertEquals(403, asRegistrar(ptb, "/v1/releases", new String(bundle, StandardCharsets.UTF_8)).status());
        assertEquals(401, client(ptb).post("/v1/releases", bundle, Map.of()).status());
        ApiClient.Reply truncated = asOperator(ptb, "/v1/releases", Arrays.copyOf(bundle, bundle.length - 40));
        assertEquals(400, truncated.status());
        assertEquals("malformed-bundle", truncated.body().get("error").asText());
        assertEquals(400, client(ptb).get("/v1/releases/0x1234").status());
        assertEquals(404, client(ptb).get("/v1/releases/" + Bytes32.repeat((byte) 7).toHexString()).status());
        // Nothing was voted: the release is still pending with no approvals.
        assertEquals(0, client(ptb).get("/v1/releases/" + id).body().get("approvals").asInt());

        ApiClient.Reply off = asOperator(unconfigured, "/v1/releases", bundle);
        assertEquals(503, off.status());
        assertEquals("releases_not_configured", off.body().get("error").asText());
        assertEquals(503, client(unconfigured).get("/v1/releases/" + id).status());
    }

    /** A release of ACME's E350-type meters signed with {@code key}, filed by ACME's account. */
    private static ReleaseBundle filed(String deviceType, long version, String content, KeyPair key) throws Exception {
        ReleaseBundle bundle = ReleaseBundle.sign(message(net.softwareRegistry, deviceType, version, content),
                "https://firmware.example/" + deviceType, key);
        software(ReleaseConsortium.ACME_ACCOUNT).submit(bundle);
        return bundle;
    }

    private static ReleaseMessage message(Address registry, String deviceType, long version, String content)
            throws Exception {
        byte[] image = content.getBytes(StandardCharsets.UTF_8);
        return new ReleaseMessage(EmbeddedChain.CHAIN_ID, registry, ReleaseConsortium.ACME, Role.METER,
                DeviceType.of(deviceType), version, image.length,
                Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(image)), Bytes32.wrap(Keccak.keccak256(image)));
    }

    private static ApiClient.Reply asOperator(AuthorityService service, String path, byte[] body) throws Exception {
        return client(service).postSigned(path, body, "ops-1", KeyAlgorithm.ML_DSA_65, AuthorityNetwork.OPS_KEY);
    }

    private static ApiClient.Reply asRegistrar(AuthorityService service, String path, String body) throws Exception {
        return client(service).postSigned(path, body.getBytes(StandardCharsets.UTF_8), "lab-1", KeyAlgorithm.ECDSA_P256,
                AuthorityNetwork.LAB_KEY);
    }

    private static ApiClient client(AuthorityService service) {
        return new ApiClient(service.port(), () -> Instant.now().getEpochSecond());
    }
}
