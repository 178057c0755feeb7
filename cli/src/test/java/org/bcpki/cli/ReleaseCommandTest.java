package org.bcpki.cli;

import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME;
import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME_ACCOUNT;
import static org.bcpki.contracts.testnet.ReleaseConsortium.GWA;
import static org.bcpki.contracts.testnet.ReleaseConsortium.METER;
import static org.bcpki.contracts.testnet.ReleaseConsortium.MSP;
import static org.bcpki.contracts.testnet.ReleaseConsortium.OUTSIDER;
import static org.bcpki.contracts.testnet.ReleaseConsortium.PTB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
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
 * {@code bcpki release submit|approve|revoke|show} on the embedded network (issue #20): PTB (signing
 * with the key of its AUTHORITY grant) and MSP approve 2 of 2; the attacks the approvers must stop
 * off chain (a forged or misattributed manufacturer signature, a non-manufacturer's bundle, a stale
 * bundle of another deployment, a signer without a grant) and on chain (outsiders, the wrong role,
 * double votes, rollback below the minimum); revocation. Each test uses its own device type.
 */
class ReleaseCommandTest {
    @TempDir
    static Path dir;
    static ReleaseConsortium net;
    static final SubjectId PTB_SUBJECT = SubjectId.parse("PTB");
    static final String ACME_SEED = "acme-release-key";
    static final String PTB_SEED = "ptb-authority-key";

    @BeforeAll
    static void start() throws Exception {
        net = ReleaseConsortium.start(dir.resolve("net"));
        net.grant(PTB_SUBJECT, Role.AUTHORITY, ReleaseConsortium.key(PTB_SEED));
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void submittedApprovedTwoOfTwoThenRevoked() throws Exception {
        CliRun submitted = submit("E350-story", 1, "firmware 1.0", ACME_SEED);
        assertEquals(0, submitted.code(), submitted.err() + submitted.out());
        String id = submitted.json().get("releaseId").asText();
        Path bundle = bundlePath("E350-story", 1);
        assertEquals(id, ReleaseBundleJson.parse(Files.readAllBytes(bundle)).releaseId().toHexString());
        assertEquals(sha256("firmware 1.0"), submitted.json().get("sha256").asText());
        assertEquals("PENDING", show(bundle).json().get("status").asText());

        CliRun first = release("approve", PTB, "--bundle", bundle.toString(), "--signing-key", seedFile(PTB_SEED).toString(),
                "--authority", "PTB", "--json");
        assertEquals(0, first.code(), first.err() + first.out());
        assertEquals("PENDING", first.json().get("status").asText());
        assertEquals(1, first.json().get("approvals").asInt());
        ReleaseBundle signed = ReleaseBundleJson.parse(Files.readAllBytes(bundle));
        assertEquals(List.of(PTB_SUBJECT), signed.approvals().stream().map(a -> a.signer()).toList());

        refused(release("approve", PTB, "--bundle", bundle.toString()), 1, "AlreadyVoted");
        refused(release("approve", PTB, "--bundle", bundle.toString(), "--signing-key", seedFile(PTB_SEED).toString(),
                "--authority", "PTB"), 1, "appears twice");
        refused(release("approve", GWA, "--bundle", bundle.toString()), 1, "RoleNotAllowed");
        refused(release("approve", OUTSIDER, "--bundle", bundle.toString()), 1, "NotAuthority");

        CliRun second = release("approve", MSP, "--bundle", bundle.toString(), "--json");
        assertEquals(0, second.code(), second.err() + second.out());
        assertEquals("APPROVED", second.json().get("status").asText());
        JsonNode shown = show(bundle).json();
        assertEquals("APPROVED", shown.get("decision").asText());
        assertEquals(1, shown.get("minimumVersion").asInt());
        assertEquals(2, shown.get("approvals").asInt());
        assertTrue(show(bundle, false).out().contains("E350-story"));

        refused(release("revoke", OUTSIDER, "--release-id", id, "--reason", "no"), 1, "NotAuthority");
        CliRun revoked = release("revoke", MSP, "--release-id", id, "--reason", "CVE-2026-0042", "--json");
        assertEquals(0, revoked.code(), revoked.err() + revoked.out());
        assertEquals("REVOKED", revoked.json().get("status").asText());
        CliRun afterRevocation = show(bundle);
        assertEquals(0, afterRevocation.code());
        assertEquals("REVOKED", afterRevocation.json().get("decision").asText());
        refused(release("approve", PTB, "--bundle", bundle.toString()), 1, "is REVOKED, not pending");

        CliRun none = release("show", null, "--release-id", Bytes32.repeat((byte) 7).toHexString(), "--json");
        assertEquals(1, none.code(), none.out());
        assertFalse(none.json().get("found").asBoolean());
    }

    @Test
    void rollbackBelowTheMinimumVersionIsRefused() throws Exception {
        assertEquals(0, submit("E350-rollback", 2, "v2", ACME_SEED).code());
        assertEquals(0, submit("E350-rollback", 3, "v3", ACME_SEED).code());
        Path v3 = bundlePath("E350-rollback", 3);
        assertEquals(0, release("approve", PTB, "--bundle", v3.toString()).code());
        assertEquals(0, release("approve", MSP, "--bundle", v3.toString()).code());
        refused(release("approve", PTB, "--bundle", bundlePath("E350-rollback", 2).toString()), 1, "BelowMinimumVersion");
        refused(submit("E350-rollback", 1, "v1", ACME_SEED), 1, "BelowMinimumVersion");
        refused(submit("E350-rollback", 3, "another v3", ACME_SEED), 1, "NotNewerThanLatest");
        assertEquals("PENDING", show(bundlePath("E350-rollback", 2)).json().get("status").asText());
    }

    @Test
    void approversRefuseBundlesTheManufacturerDidNotSign() throws Exception {
        assertEquals(0, submit("E350-attacks", 1, "genuine", ACME_SEED).code());
        Path genuine = bundlePath("E350-attacks", 1);
        ObjectNode node = (ObjectNode) Output.mapper().readTree(Files.readAllBytes(genuine));

        // A bad manufacturer signature: the right length, by the right key, over another message.
        ObjectNode forged = node.deepCopy();
        byte[] other = ReleaseConsortium.ML_DSA_65.sign(net.acmeKey.getPrivate(), "something else".getBytes());
        ((ObjectNode) forged.get("manufacturerSignature")).put("signature", Base64.getEncoder().encodeToString(other));
        refused(approve(PTB, write("forged.json", forged)), 1, "manufacturer signature does not verify");

        // Truncated, and of the wrong algorithm.
        byte[] bytes = Files.readAllBytes(genuine);
        refused(approve(PTB, write("truncated.json", Arrays.copyOf(bytes, bytes.length - 40))), 1, "malformed-bundle");
        ObjectNode wrongAlgorithm = node.deepCopy();
        ((ObjectNode) wrongAlgorithm.get("manufacturerSignature")).put("algorithm", "ML-DSA-87");
        refused(approve(PTB, write("algorithm.json", wrongAlgorithm)), 1, "must be ML-DSA-65");
        refused(release("approve", PTB, "--bundle", dir.resolve("absent.json").toString()), 2, "cannot read --bundle");

        // Signed by a non-manufacturer: the meter's granted key, in its own name.
        ReleaseBundle byMeter = ReleaseBundle.sign(message(METER, "E350-attacks", 2, "meter-made"), "https://x.example/m",
                net.meterKey);
        refused(approve(PTB, write("meter.json", byMeter)), 1, "holds no active MANUFACTURER grant for this key (WRONG_ROLE)");
        // Signed in ACME's name with a key that is not ACME's granted key.
        KeyPair attacker = ReleaseConsortium.key("attacker");
        ReleaseBundle impostor = ReleaseBundle.sign(message(ACME, "E350-attacks", 2, "evil"), "https://x.example/e", attacker);
        refused(approve(PTB, write("impostor.json", impostor)), 1, "(WRONG_KEY)");
        refused(submit("E350-attacks", 2, "evil", "attacker"), 1, "manufacturer-not-granted");

        // A stale bundle of another deployment, and a genuine bundle never submitted here.
        ReleaseBundle elsewhere = ReleaseBundle.sign(new ReleaseMessage(EmbeddedChain.CHAIN_ID,
                Address.fromHex("0x00000000000000000000000000000000000000aa"), ACME, Role.METER, DeviceType.of("E350-attacks"),
                2, 3, sha256Bytes("two"), Bytes32.wrap(Keccak.keccak256("two".getBytes()))), "https://x.example/2", net.acmeKey);
        refused(approve(PTB, write("elsewhere.json", elsewhere)), 1, "wrong-deployment");
        ReleaseBundle unsubmitted = ReleaseBundle.sign(message(ACME, "E350-attacks", 2, "two"), "https://x.example/2", net.acmeKey);
        refused(approve(PTB, write("unsubmitted.json", unsubmitted)), 1, "not-submitted");

        // An approver signing with a key no AUTHORITY grant holds.
        refused(release("approve", MSP, "--bundle", genuine.toString(), "--signing-key", seedFile("msp-key").toString(),
                "--authority", "MSP"), 1, "holds no active AUTHORITY grant for this key (UNKNOWN)");
        refused(release("approve", MSP, "--bundle", genuine.toString(), "--authority", "MSP"), 2, "go together");

        // Outsiders cannot file releases; the genuine one is still pending, no vote was cast.
        refused(release("submit", OUTSIDER, "--manufacturer", "ACME-Metering-GmbH", "--signing-key",
                seedFile(ACME_SEED).toString(), "--device-type", "E350-attacks", "--version", "9", "--image",
                image("nine").toString(), "--uri", "https://x.example/9", "--out", dir.resolve("nine.json").toString()),
                1, "NotSubmitter");
        assertEquals(0, show(genuine).json().get("approvals").asInt());
    }

    @Test
    void showPrintsWhatAnotherClientFiledEvenWithoutAModelName() throws Exception {
        // The contract takes any non-zero word as device type; bcpki's DeviceType is stricter.
        byte[] rawType = Bytes32.repeat((byte) 0xfe).toArrayUnsafe();
        byte[] signatureHash = Keccak.keccak256("raw".getBytes());
        org.bcpki.contracts.generated.SoftwareRegistry.load(net.softwareRegistry.toHex(), net.web3j,
                new org.web3j.tx.RawTransactionManager(net.web3j, ACME_ACCOUNT, EmbeddedChain.CHAIN_ID),
                new org.web3j.tx.gas.StaticGasProvider(java.math.BigInteger.ZERO, java.math.BigInteger.valueOf(1_000_000)))
                .submit(ACME.bytes(), java.math.BigInteger.valueOf(Role.CLS.code()), rawType, java.math.BigInteger.ONE,
                        java.math.BigInteger.TEN, Bytes32.repeat((byte) 1).toArrayUnsafe(), Bytes32.repeat((byte) 2).toArrayUnsafe(),
                        signatureHash, "x").send();
        String id = Bytes32.wrap(Keccak.keccak256(org.apache.tuweni.bytes.Bytes.concatenate(
                org.apache.tuweni.bytes.Bytes.wrap(ACME.bytes()), word(Role.CLS.code()), Bytes32.wrap(rawType), word(1), word(10),
                Bytes32.repeat((byte) 1), Bytes32.repeat((byte) 2), Bytes32.wrap(signatureHash)).toArrayUnsafe())).toHexString();
        CliRun shown = release("show", null, "--release-id", id, "--json");
        assertEquals(0, shown.code(), shown.err() + shown.out());
        assertEquals(Bytes32.wrap(rawType).toHexString(), shown.json().get("deviceType").asText());
        assertEquals("CLS", shown.json().get("deviceRole").asText());
        assertEquals("PENDING", shown.json().get("decision").asText());
    }

    private static Bytes32 word(long value) {
        return Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.ofUnsignedLong(value));
    }

    // ---------------------------------------------------------------- helpers

    private static CliRun submit(String deviceType, long version, String content, String seed) throws Exception {
        return release("submit", ACME_ACCOUNT, "--manufacturer", "ACME-Metering-GmbH", "--signing-key",
                seedFile(seed).toString(), "--device-type", deviceType, "--version", Long.toString(version), "--image",
                image(content).toString(), "--uri", "https://updates.acme.example/" + deviceType + "/" + version,
                "--out", bundlePath(deviceType, version).toString(), "--json");
    }

    private static CliRun approve(Credentials authority, Path bundle) throws Exception {
        return release("approve", authority, "--bundle", bundle.toString(), "--json");
    }

    private static CliRun show(Path bundle) throws Exception {
        return show(bundle, true);
    }

    private static CliRun show(Path bundle, boolean json) throws Exception {
        return json ? release("show", null, "--bundle", bundle.toString(), "--json")
                : release("show", null, "--bundle", bundle.toString());
    }

    private static CliRun release(String command, Credentials account, String... rest) throws Exception {
        List<String> all = new ArrayList<>(List.of("release", command, "--rpc", net.chain.rpcUrl(), "--registry",
                net.softwareRegistry.toHex()));
        if (account != null) {
            all.addAll(List.of("--key", keyFile(account).toString()));
        }
        all.addAll(List.of(rest));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void refused(CliRun run, int code, String reason) {
        assertEquals(code, run.code(), run.out() + run.err());
        assertTrue((run.err() + run.out()).contains(reason), run.err() + run.out());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    private static ReleaseMessage message(SubjectId manufacturer, String deviceType, long version, String content) {
        byte[] image = content.getBytes(StandardCharsets.UTF_8);
        return new ReleaseMessage(EmbeddedChain.CHAIN_ID, net.softwareRegistry, manufacturer, Role.METER,
                DeviceType.of(deviceType), version, image.length, sha256Bytes(content), Bytes32.wrap(Keccak.keccak256(image)));
    }

    private static Path bundlePath(String deviceType, long version) {
        return dir.resolve(deviceType + "-" + version + ".bundle.json");
    }

    private static Path image(String content) throws Exception {
        Path file = dir.resolve("image-" + Integer.toHexString(content.hashCode()) + ".bin");
        Files.writeString(file, content);
        return file;
    }

    private static Path write(String name, Object content) throws Exception {
        Path file = dir.resolve(name);
        if (content instanceof byte[] bytes) {
            Files.write(file, bytes);
        } else if (content instanceof ReleaseBundle bundle) {
            Files.write(file, ReleaseBundleJson.write(bundle));
        } else {
            Files.write(file, Output.mapper().writeValueAsBytes(content));
        }
        return file;
    }

    private static Path seedFile(String name) throws Exception {
        return TestKeyFiles.seed(dir, name);
    }

    private static Path keyFile(Credentials account) throws Exception {
        return TestKeyFiles.accountKey(dir, account);
    }

    private static Bytes32 sha256Bytes(String content) {
        try {
            return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String content) {
        return sha256Bytes(content).toHexString();
    }
}
