package org.bcpki.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bcpki.chain.besu.BesuCompose;
import org.bcpki.chain.besu.BesuEngine;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.Engines;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.fixture.RegistryFixture;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcTokens;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.chain.node.NodeLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Create, start, inspect and stop a QBFT network: embedded (Besu-compatible) or Hyperledger Besu.",
        subcommands = {NetworkCommand.Init.class, NetworkCommand.Up.class, NetworkCommand.Status.class,
                NetworkCommand.Down.class, NetworkCommand.Token.class, NetworkBenchCommand.class})
final class NetworkCommand {

    static Path requireNetwork(Path dir) {
        if (!NetworkFiles.exists(dir)) {
            throw new UsageError("no network in " + dir + " (run 'bcpki network init --dir " + dir + "' first)");
        }
        return dir;
    }

    static NetworkSpec read(Path dir) {
        try {
            return NetworkFiles.read(requireNetwork(dir));
        } catch (IOException e) {
            throw new UsageError("cannot read the network in " + dir + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> nodeJson(NodeSpec n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("role", n.role().label());
        m.put("address", n.key().address().toHex());
        m.put("enode", n.enode().toString());
        m.put("rpcUrl", n.rpcUrl());
        m.put("rpcPort", n.rpcPort());
        m.put("p2pPort", n.p2pPort());
        return m;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Write node keys, a Besu genesis.json, permissions_config.toml and one config per node.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "network directory to create")
        Path dir;
        @Option(names = "--validators", defaultValue = "4", description = "number of validators (default ${DEFAULT-VALUE})")
        int validators;
        @Option(names = "--mirrors", defaultValue = "1", description = "number of mirror nodes (default ${DEFAULT-VALUE})")
        int mirrors;
        @Option(names = "--block-period", defaultValue = "1", description = "block period in seconds (default ${DEFAULT-VALUE})")
        long blockPeriod;
        @Option(names = "--empty-block-period", defaultValue = "0", paramLabel = "SECONDS",
                description = "genesis emptyblockperiodseconds: hold empty blocks this long after their parent (default ${DEFAULT-VALUE}: off)")
        long emptyBlockPeriod;
        @Option(names = "--chain-id", defaultValue = "1337", description = "chain id (default ${DEFAULT-VALUE})")
        long chainId;
        @Option(names = "--engine", defaultValue = "embedded",
                description = "embedded (default) or besu (adds Besu configs with WebSocket ports and docker-compose.yml)")
        String engine;
        @Option(names = "--hosts", split = ",", paramLabel = "HOST[,HOST...]",
                description = "besu: the hosts peers dial, node i on host i mod n (default 127.0.0.1 for all)")
        List<String> hosts;
        @Option(names = "--dev-accounts", defaultValue = "4", description = "funded development accounts (default ${DEFAULT-VALUE})")
        int devAccounts;
        @Option(names = "--fixture-grants", paramLabel = "N", description = "place the IdentityRegistry in the genesis"
                + " with N deterministic grant records (up to " + RegistryGenesis.ALLOC_LIMIT + " in alloc.storage, which Besu"
                + " loads; more are built by the embedded engine from the generator)")
        Long fixtureGrants;
        @Option(names = "--fixture-revoked", paramLabel = "PCT", description = "percent of the fixture's grants that are"
                + " revoked, 0..100 (default 0)")
        Double fixtureRevoked;
        @Option(names = "--fixture-seed", paramLabel = "S", description = "the fixture generator's seed (default 1)")
        Long fixtureSeed;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ChainEngine chainEngine = Engines.named(engine);
            checkFixtureOptions();
            if (fixtureGrants != null && !spec.commandLine().getParseResult().hasMatchedOption("--dev-accounts")) {
                devAccounts = GenesisRegistry.DEV_ACCOUNTS_NEEDED;
            }
            if (hosts != null && !engine.equals(BesuEngine.NAME)) {
                throw new UsageError("--hosts is for --engine besu (embedded nodes all run on this machine)");
            }
            if (validators < 1 || validators > 30 || mirrors < 0 || mirrors > 30 || devAccounts < 0 || chainId < 1) {
                throw new UsageError("need 1..30 validators, 0..30 mirrors, a positive chain id and >= 0 dev accounts");
            }
            if (NetworkFiles.exists(dir)) {
                throw new UsageError(dir + " already holds a network (remove it or choose another --dir)");
            }
            NetworkSpec network = NetworkSpec.generate(validators, mirrors, blockPeriod, chainId, devAccounts,
                    new SecureRandom(), FreePorts::next);
            if (emptyBlockPeriod < 0) {
                throw new UsageError("--empty-block-period must be 0 (off) or more seconds");
            }
            network = network.withEmptyBlockPeriodSeconds(emptyBlockPeriod);
            if (hosts != null) {
                network = network.withHosts(hosts);
            }
            Optional<RegistryGenesis> registry = Optional.empty();
            if (fixtureGrants != null) {
                RegistryFixture fixture = new RegistryFixture(fixtureGrants, fixtureRevoked == null ? 0 : fixtureRevoked,
                        fixtureSeed == null ? 1 : fixtureSeed, network.genesisTimestamp());
                registry = Optional.of(GenesisRegistry.forNetwork(network, fixture));
            }
            chainEngine.init(network, dir);
            if (registry.isPresent()) {
                NetworkFiles.writeGenesis(network, dir, registry);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("dir", dir.toAbsolutePath().toString());
                doc.put("engine", engine);
                doc.put("chainId", chainId);
                doc.put("blockPeriodSeconds", blockPeriod);
                doc.put("nodes", network.nodes().stream().map(NetworkCommand::nodeJson).toList());
                doc.put("devAccounts", network.devAccounts().stream().map(a -> a.address().toHex()).toList());
                if (engine.equals(BesuEngine.NAME)) {
                    doc.put("dockerCompose", dir.resolve(BesuCompose.FILE).toAbsolutePath().toString());
                }
                registry.ifPresent(r -> {
                    doc.put("registry", r.address().toHex());
                    doc.put("fixture", Output.mapper().convertValue(r.describe().get("fixture"), Map.class));
                });
                Output.json(out, doc);
            } else {
                out.printf("network written to %s (chain id %d, block period %d s)%n", dir.toAbsolutePath(), chainId, blockPeriod);
                for (NodeSpec n : network.nodes()) {
                    out.printf("%-12s %-9s rpc %-6d %s%n", n.name(), n.role().label(), n.rpcPort(), n.enode());
                }
                out.printf("dev accounts (keys in %s): %d%n", dir.resolve(NetworkFiles.DEV_ACCOUNTS), network.devAccounts().size());
                if (engine.equals(BesuEngine.NAME)) {
                    out.printf("Besu: bcpki network up --engine besu --dir %s, or docker compose -f %s up -d%n", dir,
                            dir.resolve(BesuCompose.FILE));
                }
                registry.ifPresent(r -> printFixture(out, r));
            }
            return ExitCodes.OK;
        }

        private void checkFixtureOptions() {
            if (fixtureGrants == null) {
                if (fixtureRevoked != null || fixtureSeed != null) {
                    throw new UsageError("--fixture-revoked and --fixture-seed need --fixture-grants");
                }
                return;
            }
            if (fixtureGrants < 1 || fixtureGrants > RegistryFixture.MAX_GRANTS) {
                throw new UsageError("--fixture-grants must be in 1.." + RegistryFixture.MAX_GRANTS + ", got " + fixtureGrants);
            }
            if (fixtureRevoked != null && !(fixtureRevoked >= 0 && fixtureRevoked <= 100)) {
                throw new UsageError("--fixture-revoked must be a percentage in [0, 100], got " + fixtureRevoked);
            }
            if (engine.equals(BesuEngine.NAME) && fixtureGrants > RegistryGenesis.ALLOC_LIMIT) {
                throw new UsageError("--engine besu loads fixtures of at most " + RegistryGenesis.ALLOC_LIMIT
                        + " grants (written into alloc.storage); " + fixtureGrants + " need the embedded engine");
            }
            if (spec.commandLine().getParseResult().hasMatchedOption("--dev-accounts")
                    && devAccounts < GenesisRegistry.DEV_ACCOUNTS_NEEDED) {
                throw new UsageError("--fixture-grants needs --dev-accounts " + GenesisRegistry.DEV_ACCOUNTS_NEEDED
                        + " or more (1..3 authorities, 4 registrar and enroller)");
            }
        }

        private static void printFixture(PrintWriter out, RegistryGenesis r) {
            RegistryFixture f = r.fixture().orElseThrow();
            out.printf("registry: IdentityRegistry at %s in the genesis (authorities PTB, BSI, GWA-Nord = dev accounts 1..3,"
                    + " registrar and enroller = dev account 4, k=2 r=1 g=2; see %s)%n", r.address().toHex(), NetworkFiles.REGISTRY);
            out.printf("fixture: %d grants (%d granted, %d revoked, %d expired), seed %d%n", f.grants(), f.grantedCount(),
                    f.revokedCount(), f.expiredCount(), f.seed());
            if (r.fixtureInAlloc()) {
                out.println("fixture storage: in genesis.json alloc.storage (Besu loads this genesis)");
            } else {
                out.printf("fixture storage: built by the embedded engine from the generator named in genesis.json;"
                        + " Besu cannot load this genesis (more than %d grants)%n", RegistryGenesis.ALLOC_LIMIT);
            }
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start every node: in this JVM by default, one OS process per node with --processes; "
                    + "with the besu engine one local besu process per node, in the background.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "network directory")
        Path dir;
        @Option(names = "--engine", description = "embedded or besu (default: the engine 'init' recorded)")
        String engine;
        @Option(names = "--timeout", defaultValue = "180",
                description = "seconds to wait for every node to answer (besu: for blocks) (default ${DEFAULT-VALUE})")
        long timeoutSeconds;
        @Option(names = "--processes", description = "one OS process per node")
        boolean processes;
        @Option(names = "--detach", description = "start in the background and return once every node answers")
        boolean detach;
        @CommandLine.Mixin
        LoggingOption logging = new LoggingOption();
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            NetworkSpec network = read(dir);
            String recorded = NetworkFiles.engine(dir);
            String chosen = engine == null ? recorded : engine;
            Engines.named(chosen);
            if (!chosen.equals(recorded)) {
                throw new UsageError("the network in " + dir + " was written for engine '" + recorded + "'; run 'bcpki network init --engine "
                        + chosen + "' into another directory");
            }
            if (chosen.equals(BesuEngine.NAME)) {
                if (logging.level().isPresent()) {
                    throw new UsageError("--logging sets the embedded engine's level; Besu reads its own: set logging=\""
                            + logging.level().get() + "\" in each NAME/config.toml");
                }
                return upBesu();
            }
            List<Process> children = new ArrayList<>();
            EmbeddedNetwork embedded = null;
            if (processes) {
                for (NodeSpec n : network.nodes()) {
                    children.add(NodeLauncher.spawn(dir, n.name(), logging.level()));
                }
            } else if (detach) {
                children.add(NodeLauncher.spawnEmbedded(dir, logging.level()));
            } else {
                logging.apply();
                embedded = EmbeddedNetwork.start(dir);
            }
            if (!EmbeddedNetwork.awaitReady(network, Duration.ofSeconds(timeoutSeconds), () -> children.stream().allMatch(Process::isAlive))) {
                reportExited(network, children);
                children.forEach(Process::destroy);
                if (embedded != null) {
                    embedded.close();
                }
                spec.commandLine().getErr().println("bcpki: nodes did not come up; see " + NodeLauncher.runDir(dir) + "/*.log");
                return ExitCodes.NEGATIVE;
            }
            print(network);
            if (detach) {
                return ExitCodes.OK;
            }
            if (embedded != null) {
                embedded.awaitShutdown();
            } else {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy)));
                for (Process p : children) {
                    p.waitFor();
                }
            }
            return ExitCodes.OK;
        }

        /** For each node process that exited, the last line of its log (a bad config names its key there). */
        private void reportExited(NetworkSpec network, List<Process> children) {
            for (int i = 0; i < children.size() && processes; i++) {
                if (!children.get(i).isAlive()) {
                    String name = network.nodes().get(i).name();
                    Path log = NodeLauncher.runDir(dir).resolve(name + ".log");
                    try {
                        List<String> lines = java.nio.file.Files.readAllLines(log);
                        spec.commandLine().getErr().println(lines.isEmpty() ? "bcpki: " + name + " exited" : lines.get(lines.size() - 1));
                    } catch (IOException e) {
                        spec.commandLine().getErr().println("bcpki: " + name + " exited");
                    }
                }
            }
        }

        /** Besu processes run in the background: up returns once blocks are produced; 'down' stops them. */
        private int upBesu() throws IOException, InterruptedException {
            if (timeoutSeconds < 1) {
                throw new UsageError("--timeout must be at least 1 second");
            }
            List<NodeEndpoint> endpoints;
            try {
                endpoints = new BesuEngine().up(dir, Duration.ofSeconds(timeoutSeconds));
            } catch (IllegalStateException e) { // Besu missing or unfit (EngineUnavailableException), or already running
                throw new UsageError(e.getMessage(), e);
            } catch (IOException e) {
                spec.commandLine().getErr().println("bcpki: " + e.getMessage());
                return ExitCodes.NEGATIVE;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, Map.of("nodes", endpoints.stream().map(n -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", n.name());
                    m.put("role", n.role().label());
                    m.put("rpcUrl", n.rpcUrl());
                    m.put("wsUrl", n.wsUrl());
                    return m;
                }).toList()));
            } else {
                for (NodeEndpoint n : endpoints) {
                    out.printf("%-12s %-9s %s %s%n", n.name(), n.role().label(), n.rpcUrl(), n.wsUrl() == null ? "" : n.wsUrl());
                }
                out.printf("Besu is running in the background (logs in %s); stop it with 'bcpki network down --dir %s'%n",
                        NodeLauncher.runDir(dir), dir);
                out.flush();
            }
            return ExitCodes.OK;
        }

        private void print(NetworkSpec network) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, Map.of("nodes", network.nodes().stream().map(n -> Map.of("name", n.name(),
                        "role", n.role().label(), "rpcUrl", n.rpcUrl())).toList()));
            } else {
                for (NodeSpec n : network.nodes()) {
                    out.printf("%-12s %-9s %s%n", n.name(), n.role().label(), n.rpcUrl());
                }
                out.flush();
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Height, head, peers and validators of every node.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "network directory")
        Path dir;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() {
            NetworkSpec network = read(dir);
            List<NetworkStatus.NodeStatus> nodes = NetworkStatus.query(network);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (NetworkStatus.NodeStatus s : nodes) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", s.name());
                    m.put("role", s.role());
                    m.put("rpcUrl", s.rpcUrl());
                    m.put("height", s.height());
                    m.put("headHash", s.headHash());
                    m.put("peers", s.peers());
                    m.put("validators", s.validators());
                    // the Prometheus scrape URL; null for networks written before metrics
                    m.put("metricsUrl", network.node(s.name()).flatMap(NodeSpec::metricsUrl).orElse(null));
                    list.add(m);
                }
                Output.json(out, Map.of("nodes", list));
            } else {
                for (NetworkStatus.NodeStatus s : nodes) {
                    out.println(s.reachable()
                            ? String.format("%-12s %-9s %s height %d head %s peers %d validators %d", s.name(), s.role(),
                                    s.rpcUrl(), s.height(), s.headHash(), s.peers(), s.validators().size())
                            : String.format("%-12s %-9s %s down", s.name(), s.role(), s.rpcUrl()));
                }
            }
            return nodes.stream().allMatch(NetworkStatus.NodeStatus::reachable) ? ExitCodes.OK : ExitCodes.NEGATIVE;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a JWT for the nodes' authenticated JSON-RPC (Besu's rpc-http-authentication-jwt), signed with"
                    + " the network's rpc-jwt-private.pem. Send it as 'Authorization: Bearer TOKEN'.")
    static final class Token implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "network directory")
        Path dir;
        @Option(names = "--permissions", split = ",", paramLabel = "NS:METHOD",
                description = "Besu permissions, e.g. qbft:*,perm:*,debug:getRawHeader (default: *:*)")
        List<String> permissions = RpcTokens.ADMIN_PERMISSIONS;
        @Option(names = "--ttl", paramLabel = "DURATION", description = "validity, ISO-8601 (default: PT1H)")
        Duration ttl = RpcTokens.DEFAULT_TTL;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            requireNetwork(dir);
            for (String p : permissions) {
                if (!p.matches("(\\*|[a-z0-9]+):(\\*|[A-Za-z0-9]+)")) {
                    throw new UsageError("--permissions: '" + p + "' is not NAMESPACE:METHOD (e.g. qbft:*, eth:blockNumber, *:*)");
                }
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new UsageError("--ttl must be positive");
            }
            String token;
            try {
                token = RpcTokens.mint(dir, permissions, ttl);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage(), e);
            }
            if (json) {
                Output.json(spec.commandLine().getOut(), Map.of("token", token, "permissions", permissions,
                        "expiresInSeconds", ttl.toSeconds()));
            } else {
                spec.commandLine().getOut().println(token);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every node of the network started with 'up'.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "network directory")
        Path dir;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            int stopped = NodeLauncher.stopAll(requireNetwork(dir));
            if (json) {
                Output.json(spec.commandLine().getOut(), Map.of("stoppedProcesses", stopped));
            } else {
                spec.commandLine().getOut().println(stopped == 0 ? "nothing was running" : "stopped " + stopped + " process(es)");
            }
            return ExitCodes.OK;
        }
    }
}
