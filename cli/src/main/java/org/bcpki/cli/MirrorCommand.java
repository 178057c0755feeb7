package org.bcpki.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.CheckResult;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.MirrorConfig;
import org.bcpki.mirror.MirrorSettings;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.HeaderSync;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.tools.HeaderInspection;
import org.bcpki.mirror.trust.ProofVerdict;
import org.bcpki.mirror.trust.StorageEntry;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.wire.ProofCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "mirror", mixinStandardHelpOptions = true,
        description = "The gateway's light client: verify headers and proofs, sync, check identities.",
        subcommands = {MirrorCommand.VerifyHeader.class, MirrorCommand.VerifyProof.class, MirrorCommand.Sync.class,
            MirrorCommand.Check.class, MirrorCommand.Anchor.class})
final class MirrorCommand {
    /** Largest proof file or key file read (a real eth_getProof answer is a few KB). */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;


    @Command(name = "verify-header", mixinStandardHelpOptions = true,
            description = "Check one raw QBFT header on its own against a validator set (no parent rules).")
    static final class VerifyHeader implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--validators", required = true, split = ",", paramLabel = "0xADDRESS",
                description = "The validator set in force for this block.")
        List<String> validators;

        @Option(names = "--rlp", required = true, paramLabel = "0xRLP", description = "The raw header RLP (debug_getRawHeader).")
        String rlp;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            List<Address> set = new ArrayList<>();
            for (String validator : validators) {
                set.add(Address.fromHex(validator.trim()));
            }
            HeaderInspection inspection = HeaderInspection.of(Hex.data(rlp.trim(), 1 << 20, "--rlp"),
                    set.stream().sorted().toList());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", inspection.valid());
                doc.put("number", inspection.number());
                doc.put("blockHash", inspection.blockHash());
                doc.put("sealHash", inspection.sealHash());
                doc.put("round", inspection.round());
                doc.put("signers", inspection.signers());
                doc.put("problems", inspection.problems());
                Output.json(out, doc);
            } else {
                out.printf("%s: block %s hash %s round %s%n", inspection.valid() ? "VALID" : "INVALID",
                        inspection.number(), inspection.blockHash(), inspection.round());
                out.printf("signers: %s%n", String.join(", ", inspection.signers()));
                inspection.problems().forEach(p -> out.println("problem: " + p));
                out.flush();
            }
            return inspection.valid() ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }

    @Command(name = "verify-proof", mixinStandardHelpOptions = true,
            description = "Check an eth_getProof result (account and storage proofs) against a state root.")
    static final class VerifyProof implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--state-root", required = true, paramLabel = "0xROOT", description = "The block's state root.")
        String stateRoot;

        @Option(names = "--proof", required = true, paramLabel = "FILE",
                description = "A file holding the result object of an eth_getProof response.")
        Path proof;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            JsonValue answer = Json.parse(readText(proof), MAX_FILE_BYTES);
            ProofVerdict verdict = ProofCodec.verify(Hex.bytes32(stateRoot.trim(), "--state-root"), answer, null, null);
            PrintWriter out = spec.commandLine().getOut();
            String address = verdict.address() == null ? null : verdict.address().toHexString();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("valid", verdict.valid());
                doc.put("address", address);
                doc.put("account", verdict.account().map(a -> {
                    Map<String, Object> account = new LinkedHashMap<>();
                    account.put("nonce", Hex.quantity(a.nonce()));
                    account.put("balance", Hex.quantity(a.balance()));
                    account.put("storageHash", a.storageRoot().toHexString());
                    account.put("codeHash", a.codeHash().toHexString());
                    return account;
                }).orElse(null));
                List<Map<String, Object>> storage = new ArrayList<>();
                for (StorageEntry entry : verdict.storage()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("key", entry.key().toHexString());
                    e.put("value", entry.value().toHexString());
                    storage.add(e);
                }
                doc.put("storage", storage);
                doc.put("problems", verdict.problems());
                Output.json(out, doc);
            } else {
                out.printf("%s: account %s %s%n", verdict.valid() ? "VALID" : "INVALID", address,
                        verdict.account().map(a -> "nonce " + a.nonce() + " balance " + a.balance()
                                + " storageHash " + a.storageRoot().toHexString()).orElse("proven absent"));
                verdict.storage().forEach(e -> out.printf("slot %s = %s%n", e.key().toHexString(), e.value().toHexString()));
                verdict.problems().forEach(p -> out.println("problem: " + p));
                out.flush();
            }
            return verdict.valid() ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }

    /** Options shared by the commands that talk to endpoints. */
    static class Endpoints {
        @Option(names = "--rpc", required = true, paramLabel = "URL[,URL...]", description = "Untrusted JSON-RPC endpoints.")
        String rpc;

        @Option(names = "--anchor", required = true, paramLabel = "FILE",
                description = "Trust anchor file (format bcpki-mirror-anchor/1, see mirror-client/README.md).")
        Path anchor;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "Directory of the bounded header store.")
        Path store;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Option(names = "--max-staleness", paramLabel = "SECONDS", defaultValue = "30",
                description = "Decide STALE_VIEW when the newest verified block is older (default: ${DEFAULT-VALUE}).")
        long maxStalenessSeconds;

        @Option(names = "--fast-catch-up", paramLabel = "BLOCKS", defaultValue = "0",
                description = "Skip ahead (1/3 trusted, 2/3 own seals) when more than BLOCKS behind; 0 = never.")
        long fastCatchUp;

        @Option(names = "--trusting-period", paramLabel = "HOURS", defaultValue = "168",
                description = "How old the trusted head may be for a fast catch-up (default: ${DEFAULT-VALUE}).")
        long trustingPeriodHours;

        MirrorClient client(Address registry) throws IOException {
            if (maxStalenessSeconds < 0 || fastCatchUp < 0 || trustingPeriodHours < 1) {
                throw new UsageError("--max-staleness, --fast-catch-up and --trusting-period must not be negative");
            }
            MirrorSettings settings = MirrorSettings.defaults()
                    .withMaxStaleness(Duration.ofSeconds(maxStalenessSeconds))
                    .withSync(new HeaderSync.Settings(fastCatchUp,
                            Duration.ofHours(trustingPeriodHours), HeaderSync.Settings.defaults().maxHeadersPerRound()));
            return MirrorClient.open(MirrorConfig.of(anchor, rpc).withStore(store).withRegistry(registry)
                    .withSettings(settings));
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Follow and verify headers from the endpoints, from the anchor or the store, and save the store.")
    static final class Sync extends Endpoints implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (MirrorClient client = client(null)) {
                SyncReport report = client.sync();
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("complete", report.complete());
                    doc.put("fromNumber", report.fromNumber());
                    doc.put("toNumber", report.toNumber());
                    doc.put("headHash", report.headHash());
                    doc.put("headTimestamp", report.headTimestamp());
                    doc.put("headersVerified", report.headersVerified());
                    doc.put("fastForwarded", report.fastForwarded());
                    doc.put("droppedEndpoints", report.droppedEndpoints());
                    doc.put("failures", report.failures());
                    doc.put("storeBytes", Files.exists(new HeaderStore(store).file()) ? Files.size(new HeaderStore(store).file()) : 0);
                    doc.put("millis", report.millis());
                    Output.json(out, doc);
                } else {
                    out.printf("head %d %s (%d headers verified in %d ms%s)%n", report.toNumber(), report.headHash(),
                            report.headersVerified(), report.millis(), report.fastForwarded() ? ", fast catch-up" : "");
                    report.droppedEndpoints().forEach((uri, why) -> out.printf("dropped %s: %s%n", uri, why));
                    report.failures().forEach(f -> out.println("failure: " + f));
                    out.flush();
                }
                return report.complete() ? ExitCodes.OK : ExitCodes.NEGATIVE;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Sync, then decide an identity from a verified registry proof at the newest verified block.")
    static final class Check extends Endpoints implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--registry", required = true, paramLabel = "0xADDRESS", description = "The registry contract.")
        String registry;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "Meter server ID or organisation identity.")
        String id;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role the identity claims.")
        String role;

        @Option(names = "--key", paramLabel = "FILE", description = "The presented public key (SPKI DER or PEM).")
        Path key;

        @Override
        public Integer call() throws IOException {
            SubjectId subject = SubjectId.parse(id);
            Role claimed = Role.parse(role);
            byte[] presented = key == null ? null : readPublicKey(key);
            try (MirrorClient client = client(GrantOptions.address(registry, "--registry"))) {
                SyncReport report = client.sync();
                CheckResult result = client.check(subject, claimed, presented);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("decision", result.decision().name());
                    doc.put("blockNumber", result.blockNumber() < 0 ? null : result.blockNumber());
                    doc.put("blockHash", result.blockHash() == null ? null : result.blockHash().toHexString());
                    doc.put("proofBytes", result.proofBytes());
                    doc.put("millis", result.millis());
                    Output.json(out, doc);
                } else {
                    out.printf("%s at block %d %s (%d proof bytes, %.3f ms)%n", result.decision(), result.blockNumber(),
                            result.blockHash() == null ? "-" : result.blockHash().toHexString(), result.proofBytes(),
                            result.millis());
                    if (result.detail() != null) {
                        out.println("detail: " + result.detail());
                    }
                    report.failures().forEach(f -> out.println("sync failure: " + f));
                    out.flush();
                }
                return result.decision().accepted() ? ExitCodes.OK : ExitCodes.NEGATIVE;
            }
        }
    }

    @Command(name = "anchor", mixinStandardHelpOptions = true,
            description = "Write a trust anchor file (bcpki-mirror-anchor/1) for a network's genesis.json.")
    static final class Anchor implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--genesis", required = true, paramLabel = "FILE",
                description = "The network's genesis.json (e.g. D/genesis.json from bcpki network init).")
        Path genesis;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the anchor.")
        Path out;

        @Option(names = "--trust", defaultValue = "seals", paramLabel = "MODE",
                description = "seals, pqc-checkpoints or both (default: ${DEFAULT-VALUE}).")
        String trust;

        @Option(names = "--authority-key", paramLabel = "FILE",
                description = "An authority's ML-DSA-65 public key (SPKI DER or PEM); repeat for each (pqc trust).")
        List<Path> authorityKeys = new ArrayList<>();

        @Option(names = "--threshold", defaultValue = "0", paramLabel = "K",
                description = "How many authorities must sign a checkpoint (pqc trust; default: all keys).")
        int threshold;

        @Option(names = "--checkpoint-registry", paramLabel = "0xADDRESS",
                description = "The CheckpointRegistry whose events publish the authorities' signatures (pqc trust).")
        String checkpointRegistry;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            org.bcpki.mirror.trust.HeaderTrust mode = org.bcpki.mirror.trust.HeaderTrust.parse(trust);
            TrustAnchor anchor = GenesisAnchor.of(genesis);
            if (mode.needsCheckpoints()) {
                if (authorityKeys.isEmpty() || checkpointRegistry == null) {
                    throw new UsageError("--trust " + mode.label() + " needs --authority-key (one per authority) and --checkpoint-registry");
                }
                List<Bytes> keys = authorityKeys.stream().map(f -> Bytes.wrap(readPublicKey(f))).toList();
                int k = threshold == 0 ? keys.size() : threshold;
                anchor = anchor.withCheckpoints(mode, keys, k, Hex.fixed(checkpointRegistry.trim(), 20, "--checkpoint-registry"));
            } else if (!authorityKeys.isEmpty() || checkpointRegistry != null || threshold != 0) {
                throw new UsageError("--authority-key, --threshold and --checkpoint-registry need --trust pqc-checkpoints or both");
            }
            TrustAnchorFile.write(anchor, out);
            PrintWriter printer = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", out.toString());
                doc.put("chainId", anchor.chainId());
                doc.put("hash", anchor.hash().toHexString());
                doc.put("validators", anchor.validators().stream().map(Address::toHex).toList());
                doc.put("blockPeriodSeconds", anchor.blockPeriodSeconds());
                doc.put("epochLength", anchor.epochLength());
                doc.put("trust", anchor.trust().label());
                Output.json(printer, doc);
            } else {
                printer.printf("wrote %s: chain %d genesis %s, %d validators, trust %s%n", out, anchor.chainId(),
                        anchor.hash().toHexString(), anchor.validators().size(), anchor.trust().label());
                printer.flush();
            }
            return ExitCodes.OK;
        }
    }

    static String readText(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UsageError(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A public key file: SPKI DER, or PEM ("-----BEGIN PUBLIC KEY-----"). */
    static byte[] readPublicKey(Path file) {
        byte[] bytes = readBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            String body = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26);
            int end = body.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new UsageError(file + ": PEM without an END line");
            }
            try {
                return Base64.getMimeDecoder().decode(body.substring(0, end));
            } catch (IllegalArgumentException e) {
                throw new UsageError(file + ": malformed PEM: " + e.getMessage());
            }
        }
        return bytes;
    }
}
