package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.ReleaseRefused;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.release.ReleaseStatus;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Submit, approve, revoke and show firmware releases (SoftwareRegistry, issue #20).",
        subcommands = {ReleaseSubmit.class, ReleaseApprove.class, ReleaseCommand.Revoke.class, ReleaseCommand.Show.class})
final class ReleaseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (submit, approve, revoke, show)");
    }

    /** A release command's chain action, with the shared --rpc/--registry/--key/--json options. */
    abstract static class Action extends ChainCall {
        @Mixin
        ReleaseOptions chain;

        @Override
        Web3j connect() {
            return chain.web3j();
        }

        @Override
        String rpc() {
            return chain.rpc;
        }

        @Override
        boolean json() {
            return chain.json;
        }
    }

    /** A bundle file, parsed strictly: unreadable is a usage error, malformed a refusal. */
    static ReleaseBundle readBundle(Path file) throws ReleaseRefused {
        byte[] bytes;
        try {
            if (Files.size(file) > ReleaseBundleJson.MAX_BYTES) {
                throw new ReleaseRefused("malformed-bundle", file + " is larger than a release bundle can be");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageError("cannot read --bundle " + file + ": " + e.getMessage());
        }
        try {
            return ReleaseBundleJson.parse(bytes);
        } catch (MalformedDataException e) {
            throw new ReleaseRefused("malformed-bundle", file + " is not a valid release bundle: " + e.getMessage());
        }
    }

    static void writeBundle(Path file, ReleaseBundle bundle) {
        try {
            Files.write(file, ReleaseBundleJson.write(bundle));
        } catch (IOException e) {
            throw new UsageError("cannot write the bundle " + file + ": " + e.getMessage());
        }
    }

    static SubjectId subject(String text, String option) {
        try {
            return text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError(option + ": " + e.getMessage());
        }
    }

    /** Which release: its id, or a bundle file naming it. */
    static final class Target {
        @Option(names = "--release-id", required = true, description = "0x release id.")
        String releaseId;
        @Option(names = "--bundle", required = true, description = "A release bundle file.")
        Path bundle;

        Bytes32 id() throws ReleaseRefused {
            if (bundle != null) {
                return readBundle(bundle).releaseId();
            }
            try {
                return Hex.bytes32(releaseId, "--release-id");
            } catch (MalformedDataException e) {
                throw new UsageError("--release-id must be 0x and 64 hex digits");
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Vote to revoke a release (as an authority for its device role); final at r votes.")
    static final class Revoke extends Action {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
        @Option(names = "--reason", required = true, description = "Why (recorded in the event), e.g. a CVE.")
        String reason;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            Bytes32 id = target.id();
            SoftwareRegistryClient client = chain.signingClient(web3j);
            Map<String, Object> result = tx(client.revoke(id, reason));
            result.put("releaseId", id.toHexString());
            result.put("status", client.release(id).status().name());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return "revocation of " + r.get("releaseId") + " sent in tx " + r.get("transactionHash") + "; status now "
                    + r.get("status");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a release's on-chain record and its device type's minimum version. Exit 1 when none.")
    static final class Show extends Action {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            Bytes32 id = target.id();
            SoftwareRegistryClient reader = chain.reader(web3j);
            ReleaseRecord record = reader.release(id);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("found", record.status() != ReleaseStatus.NONE);
            result.put("releaseId", id.toHexString());
            result.put("status", record.status().name());
            if (record.status() == ReleaseStatus.NONE) {
                return result;
            }
            SubjectId manufacturer = SubjectId.ofBytes(record.manufacturer().toArrayUnsafe());
            DeviceTypeState state = reader.deviceType(ReleaseLayout.typeKey(record));
            result.put("decision", record.decide(state, null).name());
            result.put("manufacturer", manufacturer.toHex());
            result.put("deviceRole", roleName(record.deviceRoleCode()));
            result.put("deviceType", deviceTypeName(record.deviceType()));
            result.put("version", record.version());
            result.put("size", record.size());
            result.put("sha256", record.imageSha256().toHexString());
            result.put("keccak256", record.imageKeccak256().toHexString());
            result.put("manufacturerKeyHash", record.manufacturerKeyHash().toHexString());
            result.put("signatureHash", record.signatureHash().toHexString());
            result.put("approvals", reader.approvalVotes(id));
            result.put("approvedAt", record.approvedAt());
            result.put("revokedAt", record.revokedAt());
            result.put("minimumVersion", state.minimumVersion());
            result.put("latestVersion", state.latestVersion());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            if (Boolean.FALSE.equals(r.get("found"))) {
                return r.get("releaseId") + ": no release on chain";
            }
            return String.format("%s%n  status       %s (install decision %s)%n  device       %s %s (%s), version %s%n"
                            + "  image        %s bytes, sha256 %s%n               keccak256 %s%n  manufacturer %s%n"
                            + "  approvals    %s, approved %s, revoked %s%n  minimum      %s (latest approved %s)",
                    r.get("releaseId"), r.get("status"), r.get("decision"), r.get("deviceType"), r.get("deviceRole"),
                    r.get("manufacturer"), r.get("version"), r.get("size"), r.get("sha256"), r.get("keccak256"),
                    r.get("manufacturer"), r.get("approvals"), time((Long) r.get("approvedAt")), time((Long) r.get("revokedAt")),
                    r.get("minimumVersion"), r.get("latestVersion"));
        }

        /** The model name, or the raw word when another client filed something that is not one. */
        private static String deviceTypeName(Bytes32 word) {
            try {
                return new DeviceType(word).name();
            } catch (IllegalArgumentException e) {
                return word.toHexString();
            }
        }

        private static String time(long seconds) {
            return seconds == 0 ? "-" : Instant.ofEpochSecond(seconds).toString();
        }

        private static String roleName(int code) {
            try {
                return Role.fromCode(code).name();
            } catch (IllegalArgumentException e) {
                return "code " + code;
            }
        }
    }
}
