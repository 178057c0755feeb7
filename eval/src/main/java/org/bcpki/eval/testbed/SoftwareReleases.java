package org.bcpki.eval.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.ProposalKind;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseMessage;

/**
 * Firmware releases on the testbed (issue #20). The meter manufacturer (an ML-DSA-65 MANUFACTURER
 * grant; its account is the registry's enroller) signs releases and files them in the
 * SoftwareRegistry; the approvers' services ({@link Testbed#RELEASE_APPROVERS}) check each bundle
 * against the chain and countersign it through {@code POST /v1/releases}, and revoke through
 * {@code POST /v1/releases/{id}/revocation}, each called by its operator.
 */
public final class SoftwareReleases {
    public static final String MANUFACTURER_NAME = "ACME-Metering-GmbH";
    public static final SubjectId MANUFACTURER = SubjectId.parse(MANUFACTURER_NAME);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MANUFACTURER_VALIDITY = Duration.ofDays(5 * 365);

    private final Testbed bed;
    private final KeyPair manufacturerKey;
    private final SoftwareRegistryClient filer;

    /** One approver's answer: the bundle with every countersignature so far, the release's status, the vote's block. */
    public record Approval(ReleaseBundle bundle, String status, long block, long bytes) {}

    /** A revocation vote, mined in {@code block}. */
    public record Revocation(long block, long bytes) {}

    private SoftwareReleases(Testbed bed, KeyPair manufacturerKey) throws Exception {
        this.bed = bed;
        this.manufacturerKey = manufacturerKey;
        this.filer = SoftwareRegistryClient.connect(bed.web3j(bed.validatorUrls().get(0)), bed.softwareRegistry(),
                bed.credentials(Testbed.MANUFACTURER_ACCOUNT), Testbed.CHAIN_ID);
    }

    /**
     * Governance lets MANUFACTURER grants exist (their maximum validity is 0 until the authorities set
     * one), then the manufacturer's key and each approver's key are granted, 2 of 3 as any grant.
     */
    static SoftwareReleases enable(Testbed bed, Map<Integer, KeyPair> approvalKeys) throws Exception {
        RegistryClient proposer = authority(bed, 0);
        proposer.proposeDuration(ProposalKind.SET_MAX_VALIDITY, RegistrySetup.roleMask(Set.of(Role.MANUFACTURER)),
                MANUFACTURER_VALIDITY);
        authority(bed, 1).approveProposal(proposer.proposalCount());

        KeyPair manufacturerKey = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).generate(new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(1 + approvalKeys.size());
        try {
            List<Future<Testbed.GrantOutcome>> grants = new ArrayList<>();
            grants.add(pool.submit(() -> bed.requestGrant(MANUFACTURER, MANUFACTURER_NAME, Role.MANUFACTURER,
                    KeyAlgorithm.ML_DSA_65, manufacturerKey, List.of(0, 1), TIMEOUT)));
            approvalKeys.forEach((index, key) -> {
                String name = Testbed.AUTHORITY_NAMES.get(index);
                grants.add(pool.submit(() -> bed.requestGrant(SubjectId.parse(name), name, Role.AUTHORITY,
                        KeyAlgorithm.ML_DSA_65, key, List.of(0, 1), TIMEOUT)));
            });
            for (Future<Testbed.GrantOutcome> grant : grants) {
                Testbed.GrantOutcome outcome = grant.get();
                if (!outcome.state().equals("ACTIVE")) {
                    throw new IllegalStateException("a release signer's grant " + outcome.requestId() + " ended "
                            + outcome.state() + " " + outcome.reason());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new SoftwareReleases(bed, manufacturerKey);
    }

    /** The authority's own account, for the governance vote its service's API does not offer. */
    private static RegistryClient authority(Testbed bed, int index) throws Exception {
        List<String> urls = bed.validatorUrls();
        return RegistryClient.connect(bed.web3j(urls.get(index % urls.size())), bed.registry(), bed.credentials(index + 1),
                Testbed.CHAIN_ID);
    }

    /** The manufacturer signs a METER release of {@code image} and files it; {@code uri} is where it can be fetched. */
    public ReleaseBundle file(DeviceType deviceType, long version, byte[] image, String uri) throws Exception {
        ReleaseMessage message = new ReleaseMessage(Testbed.CHAIN_ID, bed.softwareRegistry(), MANUFACTURER, Role.METER,
                deviceType, version, image.length, sha256(image), Bytes32.wrap(Keccak.keccak256(image)));
        ReleaseBundle bundle = ReleaseBundle.sign(message, uri, manufacturerKey);
        filer.submit(bundle);
        return bundle;
    }

    /** Authority {@code index}'s operator hands in the bundle: the service checks it, countersigns and votes. */
    public Approval approve(int index, ReleaseBundle bundle) throws Exception {
        AuthorityApi.Reply reply = bed.operator(index).postBytes("/v1/releases", ReleaseBundleJson.write(bundle));
        Testbed.require(reply, 201, "release approval at " + Testbed.AUTHORITY_NAMES.get(index));
        JsonNode body = reply.body();
        ReleaseBundle countersigned = ReleaseBundleJson.parse(body.get("bundle").toString().getBytes(StandardCharsets.UTF_8));
        return new Approval(countersigned, body.get("status").asText(), body.get("blockNumber").asLong(), reply.bytes());
    }

    /** Authority {@code index}'s operator revokes the release (one vote suffices, r = 1). */
    public Revocation revoke(int index, Bytes32 releaseId, String reason) throws Exception {
        AuthorityApi.Reply reply = bed.operator(index).post("/v1/releases/" + releaseId.toHexString() + "/revocation",
                AuthorityApi.object().put("reason", reason));
        Testbed.require(reply, 200, "release revocation at " + Testbed.AUTHORITY_NAMES.get(index));
        return new Revocation(reply.body().get("blockNumber").asLong(), reply.bytes());
    }

    private static Bytes32 sha256(byte[] data) throws NoSuchAlgorithmException {
        return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
