package org.bcpki.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Check a release bundle (its manufacturer's signature against the manufacturer's on-chain grant), "
                + "optionally add this authority's signature, and vote to approve it (as an authority for its device role).")
final class ReleaseApprove extends ReleaseCommand.Action {
    @Option(names = "--bundle", required = true, description = "The release bundle ('release submit' wrote it).")
    Path bundleFile;
    @Option(names = "--signing-key", description = "This authority's ML-DSA-65 key seed (64 hex digits), the key of "
            + "its AUTHORITY grant: adds its signature to the bundle.")
    Path signingKey;
    @Option(names = "--authority", description = "This authority's subject (identity or 0x id); with --signing-key.")
    String authority;
    @Option(names = "--out", description = "Where to write the bundle with the added signature (default: over --bundle).")
    Path out;

    @Override
    Map<String, Object> act(Web3j web3j) throws Exception {
        if ((signingKey == null) != (authority == null)) {
            throw new UsageError("--signing-key and --authority go together");
        }
        ReleaseBundle bundle = ReleaseCommand.readBundle(bundleFile);
        checkDeployment(web3j, bundle.release());
        RegistryClient identities = chain.identities(web3j);
        long now = chainTime(web3j);
        ReleaseSigners.requireGranted(identities, bundle.release().manufacturer(), Role.MANUFACTURER,
                bundle.manufacturerSignature().keyHash(), now, "manufacturer-not-granted");
        SoftwareRegistryClient client = chain.signingClient(web3j);
        Bytes32 id = bundle.releaseId();
        ReleaseRecord record = client.release(id);
        if (record.status() == ReleaseStatus.NONE) {
            throw new ReleaseRefused("not-submitted", "release " + id + " of this bundle was never submitted to "
                    + chain.registryAddress());
        }
        if (!record.manufacturerKeyHash().equals(bundle.manufacturerSignature().keyHash())) {
            throw new ReleaseRefused("manufacturer-not-granted", "the bundle's manufacturer key is not the one the "
                    + "manufacturer's grant held when the release was submitted");
        }
        Bytes32 approvalHash = Bytes32.ZERO;
        if (signingKey != null) {
            bundle = sign(identities, bundle, now);
            approvalHash = bundle.approvals().get(bundle.approvals().size() - 1).signatureHash();
        }
        Map<String, Object> result = tx(client.approve(id, bundle.signatureHash(), approvalHash));
        if (signingKey != null) {
            ReleaseCommand.writeBundle(out != null ? out : bundleFile, bundle);
        }
        result.put("releaseId", id.toHexString());
        result.put("status", client.release(id).status().name());
        result.put("approvals", client.approvalVotes(id));
        result.put("signed", signingKey != null);
        result.put("bundle", (out != null ? out : bundleFile).toString());
        return result;
    }

    /** A bundle for another chain or another registry is stale or misdirected: never approve it here. */
    private void checkDeployment(Web3j web3j, ReleaseMessage release) throws Exception {
        long chainId = chain.chainId(web3j);
        if (release.chainId() != chainId || !release.registry().equals(chain.registryAddress())) {
            throw new ReleaseRefused("wrong-deployment", "the bundle is for registry " + release.registry().toHex()
                    + " on chain " + release.chainId() + ", not " + chain.registryAddress().toHex() + " on chain " + chainId);
        }
    }

    private ReleaseBundle sign(RegistryClient identities, ReleaseBundle bundle, long now) throws Exception {
        SubjectId self = ReleaseCommand.subject(authority, "--authority");
        KeyPair key = ReleaseOptions.signingKey(signingKey);
        Bytes32 keyHash = Bytes32.wrap(SignatureSuite.of(KeyAlgorithm.ML_DSA_65).keyHash(key.getPublic()));
        ReleaseSigners.requireGranted(identities, self, Role.AUTHORITY, keyHash, now, "signer-not-granted");
        try {
            return bundle.approvedBy(self, key);
        } catch (IllegalArgumentException e) {
            throw new ReleaseRefused("already-signed", e.getMessage());
        }
    }

    @Override
    String text(Map<String, Object> r) {
        return "approved " + r.get("releaseId") + " (" + r.get("approvals") + " approvals, release " + r.get("status")
                + ") in tx " + r.get("transactionHash") + (Boolean.TRUE.equals(r.get("signed"))
                ? "; signed bundle written to " + r.get("bundle") : "");
    }
}
