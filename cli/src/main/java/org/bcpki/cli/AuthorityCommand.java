package org.bcpki.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bcpki.authority.AttestationCheck;
import org.bcpki.authority.AuthorityDirectory;
import org.bcpki.authority.AuthorityService;
import org.bcpki.authority.CheckpointSigner;
import org.bcpki.authority.RpcHeaderSource;
import org.bcpki.contracts.CheckpointClient;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "authority", mixinStandardHelpOptions = true,
        description = "Run an authority's grant-approval service.",
        subcommands = {AuthorityCommand.Init.class, AuthorityCommand.Serve.class, AuthorityApiCommands.Status.class,
                AuthorityApiCommands.ShowRequest.class, AuthorityApiCommands.Decide.class})
final class AuthorityCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (init, serve, status, request, decide)");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a service directory: account key, authority.json, default policy, no callers.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Service directory to create.")
        Path dir;
        @Option(names = "--registry", required = true, description = "The IdentityRegistry contract address (0x...).")
        String registry;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            AuthorityDirectory directory = AuthorityDirectory.initialize(dir, GrantOptions.address(registry, "--registry"),
                    new SecureRandom());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("dir", dir.toAbsolutePath().toString());
            result.put("account", directory.account().getAddress());
            result.put("registry", registry);
            if (json) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                spec.commandLine().getOut().printf("created %s%naccount %s (add it as an authority by governance)%n"
                        + "edit policy.json and callers.json before serving%n", result.get("dir"), result.get("account"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the authority's REST API (see /openapi.yaml) and carry accepted work to the chain.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Service directory (bcpki authority init).")
        Path dir;
        @Option(names = "--name", required = true, description = "This authority's name (logs, health).")
        String name;
        @Option(names = "--rpc", required = true, description = "JSON-RPC URL of a chain node.")
        String rpc;
        @Option(names = "--host", description = "Listen address (default from authority.json).")
        String host;
        @Option(names = "--port", description = "Listen port (default from authority.json, 0 = any free port).")
        Integer port;
        @Option(names = "--worker-interval-ms", defaultValue = "2000", description = "Chain work pass interval.")
        long workerIntervalMillis;

        @Override
        public Integer call() throws Exception {
            AuthorityDirectory directory = AuthorityDirectory.load(dir);
            Web3j web3j = Web3j.build(new HttpService(rpc));
            long chainId;
            try {
                chainId = web3j.ethChainId().send().getChainId().longValueExact();
            } catch (java.io.IOException e) {
                throw new UsageError("cannot reach the node at " + rpc + ": " + e.getMessage());
            }
            RegistryClient chain = RegistryClient.connect(web3j, directory.registry(), directory.account(), chainId);
            // PUF attestation: puf-attest's verifier; devices sign for the context bcpki/enroll/<name>.
            CheckpointSigner.Settings checkpoints = null;
            var checkpoint = directory.checkpoint();
            if (checkpoint.isPresent()) {
                CheckpointClient registry = CheckpointClient.connect(web3j, checkpoint.get().registry(),
                        directory.account(), chainId);
                checkpoints = new CheckpointSigner.Settings(new RpcHeaderSource(new HttpService(rpc)), registry, chainId,
                        registry.interval(), checkpoint.get().subject(),
                        SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(checkpoint.get().mlDsa65Seed()));
            }
            org.bcpki.authority.ReleaseRoutes.Settings releases = null;
            var release = directory.release();
            if (release.isPresent()) {
                var r = release.get();
                releases = new org.bcpki.authority.ReleaseRoutes.Settings(org.bcpki.contracts.SoftwareRegistryClient
                        .connect(web3j, r.registry(), directory.account(), chainId), r.subject(),
                        r.mlDsa65Seed() == null ? null : SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(r.mlDsa65Seed()));
            }
            AuthorityService.Settings settings = new AuthorityService.Settings(name, directory.policy(),
                    directory.callers(), AttestationCheck.puf(name, chain), directory.database(), chain,
                    Clock.systemUTC(), workerIntervalMillis, checkpoints,
                    org.bcpki.authority.RequestLog.web3j(web3j, directory.registry()), releases);
            String listenHost = host != null ? host : directory.host();
            int listenPort = port != null ? port : directory.port();
            AuthorityService service = AuthorityService.start(settings, listenHost, listenPort);
            spec.commandLine().getOut().printf("authority %s (account %s) serving on http://%s:%d, registry %s%n",
                    name, chain.account(), listenHost, service.port(), directory.registry());
            spec.commandLine().getOut().flush();
            CountDownLatch stopped = new CountDownLatch(1);
            // Stop cleanly on SIGTERM/Ctrl-C: finish the current chain pass, close SQLite.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    service.close();
                    web3j.shutdown();
                } catch (Exception e) {
                    System.err.println("bcpki: authority shutdown: " + e);
                } finally {
                    stopped.countDown();
                }
            }));
            stopped.await();
            return ExitCodes.OK;
        }
    }
}
