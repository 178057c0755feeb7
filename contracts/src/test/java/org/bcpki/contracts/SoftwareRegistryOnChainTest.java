package org.bcpki.contracts;

import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME;
import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME_ACCOUNT;
import static org.bcpki.contracts.testnet.ReleaseConsortium.GWA;
import static org.bcpki.contracts.testnet.ReleaseConsortium.METER;
import static org.bcpki.contracts.testnet.ReleaseConsortium.MSP;
import static org.bcpki.contracts.testnet.ReleaseConsortium.OUTSIDER;
import static org.bcpki.contracts.testnet.ReleaseConsortium.PTB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseDecision;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.StateProofs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthGetProof;

/**
 * The SoftwareRegistry on the embedded QBFT network (issue #20): k-of-n approval bound to one
 * manufacturer signature, the refusals (outsiders, non-manufacturers, wrong roles, double votes, a
 * stale signature hash, a manufacturer revoked since submission), revocation, rollback below the
 * minimum version, and core's ReleaseLayout against eth_getStorageAt and eth_getProof.
 * Each test uses its own device type, so they do not depend on each other's order.
 */
class SoftwareRegistryOnChainTest {
    @TempDir
    static Path dir;
    static ReleaseConsortium net;

    @BeforeAll
    static void start() throws Exception {
        net = ReleaseConsortium.start(dir);
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void compilerLayoutIsTheOneCoreExpects() {
        RegistryArtifact artifact = RegistryArtifact.softwareRegistry();
        assertEquals(ReleaseLayout.RELEASES_SLOT, artifact.stateVariableSlot("releases"));
        assertEquals(ReleaseLayout.RECORD_HASHES_SLOT, artifact.stateVariableSlot("recordHashes"));
        assertEquals(ReleaseLayout.DEVICE_TYPES_SLOT, artifact.stateVariableSlot("deviceTypes"));
        assertEquals(ReleaseLayout.APPROVAL_VOTES_SLOT, artifact.stateVariableSlot("approvalVotes"));
        assertEquals(List.of("status@0:0", "deviceRole@0:1", "version@0:2", "size@0:10", "approvedAt@0:18",
                "revokedAt@0:23", "manufacturer@1:0", "deviceType@2:0", "imageSha256@3:0", "imageKeccak256@4:0",
                "manufacturerKeyHash@5:0", "signatureHash@6:0"), members(artifact, "Release"));
        assertEquals(List.of("minimumVersion@0:0", "latestVersion@0:8"), members(artifact, "DeviceTypeState"));
    }

    @Test
    void approvedAtKOfNAndProvableWithEthGetProof() throws Exception {
        ReleaseBundle bundle = bundle("E350-approve", 1, "image v1");
        TxOutcome submitted = net.software(ACME_ACCOUNT).submit(bundle);
        Bytes32 id = bundle.releaseId();
        ReleaseRecord pending = net.software(PTB).release(id);
        assertEquals(ReleaseStatus.PENDING, pending.status(), "the contract's release id is core's");
        assertEquals(SoftwareRegistryClient.readOnly(net.web3j, net.softwareRegistry).release(id), pending);
        assertEquals(Bytes32.wrap(org.bcpki.core.crypto.SignatureSuite.keyHash(
                net.acmeKey.getPublic().getEncoded())), pending.manufacturerKeyHash(), "the grant's key hash at submission");
        assertStoredAsCoreSays(id, submitted.blockNumber());
        assertEquals("ReleaseExists", refusal(() -> net.software(ACME_ACCOUNT).submit(bundle)));

        assertEquals("NotAuthority", refusal(() -> approve(OUTSIDER, bundle)));
        assertEquals("NotAuthority", refusal(() -> approve(ACME_ACCOUNT, bundle)), "the manufacturer cannot approve");
        assertEquals("RoleNotAllowed", refusal(() -> approve(GWA, bundle)), "GWA approves SMGW only");
        assertEquals("SignatureMismatch", refusal(() -> net.software(PTB).approve(id,
                Bytes32.wrap(Keccak.keccak256("another signature".getBytes())), Bytes32.ZERO)), "a vote binds one bundle");
        TxOutcome firstVote = approve(PTB, bundle);
        assertEquals(ReleaseStatus.PENDING, net.software(PTB).release(id).status(), "one of k = 2");
        // Seats in ReleaseConsortium's order: PTB is authority 0, MSP 1.
        assertEquals(ReleaseLayout.packApprovalVotes(0b01),
                storageAt(ReleaseLayout.approvalVotesSlot(id), firstVote.blockNumber()));
        assertEquals("AlreadyVoted", refusal(() -> approve(PTB, bundle)));
        TxOutcome approved = approve(MSP, bundle);

        ReleaseRecord record = net.software(PTB).release(id);
        assertEquals(ReleaseStatus.APPROVED, record.status());
        assertEquals(Role.METER.code(), record.deviceRoleCode());
        assertEquals(1, record.version());
        assertEquals(bundle.release().size(), record.size());
        assertEquals(bundle.release().imageSha256(), record.imageSha256());
        assertEquals(bundle.signatureHash(), record.signatureHash());
        DeviceTypeState state = net.software(PTB).deviceType(ACME, Role.METER, DeviceType.of("E350-approve"));
        assertEquals(new DeviceTypeState(1, 1), state);
        assertEquals(ReleaseDecision.APPROVED, record.decide(state, bundle.release().imageSha256()));
        assertEquals(ReleaseDecision.WRONG_IMAGE, record.decide(state, sha256("tampered".getBytes())));
        assertEquals("NotPending", refusal(() -> approve(GWA, bundle)), "the approval votes are final once APPROVED");
        assertStoredAsCoreSays(id, approved.blockNumber());
        assertProven(id, bundle.release(), approved.blockNumber(), record, state, 0b11);
        // Transaction gas as the node charges it (contracts/README.md): budgets, so a regression shows.
        assertTrue(submitted.gasUsed() <= 250_000, "submit " + submitted.gasUsed());
        assertTrue(firstVote.gasUsed() <= 100_000, "vote " + firstVote.gasUsed());
        assertTrue(approved.gasUsed() <= 120_000, "approving vote " + approved.gasUsed());
    }

    @Test
    void submissionsNeedAnEnrollerAndAGrantedManufacturer() throws Exception {
        assertEquals("NotSubmitter", refusal(() -> net.software(OUTSIDER).submit(bundle("E350-submit", 1, "x"))));
        // A bundle "by" the meter, signed correctly with the meter's granted key: the meter is no manufacturer.
        ReleaseMessage byMeter = message(METER, "E350-submit", 1, "x".getBytes());
        ReleaseBundle meterSigned = ReleaseBundle.sign(byMeter, "https://example.org/x", net.meterKey);
        assertEquals("ManufacturerNotValid", refusal(() -> net.software(ACME_ACCOUNT).submit(meterSigned)));
        // A subject nobody granted.
        ReleaseMessage byNobody = message(SubjectId.parse("Unknown-Manufacturer"), "E350-submit", 1, "x".getBytes());
        ReleaseBundle nobodySigned = ReleaseBundle.sign(byNobody, "https://example.org/x", net.acmeKey);
        assertEquals("ManufacturerNotValid", refusal(() -> net.software(ACME_ACCOUNT).submit(nobodySigned)));
    }

    @Test
    void aManufacturerRevokedSinceSubmissionCannotBeApproved() throws Exception {
        SubjectId other = SubjectId.parse("Short-Lived-Manufacturer");
        KeyPair key = ReleaseConsortium.key("short-lived");
        net.grant(other, Role.MANUFACTURER, key);
        ReleaseBundle bundle = ReleaseBundle.sign(message(other, "SL-1", 1, "sl".getBytes()), "https://sl.example/1", key);
        net.software(ACME_ACCOUNT).submit(bundle);
        approve(PTB, bundle);
        net.identity(MSP).revoke(other, "signing key leaked");
        assertEquals("ManufacturerNotValid", refusal(() -> approve(MSP, bundle)));
        assertEquals(ReleaseStatus.PENDING, net.software(PTB).release(bundle.releaseId()).status());
    }

    @Test
    void revocationIsFinalAndSealed() throws Exception {
        ReleaseBundle bundle = bundle("E350-revoke", 1, "vulnerable image");
        net.software(ACME_ACCOUNT).submit(bundle);
        approve(PTB, bundle);
        approve(MSP, bundle);
        Bytes32 id = bundle.releaseId();
        assertEquals("NotAuthority", refusal(() -> net.software(OUTSIDER).revoke(id, "no")));
        assertEquals("RoleNotAllowed", refusal(() -> net.software(GWA).revoke(id, "not its role")));
        TxOutcome revoked = net.software(MSP).revoke(id, "CVE-2026-0001"); // r = 1
        assertTrue(revoked.gasUsed() <= 100_000, "revoke " + revoked.gasUsed());
        ReleaseRecord record = net.software(PTB).release(id);
        assertEquals(ReleaseStatus.REVOKED, record.status());
        assertEquals(ReleaseDecision.REVOKED, record.decide(net.software(PTB).deviceType(ACME, Role.METER, DeviceType.of("E350-revoke")),
                bundle.release().imageSha256()));
        assertStoredAsCoreSays(id, revoked.blockNumber());
        assertEquals("AlreadyRevoked", refusal(() -> net.software(PTB).revoke(id, "again")));
        assertEquals("UnknownRelease", refusal(() -> net.software(PTB).revoke(Bytes32.ZERO, "none")));
    }

    @Test
    void rollbackBelowTheMinimumIsRefused() throws Exception {
        String type = "E350-rollback";
        ReleaseBundle v2 = bundle(type, 2, "v2");
        ReleaseBundle v3 = bundle(type, 3, "v3");
        ReleaseBundle v4 = bundle(type, 4, "v4");
        net.software(ACME_ACCOUNT).submit(v3);
        net.software(ACME_ACCOUNT).submit(v4);
        approve(PTB, v4);
        approve(MSP, v4);
        assertEquals(new DeviceTypeState(4, 4), net.software(PTB).deviceType(ACME, Role.METER, DeviceType.of(type)));
        assertEquals("BelowMinimumVersion", refusal(() -> approve(PTB, v3)), "v3 after v4 is a rollback");
        assertEquals("BelowMinimumVersion", refusal(() -> net.software(ACME_ACCOUNT).submit(v2)));
        assertEquals("NotNewerThanLatest", refusal(() -> net.software(ACME_ACCOUNT).submit(bundle(type, 4, "other v4"))),
                "one approved image per version");

        // r = 1 authority raises the minimum past a pending v5 (found vulnerable before approval).
        ReleaseBundle v5 = bundle(type, 5, "v5");
        net.software(ACME_ACCOUNT).submit(v5);
        assertEquals("RoleNotAllowed", refusal(() -> net.software(GWA).raiseMinimumVersion(ACME, DeviceType.of(type), Role.METER, 6)));
        net.software(PTB).raiseMinimumVersion(ACME, DeviceType.of(type), Role.METER, 6);
        DeviceTypeState raised = net.software(PTB).deviceType(ACME, Role.METER, DeviceType.of(type));
        assertEquals(new DeviceTypeState(6, 4), raised);
        assertEquals("BelowMinimumVersion", refusal(() -> approve(PTB, v5)));
        assertEquals("BelowMinimumVersion", refusal(() -> net.software(PTB).raiseMinimumVersion(ACME, DeviceType.of(type),
                Role.METER, 5)), "never lowered");
        assertEquals(ReleaseDecision.BELOW_MINIMUM, net.software(PTB).release(v4.releaseId()).decide(raised, null));
        // Another manufacturer's device type of the same name is not affected.
        assertEquals(DeviceTypeState.NONE, net.software(PTB).deviceType(METER, Role.METER, DeviceType.of(type)));
        // GWA may raise the minimum of ACME's SMGW line only; the METER line of the same name keeps its own.
        net.software(GWA).raiseMinimumVersion(ACME, DeviceType.of(type), Role.SMGW, 100);
        assertEquals(new DeviceTypeState(100, 0), net.software(PTB).deviceType(ACME, Role.SMGW, DeviceType.of(type)));
        assertEquals(raised, net.software(PTB).deviceType(ACME, Role.METER, DeviceType.of(type)));
    }

    // ---------------------------------------------------------------- helpers

    private static TxOutcome approve(org.web3j.crypto.Credentials authority, ReleaseBundle bundle) throws Exception {
        return net.software(authority).approve(bundle.releaseId(), bundle.signatureHash(), Bytes32.ZERO);
    }

    static ReleaseBundle bundle(String deviceType, long version, String image) {
        return ReleaseBundle.sign(message(ACME, deviceType, version, image.getBytes(StandardCharsets.UTF_8)),
                "https://updates.acme.example/" + deviceType + "/" + version, net.acmeKey);
    }

    static ReleaseMessage message(SubjectId manufacturer, String deviceType, long version, byte[] image) {
        return new ReleaseMessage(EmbeddedChain.CHAIN_ID, net.softwareRegistry, manufacturer, Role.METER,
                DeviceType.of(deviceType), version, image.length, sha256(image), Bytes32.wrap(Keccak.keccak256(image)));
    }

    static Bytes32 sha256(byte[] data) {
        try {
            return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String refusal(Executable call) {
        return assertThrows(RegistryRejectedException.class, call).errorName();
    }

    /** Each record slot read with eth_getStorageAt equals core's words, and recordHashes their hash. */
    private static void assertStoredAsCoreSays(Bytes32 id, long block) throws Exception {
        ReleaseRecord record = net.software(PTB).release(id);
        List<Bytes32> expected = ReleaseLayout.words(record);
        List<Bytes32> slots = ReleaseLayout.recordSlots(id);
        for (int i = 0; i < ReleaseLayout.WORDS_PER_RECORD; i++) {
            assertEquals(expected.get(i), storageAt(slots.get(i), block), "word " + i);
        }
        assertEquals(ReleaseLayout.recordHash(record), storageAt(ReleaseLayout.recordHashSlot(id), block));
        assertEquals(record, ReleaseLayout.decode(slots.stream().map(s -> storageAtUnchecked(s, block)).toList()));
    }

    /**
     * recordHashes[id], deviceTypes[typeKey] and approvalVotes[id] proven from the block's state root
     * with core's StateProofs.
     */
    private static void assertProven(Bytes32 id, ReleaseMessage release, long block, ReleaseRecord record,
            DeviceTypeState state, int approvalVotes) throws Exception {
        Bytes32 hashSlot = ReleaseLayout.recordHashSlot(id);
        Bytes32 typeSlot = ReleaseLayout.deviceTypeSlot(release.typeKey());
        Bytes32 votesSlot = ReleaseLayout.approvalVotesSlot(id);
        EthGetProof.Proof proof = net.web3j.ethGetProof(net.softwareRegistry.toHex(),
                List.of(hashSlot.toHexString(), typeSlot.toHexString(), votesSlot.toHexString()),
                "0x" + Long.toHexString(block))
                .send().getProof();
        Bytes32 stateRoot = Bytes32.fromHexString(net.web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send().getBlock().getStateRoot());
        AccountState account = StateProofs.account(stateRoot, net.softwareRegistry.value(), nodes(proof.getAccountProof()))
                .orElseThrow();
        assertEquals(ReleaseLayout.recordHash(record),
                StateProofs.storage(account.storageRoot(), hashSlot, storageProof(proof, hashSlot)));
        assertEquals(ReleaseLayout.packDeviceType(state),
                StateProofs.storage(account.storageRoot(), typeSlot, storageProof(proof, typeSlot)));
        assertEquals(approvalVotes, ReleaseLayout.decodeApprovalVotes(
                StateProofs.storage(account.storageRoot(), votesSlot, storageProof(proof, votesSlot))));
    }

    private static List<Bytes> storageProof(EthGetProof.Proof proof, Bytes32 slot) {
        return proof.getStorageProof().stream()
                .filter(p -> Bytes32.fromHexStringLenient(p.getKey()).equals(slot))
                .findFirst().map(p -> nodes(p.getProof()))
                .orElseThrow(() -> new AssertionError("no storage proof for " + slot));
    }

    private static List<Bytes> nodes(List<String> hex) {
        return hex.stream().map(Bytes::fromHexString).toList();
    }

    private static Bytes32 storageAt(Bytes32 slot, long block) throws Exception {
        String value = net.web3j.ethGetStorageAt(net.softwareRegistry.toHex(), slot.toUnsignedBigInteger(),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send().getData();
        return Bytes32.leftPad(Bytes.fromHexString(value));
    }

    private static Bytes32 storageAtUnchecked(Bytes32 slot, long block) {
        try {
            return storageAt(slot, block);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> members(RegistryArtifact artifact, String struct) {
        List<String> placed = new ArrayList<>();
        for (var types = artifact.storageLayout().get("types").fields(); types.hasNext(); ) {
            var type = types.next();
            if (type.getKey().startsWith("t_struct(" + struct + ")")) {
                for (JsonNode member : type.getValue().get("members")) {
                    placed.add(member.get("label").asText() + "@" + member.get("slot").asText() + ":"
                            + member.get("offset").asInt());
                }
            }
        }
        return placed;
    }
}
