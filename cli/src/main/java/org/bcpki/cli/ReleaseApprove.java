package org.bcpki.cli;

import java.nio.file.Path;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.ReleaseApprovalCheck;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.release.ReleaseBundle;
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
        SoftwareRegistryClient client = chain.signingClient(web3j);
        ReleaseApprovalCheck check = new ReleaseApprovalCheck(client);
        check.check(bundle);
        Bytes32 id = bundle.releaseId();
        Bytes32 approvalHash = Bytes32.ZERO;
        if (signingKey != null) {
            bundle = check.sign(bundle, ReleaseCommand.subject(authority, "--authority"),
                    ReleaseOptions.signingKey(signingKey));
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

    @Override
    String text(Map<String, Object> r) {
        return "approved " + r.get("releaseId") + " (" + r.get("approvals") + " approvals, release " + r.get("status")
                + ") in tx " + r.get("transactionHash") + (Boolean.TRUE.equals(r.get("signed"))
                ? "; signed bundle written to " + r.get("bundle") : "");
    }
}
