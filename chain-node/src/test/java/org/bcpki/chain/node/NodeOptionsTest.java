package org.bcpki.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import org.bcpki.chain.besu.BesuNodeConfig;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded node's config.toml: supported options take effect, other Besu options are reported, unknown ones fail. */
class NodeOptionsTest {
    @TempDir
    Path dir;

    private NetworkSpec network() throws Exception {
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 1, new SecureRandom(), FreePorts::next);
        NetworkFiles.write(spec, dir);
        return spec;
    }

    private NodeOptions read(NetworkSpec spec) throws Exception {
        return NodeOptions.read(dir.resolve("validator-1").resolve("config.toml"),
                BesuNodeConfig.options(spec, spec.nodes().get(0), OptionalInt.empty()));
    }

    private void append(String lines) throws Exception {
        Path config = dir.resolve("validator-1").resolve("config.toml");
        Files.writeString(config, Files.readString(config) + lines);
    }

    @Test
    void generatedConfigIsReadWithoutAnythingIgnored() throws Exception {
        NodeOptions options = read(network());
        assertEquals(List.of(), options.ignored());
        assertTrue(options.ignoredReport().isEmpty());
        assertTrue(options.rpc().authenticationEnabled());
        assertEquals(dir.resolve(NetworkFiles.PERMISSIONS).toAbsolutePath().normalize(), options.nodesFile());
        assertEquals(options.nodesFile(), options.accountsFile());
        assertTrue(options.nodesAllowlistEnabled());
    }

    @Test
    void otherBesuOptionsAndEditedFollowedOnesAreReportedInOneLine() throws Exception {
        NetworkSpec spec = network();
        Path config = dir.resolve("validator-1").resolve("config.toml");
        Files.writeString(config, Files.readString(config).replace("sync-mode=\"FULL\"", "sync-mode=\"SNAP\""));
        append("rpc-ws-enabled=true\nrpc-ws-port=8546\nXdns-enabled=true\n"
                + "rpc-http-cors-origins=[\"http://app.example\"]\nmetrics-enabled=true\n");
        NodeOptions options = read(spec);
        assertEquals(List.of("sync-mode (this node uses FULL)", "rpc-ws-enabled", "rpc-ws-port", "Xdns-enabled"), options.ignored());
        String report = options.ignoredReport().orElseThrow();
        assertFalse(report.contains("\n"));
        assertEquals("config.toml options the embedded node ignores: sync-mode (this node uses FULL), rpc-ws-enabled,"
                + " rpc-ws-port, Xdns-enabled", report);
        assertEquals(List.of("http://app.example"), options.rpc().corsOrigins());
    }

    @Test
    void unknownOptionIsAnErrorNamingIt() throws Exception {
        NetworkSpec spec = network();
        append("rpc-http-cors-origin=[\"http://typo.example\"]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(spec));
        assertTrue(e.getMessage().endsWith("config.toml: unknown option 'rpc-http-cors-origin' (not a Besu option)"), e.getMessage());
        // the node refuses to start with it, naming the key
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class, () -> ChainNode.start(dir, "validator-1"));
        assertTrue(start.getMessage().contains("unknown option 'rpc-http-cors-origin'"), start.getMessage());
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        NetworkSpec spec = network();
        append("permissions-nodes-config-file-enabled=\"yes\"\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(spec)).getMessage()
                .contains("permissions-nodes-config-file-enabled must be true or false"));
    }

    @Test
    void permissionFilesResolveAgainstTheNodeDirectory() throws Exception {
        NetworkSpec spec = network();
        append("bootnodes=[\"" + spec.nodes().get(0).enode() + "\"]\n");
        Path config = dir.resolve("validator-1").resolve("config.toml");
        Files.writeString(config, Files.readString(config).replace("permissions-accounts-config-file=\"../permissions_config.toml\"",
                "permissions-accounts-config-file=\"accounts.toml\""));
        NodeOptions options = read(spec);
        assertEquals(dir.resolve("validator-1").resolve("accounts.toml").toAbsolutePath().normalize(), options.accountsFile());
        assertEquals(List.of(spec.nodes().get(0).enode()), options.bootnodes());
        assertEquals(List.of(), options.ignored());
    }

    @Test
    void metricsAndLoggingAreReadWithTheOtherOptions() throws Exception {
        NetworkSpec spec = network();
        append("logging=\"debug\"\n");
        NodeOptions options = read(spec);
        NodeSpec node = spec.nodes().get(0);
        assertEquals(new NodeMetrics.Options(true, node.host(), node.metricsPort()), options.metrics());
        assertEquals(java.util.Optional.of("DEBUG"), options.logging());
        // a bad value is refused by the one reader, naming the file and the key
        Path config = dir.resolve("validator-1").resolve("config.toml");
        Files.writeString(config, Files.readString(config).replace("metrics-port=" + node.metricsPort(), "metrics-port=70000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(spec));
        assertTrue(e.getMessage().endsWith("config.toml: metrics-port must be a port number 0..65535"), e.getMessage());
    }

    @Test
    void missingFileKeepsTheDefaults() throws Exception {
        NodeOptions options = NodeOptions.read(dir.resolve("nobody").resolve("config.toml"), java.util.Map.of());
        assertEquals(List.of(), options.ignored());
        assertEquals(dir.resolve(NetworkFiles.PERMISSIONS).toAbsolutePath().normalize(), options.nodesFile());
        assertEquals(NodeMetrics.Options.DISABLED, options.metrics());
        assertTrue(options.logging().isEmpty());
    }
}
