package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.web3j.protocol.Web3j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Request, approve, revoke and show on-chain grants (IdentityRegistry).",
        subcommands = {GrantCommand.Request.class, GrantCommand.Approve.class, GrantCommand.Revoke.class,
                GrantCommand.Suspend.class, GrantCommand.Reinstate.class, GrantCommand.Rotate.class,
                GrantCommand.Show.class, GrantCommand.Anchor.class})
final class GrantCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required (request, approve, revoke, show, anchor)");
    }

    /** A grant command's chain action, with the shared --rpc/--registry/--key/--json options. */
    abstract static class ChainAction extends ChainCall {
        @Mixin
        GrantOptions chain;

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

    static SubjectId subject(String text) {
        try {
            return text.startsWith("0x") ? SubjectId.ofHex(text) : SubjectId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--subject: " + e.getMessage());
        }
    }

    static byte[] bytes32(String hex, String option) {
        try {
            return Hex.bytes(hex, 32, option);
        } catch (MalformedDataException e) {
            throw new UsageError(option + " must be 0x and 64 hex digits: " + e.getMessage());
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "File a grant request (as a registrar or authority account).")
    static final class Request extends ChainAction {
        @Option(names = "--subject", required = true, description = "Identity (meter id, organisation) or 0x subject id.")
        String subject;
        @Option(names = "--role", required = true, description = "Role, e.g. METER, SMGW, EMT.")
        String role;
        @Option(names = "--public-key", required = true,
                description = "File with the subject's public key: SPKI DER, or its base64 / PEM text.")
        Path publicKey;
        @Option(names = "--attestation-hash", description = "0x hash of the device's PUF enrollment record, anchored "
                + "first with 'grant anchor' (default zero: none).")
        String attestationHash;
        @Option(names = "--not-before", description = "Unix seconds (default now).")
        Long notBefore;
        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default 365).")
        long days;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            Role parsedRole;
            try {
                parsedRole = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--role: " + e.getMessage());
            }
            return file(chain.signingClient(web3j), subject(subject), parsedRole, publicKey, attestationHash, notBefore, days);
        }

        /** Files requestGrant for {@code id} with the key in {@code publicKey}; the result names the request. */
        static Map<String, Object> file(RegistryClient client, SubjectId id, Role role, Path publicKey, String attestationHash,
                Long notBefore, long days) throws Exception {
            byte[] spki = readKey(publicKey);
            KeyAlgorithm algorithm;
            try {
                algorithm = SignatureSuite.identify(spki);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--public-key: " + e.getMessage());
            }
            if (days <= 0) {
                throw new UsageError("--days must be positive");
            }
            long start = notBefore != null ? notBefore : Instant.now().getEpochSecond();
            GrantSubmission submission = new GrantSubmission(id, role, algorithm,
                    SignatureSuite.keyHash(spki), attestationHash == null ? new byte[32] : bytes32(attestationHash,
                    "--attestation-hash"), start, start + days * 86_400, spki);
            Map<String, Object> result = tx(client.requestGrant(submission));
            result.put("requestId", Hex.data(submission.requestId()));
            result.put("subjectId", id.toHex());
            result.put("role", role.name());
            result.put("algorithm", algorithm.displayName());
            result.put("keyHash", Hex.data(submission.keyHash()));
            result.put("notBefore", submission.notBefore());
            result.put("notAfter", submission.notAfter());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return "requested " + r.get("requestId") + " for " + r.get("subjectId") + " (" + r.get("role") + ", "
                    + r.get("algorithm") + ") in tx " + r.get("transactionHash");
        }

        private static byte[] readKey(Path file) {
            try {
                byte[] raw = Files.readAllBytes(file);
                String text = new String(raw, java.nio.charset.StandardCharsets.US_ASCII).strip();
                if (text.startsWith("-----BEGIN")) {
                    text = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                    return Base64.getDecoder().decode(text);
                }
                if (raw.length > 0 && raw[0] == 0x30) {
                    return raw; // DER
                }
                return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            } catch (IOException e) {
                throw new UsageError("cannot read --public-key " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageError("--public-key " + file + " is neither DER, PEM nor base64");
            }
        }
    }

    @Command(name = "anchor", mixinStandardHelpOptions = true,
            description = "Anchor a device's PUF enrollment record hash (as an enroller: manufacturer, calibration lab).")
    static final class Anchor extends ChainAction {
        @Option(names = "--subject", required = true, description = "Identity or 0x subject id.")
        String subject;
        @Option(names = "--attestation-hash", required = true,
                description = "0x hash of the enrollment record ('bcpki puf enroll' prints it).")
        String attestationHash;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            SubjectId id = subject(subject);
            byte[] hash = bytes32(attestationHash, "--attestation-hash");
            Map<String, Object> result = tx(chain.signingClient(web3j).anchorEnrollment(id, hash));
            result.put("subjectId", id.toHex());
            result.put("attestationHash", Hex.data(hash));
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return "anchored enrollment " + r.get("attestationHash") + " of " + r.get("subjectId") + " in tx "
                    + r.get("transactionHash");
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a grant request (as an authority).")
    static final class Approve extends ChainAction {
        @Option(names = "--request-id", required = true, description = "0x request id.")
        String requestId;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            byte[] id = bytes32(requestId, "--request-id");
            RegistryClient client = chain.signingClient(web3j);
            Map<String, Object> result = tx(client.approve(id));
            var request = client.request(id);
            result.put("requestId", Hex.data(id));
            result.put("requestState", request.state().name());
            result.put("approvals", request.approvalCount());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return "approved " + r.get("requestId") + " (" + r.get("approvals") + " approvals, request "
                    + r.get("requestState") + ") in tx " + r.get("transactionHash");
        }
    }

    /** A change of a grant's status by an authority: the transaction, then the status the registry now holds. */
    abstract static class StatusChange extends ChainAction {
        abstract String subjectText();

        abstract TxOutcome change(RegistryClient client, SubjectId id) throws Exception;

        /** What the text output says was done, e.g. "suspended". */
        abstract String done();

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            SubjectId id = subject(subjectText());
            RegistryClient client = chain.signingClient(web3j);
            Map<String, Object> result = tx(change(client, id));
            result.put("subjectId", id.toHex());
            result.put("status", client.grant(id).status().name());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return done() + " " + r.get("subjectId") + " in tx " + r.get("transactionHash") + "; status now " + r.get("status");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a subject's grant (as an authority).")
    static final class Revoke extends StatusChange {
        @Option(names = "--subject", required = true, description = "Identity or 0x subject id.")
        String subject;
        @Option(names = "--reason", required = true, description = "Why (recorded in the event).")
        String reason;

        @Override
        String subjectText() {
            return subject;
        }

        @Override
        TxOutcome change(RegistryClient client, SubjectId id) throws Exception {
            return client.revoke(id, reason);
        }

        @Override
        String done() {
            return "sent the revocation of";
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend a subject's active grant at once (as an authority for its role); reversible.")
    static final class Suspend extends StatusChange {
        @Parameters(index = "0", paramLabel = "SUBJECT", description = "Identity or 0x subject id.")
        String subject;
        @Option(names = "--reason", required = true, description = "Why (recorded in the event).")
        String reason;

        @Override
        String subjectText() {
            return subject;
        }

        @Override
        TxOutcome change(RegistryClient client, SubjectId id) throws Exception {
            return client.suspend(id, reason);
        }

        @Override
        String done() {
            return "suspended";
        }
    }

    @Command(name = "reinstate", mixinStandardHelpOptions = true,
            description = "Reinstate a suspended grant (as an authority for its role).")
    static final class Reinstate extends StatusChange {
        @Parameters(index = "0", paramLabel = "SUBJECT", description = "Identity or 0x subject id.")
        String subject;

        @Override
        String subjectText() {
            return subject;
        }

        @Override
        TxOutcome change(RegistryClient client, SubjectId id) throws Exception {
            return client.reinstate(id);
        }

        @Override
        String done() {
            return "reinstated";
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Request a new key for a subject with an active grant (a meter replaced, a new service "
                    + "provider); the old key stays in force until k authorities approve, then it is refused.")
    static final class Rotate extends ChainAction {
        @Parameters(index = "0", paramLabel = "SUBJECT", description = "Identity or 0x subject id.")
        String subject;
        @Option(names = "--public-key", required = true,
                description = "File with the new public key: SPKI DER, or its base64 / PEM text.")
        Path publicKey;
        @Option(names = "--attestation-hash", description = "0x hash of the new device's anchored PUF enrollment record.")
        String attestationHash;
        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default 365).")
        long days;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            SubjectId id = subject(subject);
            RegistryClient client = chain.signingClient(web3j);
            GrantRecord current = client.grant(id);
            if (current.status() != GrantStatus.ACTIVE) {
                throw new UsageError("rotate needs an active grant; " + id.canonical().orElse(id.toHex()) + " is "
                        + current.status() + " (file 'grant request' for a new subject)");
            }
            Map<String, Object> result = Request.file(client, id, Role.fromCode(current.roleCode()), publicKey, attestationHash, null, days);
            result.put("previousKeyHash", current.keyHash().toHexString());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            return "requested rotation " + r.get("requestId") + " of " + r.get("subjectId") + " to key " + r.get("keyHash")
                    + " in tx " + r.get("transactionHash") + "; it takes effect when the authorities approve it";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a subject's on-chain grant record (read with eth_getStorageAt). Exit 1 when none.")
    static final class Show extends ChainAction {
        @Option(names = "--subject", required = true, description = "Identity or 0x subject id.")
        String subject;

        @Override
        Map<String, Object> act(Web3j web3j) throws Exception {
            SubjectId id = subject(subject);
            GrantRecord record = RegistryClient.readOnly(web3j, chain.registryAddress()).grant(id);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("found", record.status() != GrantStatus.NONE);
            result.put("subject", id.canonical().orElse(id.toHex()));
            result.put("subjectId", id.toHex());
            result.put("status", record.status().name());
            result.put("role", roleName(record.roleCode()));
            result.put("algorithm", algorithmName(record.algorithmCode()));
            result.put("version", record.version());
            result.put("notBefore", record.notBefore());
            result.put("notAfter", record.notAfter());
            result.put("revokedAt", record.revokedAt());
            result.put("keyHash", record.keyHash().toHexString());
            result.put("attestationHash", record.attestationHash().toHexString());
            return result;
        }

        @Override
        String text(Map<String, Object> r) {
            if (Boolean.FALSE.equals(r.get("found"))) {
                return r.get("subject") + ": no grant on chain";
            }
            return String.format("%s (%s)%n  status     %s%n  role       %s%n  algorithm  %s%n  version    %s%n"
                            + "  valid      %s .. %s%n  revokedAt  %s%n  keyHash    %s%n  attestation %s",
                    r.get("subject"), r.get("subjectId"), r.get("status"), r.get("role"), r.get("algorithm"),
                    r.get("version"), Instant.ofEpochSecond((Long) r.get("notBefore")),
                    Instant.ofEpochSecond((Long) r.get("notAfter")),
                    ((Long) r.get("revokedAt")) == 0 ? "-" : Instant.ofEpochSecond((Long) r.get("revokedAt")),
                    r.get("keyHash"), r.get("attestationHash"));
        }

        private static String roleName(int code) {
            try {
                return Role.fromCode(code).name();
            } catch (IllegalArgumentException e) {
                return code == 0 ? "NONE" : "code " + code;
            }
        }

        private static String algorithmName(int code) {
            try {
                return KeyAlgorithm.fromCode(code).displayName();
            } catch (IllegalArgumentException e) {
                return code == 0 ? "NONE" : "code " + code;
            }
        }
    }
}
