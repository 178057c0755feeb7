package org.bcpki.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.cli.explorer.ExplorerServer;
import org.bcpki.core.chain.Address;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "explorer", mixinStandardHelpOptions = true,
        description = {"A read-only web page on 127.0.0.1: blocks (proposer, round, seals), validators and votes,"
                + " the registry's subjects, pending requests and governance proposals, and one gateway's decisions"
                + " live with --gateway. It reads only JSON-RPC and the gateway's status endpoint, so it works"
                + " unchanged on Besu.", "Runs until Ctrl-C."})
final class ExplorerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--network", required = true, paramLabel = "DIR",
            description = "Network directory written by 'bcpki network init'.")
    Path network;

    @Option(names = "--port", defaultValue = "8088", paramLabel = "P",
            description = "Port on 127.0.0.1 (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--node", paramLabel = "NAME", description = "The node whose JSON-RPC to read (default: the first in the network).")
    String node;

    @Option(names = "--registry", paramLabel = "ADDRESS",
            description = "The IdentityRegistry address (default: the one the network's registry.json names).")
    String registry;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "A gateway's status endpoint, e.g. https://127.0.0.1:PORT/status (its --wan-port listener).")
    String gateway;

    @Option(names = "--gateway-cert", paramLabel = "PEM",
            description = "The gateway's self-signed certificate (its store's wan-cert.pem), to trust its HTTPS.")
    Path gatewayCert;

    @Option(names = "--json", description = "Print where the page is as one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UsageError("--port must be 0..65535");
        }
        NetworkSpec spec = readNetwork();
        NodeSpec chosen = chooseNode(spec);
        Address registryAddress = registry != null ? GrantOptions.address(registry, "--registry") : registryOfNetwork();
        Optional<URI> gatewayUrl = Optional.ofNullable(gateway).map(ExplorerCommand::gatewayUrl);
        Optional<String> certificate = Optional.ofNullable(gatewayCert).map(ExplorerCommand::readCertificate);
        if (certificate.isPresent() && gatewayUrl.isEmpty()) {
            throw new UsageError("--gateway-cert needs --gateway URL");
        }
        ExplorerServer server;
        try {
            server = ExplorerServer.start(URI.create(chosen.rpcUrl()), registryAddress, gatewayUrl, certificate, port);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--gateway-cert: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageError("cannot serve the explorer on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        announce(server, chosen, registryAddress, gatewayUrl);
        serveUntilStopped(server);
        return ExitCodes.OK;
    }

    private void announce(ExplorerServer server, NodeSpec node, Address registry, Optional<URI> gateway) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", server.url());
            doc.put("rpc", node.rpcUrl());
            doc.put("registry", registry.toHex());
            doc.put("gateway", gateway.map(URI::toString).orElse(null));
            Output.json(out, doc);
        } else {
            out.printf("explorer: %s (node %s at %s, registry %s%s); Ctrl-C stops it%n", server.url(), node.name(),
                    node.rpcUrl(), registry.toHex(), gateway.map(g -> ", gateway " + g).orElse(""));
        }
        out.flush();
    }

    /** Serves until Ctrl-C (the JVM stopping) or until this thread is interrupted; then stops the server. */
    static void serveUntilStopped(ExplorerServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "explorer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running and closes the server
            }
            server.close(); // before restoring the interrupt: Jetty's stop would give up on an interrupted thread
            Thread.currentThread().interrupt();
        }
    }

    private NetworkSpec readNetwork() {
        if (!NetworkFiles.exists(network)) {
            throw new UsageError("no network in " + network + " (run 'bcpki network init --dir " + network + "' first)");
        }
        try {
            return NetworkFiles.read(network);
        } catch (IOException | RuntimeException e) {
            throw new UsageError("cannot read the network in " + network + ": " + e.getMessage());
        }
    }

    private NodeSpec chooseNode(NetworkSpec spec) {
        if (node == null) {
            return spec.nodes().stream().findFirst().orElseThrow(() -> new UsageError("the network in " + network + " has no nodes"));
        }
        return spec.node(node).orElseThrow(() -> new UsageError("--node: no node '" + node + "' in " + network + " (nodes: "
                + String.join(", ", spec.nodes().stream().map(NodeSpec::name).toList()) + ")"));
    }

    private Address registryOfNetwork() {
        Path file = network.resolve(NetworkFiles.REGISTRY);
        if (!Files.exists(file)) {
            throw new UsageError("the network in " + network + " has no registry placed at genesis (" + NetworkFiles.REGISTRY
                    + "); give the deployed one with --registry ADDRESS");
        }
        try {
            JsonNode root = Output.mapper().readTree(file.toFile());
            return GrantOptions.address(root.path("address").asText(""), NetworkFiles.REGISTRY + " address");
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static URI gatewayUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new UsageError("--gateway: not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageError("--gateway must be an http(s) URL of the gateway's status endpoint, e.g. https://127.0.0.1:8443/status");
        }
        return uri;
    }

    private static String readCertificate(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UsageError("cannot read --gateway-cert " + file + ": " + e.getMessage());
        }
    }
}
