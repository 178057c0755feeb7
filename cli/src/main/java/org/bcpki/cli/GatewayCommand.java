package org.bcpki.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.bcpki.core.chain.Address;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.GatewayConfig;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.identity.VerifierRegistry;
import org.bcpki.gateway.identity.VerifierSettings;
import org.bcpki.gateway.identity.VerifierUnavailableException;
import org.bcpki.gateway.identity.X509Settings;
import org.bcpki.gateway.install.InstallSettings;
import org.bcpki.gateway.lmn.SerialSettings;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogVerification;
import org.bcpki.gateway.wan.SelfSignedTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run a smart meter gateway, read its status, verify its metrological log, install approved firmware.",
        subcommands = {GatewayCommand.Run.class, GatewayCommand.Status.class, GatewayCommand.VerifyLog.class,
                GatewayInstall.class, GatewayVerifyInstall.class})
final class GatewayCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a gateway subcommand is required");
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Read meters on serial lines and serve EMT/HAN requests, deciding identities by --trust.")
    static final class Run implements java.util.concurrent.Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--lmn-port", split = ",", paramLabel = "PATH",
                description = "Serial device(s) of the meter lines, e.g. /dev/pts/3,/dev/ttyUSB0.")
        List<String> lmnPorts = new ArrayList<>();

        @Option(names = "--rpc", split = ",", paramLabel = "URL", description = "JSON-RPC endpoint(s) of mirror nodes.")
        List<String> rpc = new ArrayList<>();

        @Option(names = "--anchor", paramLabel = "FILE", description = "Trust anchor (checkpoint) file for the light client.")
        Path anchor;

        @Option(names = "--registry", paramLabel = "0x..", description = "Address of the registry contract.")
        String registry;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "Gateway state and metrological log.")
        Path store;

        @Option(names = "--trust", defaultValue = "chain", paramLabel = "MODE",
                description = "Who decides identities: chain, x509 or both (default: ${DEFAULT-VALUE}).")
        String trust;

        @Option(names = "--max-staleness", defaultValue = "30", paramLabel = "SECONDS",
                description = "chain/both: decisions fail closed (STALE_VIEW) when the newest verified block is older"
                        + " (default: ${DEFAULT-VALUE}).")
        long maxStalenessSeconds;

        @Option(names = "--x509-anchor", split = ",", paramLabel = "ROOT.pem",
                description = "x509/both: trusted root CA certificate(s) of the SM-PKI (PEM or DER).")
        List<Path> x509Anchors = new ArrayList<>();

        @Option(names = "--x509-intermediate", split = ",", paramLabel = "SUB.pem",
                description = "x509/both: sub-CA certificates the gateway holds, so meters may present only their own.")
        List<Path> x509Intermediates = new ArrayList<>();

        @Option(names = "--x509-crl", split = ",", paramLabel = "URL|FILE",
                description = "x509/both: CRL URLs or files (default: each certificate's CRL distribution point).")
        List<String> x509Crls = new ArrayList<>();

        @Option(names = "--x509-ocsp", paramLabel = "URL", description = "x509/both: OCSP responder to ask as well.")
        String x509Ocsp;

        @Option(names = "--wan-port", defaultValue = "-1", paramLabel = "P",
                description = "HTTPS port for EMT, HAN and status on 127.0.0.1 (0: any free port; default: off).")
        int wanPort;

        @Option(names = "--software-registry", paramLabel = "0x..",
                description = "Accept installs by the gateway administrator over the WAN (POST /wan/v1/installs) for this"
                        + " SoftwareRegistry, decided by the running light client (needs --wan-port, trust chain or both).")
        String softwareRegistry;

        @Option(names = "--min-approvals", defaultValue = "2", paramLabel = "K",
                description = "With --software-registry: approval signatures a bundle must carry at least, a local floor "
                        + "(default ${DEFAULT-VALUE}); as many as the chain counted approval votes are required too.")
        int minApprovals;

        @Option(names = "--serial", defaultValue = "9600/8N1", paramLabel = "BAUD/8N1",
                description = "Line settings of every meter port (default: ${DEFAULT-VALUE}).")
        String serial;

        /** Where the verifiers come from; tests register a test double here. */
        VerifierRegistry verifiers = VerifierRegistry.builtIn();

        /** Counted down by the shutdown hook (Ctrl-C, SIGTERM), or by a test. */
        final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public Integer call() throws Exception {
            TrustMode mode = TrustMode.parse(trust);
            SerialSettings settings = SerialSettings.parse(serial);
            List<URI> rpcUris = new ArrayList<>();
            for (String url : rpc) {
                URI uri = URI.create(url.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new UsageError("--rpc takes http(s) URLs, got " + url);
                }
                rpcUris.add(uri);
            }
            if (mode != TrustMode.X509) {
                if (rpcUris.isEmpty() || anchor == null || registry == null) {
                    throw new UsageError("--trust " + mode.option() + " needs --rpc, --anchor and --registry");
                }
            }
            if (mode != TrustMode.CHAIN && x509Anchors.isEmpty()) {
                throw new UsageError("--trust " + mode.option() + " needs --x509-anchor ROOT.pem (the SM-PKI root)");
            }
            for (Path file : concat(x509Anchors, x509Intermediates)) {
                if (!Files.isRegularFile(file)) {
                    throw new UsageError("certificate file not found: " + file);
                }
            }
            if (anchor != null && !Files.isRegularFile(anchor)) {
                throw new UsageError("anchor file not found: " + anchor);
            }
            Address registryAddress = registry == null ? null : GrantOptions.address(registry, "--registry");
            if (maxStalenessSeconds < 1) {
                throw new UsageError("--max-staleness must be at least 1 second");
            }
            if (lmnPorts.isEmpty() && wanPort < 0) {
                throw new UsageError("nothing to do: give --lmn-port and/or --wan-port");
            }
            if (wanPort > 65535) {
                throw new UsageError("--wan-port must be 0..65535");
            }
            InstallSettings installs = installSettings(mode);
            IdentityVerifier verifier;
            try {
                verifier = verifiers.create(mode, new VerifierSettings(rpcUris, anchor, registryAddress, store,
                        java.time.Duration.ofSeconds(maxStalenessSeconds),
                        new X509Settings(x509Anchors, x509Intermediates, x509Crls, x509Ocsp)));
            } catch (VerifierUnavailableException e) {
                throw new UsageError("--trust " + mode.option() + " cannot run: " + e.getMessage()
                        + "; the gateway does not start without a real identity verifier");
            }
            GatewayConfig base = GatewayConfig.defaults(lmnPorts, store, mode, wanPort);
            GatewayConfig config = new GatewayConfig(base.lmnPorts(), settings, base.maxFrameBytes(),
                    base.idleTimeout(), base.store(), mode, base.wanHost(), base.wanPort(), base.requestWindow(), installs);
            PrintWriter err = spec.commandLine().getErr();
            Thread hook = new Thread(stopped::countDown);
            try (Gateway gateway = Gateway.start(config, verifier)) {
                Runtime.getRuntime().addShutdownHook(hook);
                err.println("gateway running: trust " + mode.option() + ", lines " + lmnPorts
                        + (wanPort >= 0 ? ", " + gateway.wanUrl() : "")
                        + (installs != null ? ", installs for " + installs.softwareRegistry().toHex() : ""));
                err.flush();
                stopped.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
                    // nothing to undo
                }
            }
            return ExitCodes.OK;
        }

        /** Null when installs over the WAN are off (no --software-registry). */
        private InstallSettings installSettings(TrustMode mode) {
            if (softwareRegistry == null) {
                return null;
            }
            if (wanPort < 0) {
                throw new UsageError("--software-registry serves installs over the WAN: give --wan-port too");
            }
            if (mode == TrustMode.X509) {
                throw new UsageError("--software-registry needs the chain's light client: --trust chain or both");
            }
            if (minApprovals < 1) {
                throw new UsageError("--min-approvals must be at least 1");
            }
            return new InstallSettings(GrantOptions.address(softwareRegistry, "--software-registry"), minApprovals);
        }

        private static List<Path> concat(List<Path> a, List<Path> b) {
            List<Path> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Counters of a running gateway: frames, accepted, rejected by reason, last verified block, view age.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "The running gateway's store.")
        Path store;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
                description = "How long to wait for the gateway's answer (default ${DEFAULT-VALUE}).")
        long timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            if (timeoutSeconds < 1) {
                throw new UsageError("--timeout must be at least 1 second");
            }
            Path urlFile = store.resolve(Gateway.WAN_URL_FILE);
            Path certFile = store.resolve(Gateway.WAN_CERT_FILE);
            if (!Files.isDirectory(store)) {
                throw new UsageError("no gateway store at " + store);
            }
            if (!Files.exists(urlFile) || !Files.exists(certFile)) {
                spec.commandLine().getErr().println("bcpki: no running gateway with a WAN listener for " + store
                        + " (start it with --wan-port)");
                return ExitCodes.NEGATIVE;
            }
            String url = Files.readString(urlFile).trim();
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(SelfSignedTls.trusting(Files.readString(certFile)))
                    .connectTimeout(Duration.ofSeconds(timeoutSeconds)).build();
            HttpResponse<String> response;
            try {
                response = client.send(HttpRequest.newBuilder(URI.create(url + "/status")).timeout(Duration.ofSeconds(timeoutSeconds))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("bcpki: gateway at " + url + " is not reachable: " + e.getMessage());
                return ExitCodes.NEGATIVE;
            }
            if (response.statusCode() != 200) {
                spec.commandLine().getErr().println("bcpki: gateway status answered HTTP " + response.statusCode());
                return ExitCodes.NEGATIVE;
            }
            Map<?, ?> status = Output.mapper().readValue(response.body(), Map.class);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, status);
            } else {
                out.printf("trust %s (%s)%n", status.get("trust"), status.get("verifier"));
                out.printf("frames %s, accepted %s, rejected %s%n", status.get("frames"), status.get("accepted"),
                        status.get("rejected"));
                out.printf("last verified block %s, view age %s s%n", orNone(status.get("lastVerifiedBlock")),
                        orNone(status.get("viewAgeSeconds")));
                out.printf("lines %s%n", status.get("lmnPorts"));
                out.printf("WAN allowed %s, refused %s%n", status.get("wanAllowed"), status.get("wanRefused"));
                out.printf("log %s entries, head %s%n", status.get("logEntries"), status.get("logHead"));
                out.printf("security log %s of %s entries (%s written, %s dropped over rate), consumer log %s entries%n",
                        status.get("securityLogEntries"), status.get("securityLogCapacity"),
                        status.get("securityLogWritten"), status.get("securityLogDropped"),
                        status.get("consumerLogEntries"));
                out.printf("meter keys tracked %s, pending %s%n", status.get("trackedMeterKeys"),
                        status.get("pendingMeterKeys"));
                out.flush();
            }
            return ExitCodes.OK;
        }

        private static Object orNone(Object value) {
            return value == null ? "none" : value;
        }
    }

    /** A gateway store that must already exist (a usage error otherwise: these commands never create one). */
    static GatewayStore existingStore(Path store) {
        if (!Files.isRegularFile(store.resolve(GatewayStore.FILE_NAME))) {
            throw new UsageError("no gateway store (" + GatewayStore.FILE_NAME + ") in " + store);
        }
        return GatewayStore.open(store);
    }

    @Command(name = "verify-log", mixinStandardHelpOptions = true,
            description = "Re-compute the metrological log's hash chain; exit 1 if any entry was altered or removed.")
    static final class VerifyLog implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "The gateway's store directory.")
        Path store;

        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            LogVerification result;
            try (GatewayStore opened = existingStore(store)) {
                result = opened.verifyLog();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("intact", result.intact());
                doc.put("entries", result.entries());
                doc.put("firstBrokenSeq", result.intact() ? null : result.firstBrokenSeq());
                doc.put("problem", result.intact() ? null : result.problem());
                doc.put("headHash", result.headHash());
                Output.json(out, doc);
            } else if (result.intact()) {
                out.println("log intact: " + result.entries() + " entries, head " + result.headHash());
            } else {
                out.println("log BROKEN at entry " + result.firstBrokenSeq() + ": " + result.problem()
                        + " (" + result.entries() + " entries before it verify)");
            }
            out.flush();
            return result.intact() ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }
}
