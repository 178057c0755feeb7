package org.bcpki.chain.besu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.engine.EmbeddedEngine;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.network.RpcTokens;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code network init --engine besu} writes, read back with independent parsers
 * (Jackson's TOML, YAML and JSON readers) and checked against the keys on disk.
 */
class BesuFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TomlMapper TOML = new TomlMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> HOSTS = List.of("10.20.0.1", "10.20.0.2", "node3.consortium.example");

    @TempDir
    Path tmp;

    static NetworkSpec spec(int validators, int mirrors) {
        AtomicInteger port = new AtomicInteger(21_000);
        return NetworkSpec.generate(validators, mirrors, 2, 4242, 3, new SecureRandom(), port::incrementAndGet);
    }

    private static BesuEngine engine() {
        AtomicInteger port = new AtomicInteger(31_000);
        return new BesuEngine(port::incrementAndGet, java.util.Map.of(), (c, e) -> "");
    }

    @Test
    void genesisIsBesuQbftWithSortedValidatorsThatReencodeByteIdentically() throws IOException {
        NetworkSpec spec = spec(4, 2).withHosts(HOSTS);
        Path dir = tmp.resolve("besu");
        engine().init(spec, dir);

        JsonNode genesis = JSON.readTree(dir.resolve("genesis.json").toFile());
        JsonNode config = genesis.get("config");
        assertEquals(4242, config.get("chainId").asLong());
        assertEquals(0, config.get("londonBlock").asLong());
        assertEquals(0, config.get("shanghaiTime").asLong());
        assertTrue(config.get("zeroBaseFee").asBoolean());
        assertEquals(2, config.get("qbft").get("blockperiodseconds").asLong());
        assertEquals(30_000, config.get("qbft").get("epochlength").asLong());
        assertEquals(4, config.get("qbft").get("requesttimeoutseconds").asLong());
        assertEquals("0x1", genesis.get("difficulty").asText());
        assertEquals(3, genesis.get("alloc").size());
        for (DevAccount a : spec.devAccounts()) {
            JsonNode funded = genesis.get("alloc").get(a.address().toHex().substring(2));
            assertEquals("0x" + a.balance().toString(16), funded.get("balance").asText());
        }

        // validators as read from the key files on disk, not from the spec
        List<Address> expected = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            expected.add(NodeKey.fromPrivateKey(NetworkFiles.readKey(dir.resolve("validator-" + i).resolve("key"))).address());
        }
        expected.sort(null);
        Bytes extraData = Bytes.fromHexString(genesis.get("extraData").asText());
        QbftExtraData decoded = QbftExtraDataCodec.decode(extraData);
        assertEquals(expected, decoded.validators());
        for (int i = 1; i < expected.size(); i++) {
            assertTrue(expected.get(i - 1).toHex().compareTo(expected.get(i).toHex()) < 0, "ascending");
        }
        assertTrue(decoded.vote().isEmpty());
        assertEquals(0, decoded.round());
        assertTrue(decoded.seals().isEmpty());
        assertEquals(32, decoded.vanity().size());
        assertEquals(extraData, QbftExtraDataCodec.encode(decoded));
        // [vanity, validators, no vote 0xc0, round 0 0x80, no seals 0xc0]: the last three bytes as Besu writes them
        assertEquals(Bytes.fromHexString("0xc080c0"), extraData.slice(extraData.size() - 3));
    }

    @Test
    void extraDataCodecMatchesBesusOwnVector() {
        Bytes vector = Bytes.fromHexString("0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20ea9400000000"
                + "00000000000000000000000000000001940000000000000000000000000000000000000002d79400000000000000000000000000000000"
                + "0000000181ff83fedcbaf886b84100000000000000000000000000000000000000000000000000000000000000010000000000000000"
                + "00000000000000000000000000000000000000000000000a00b841000000000000000000000000000000000000000000000000000000"
                + "000000000a000000000000000000000000000000000000000000000000000000000000000100");
        QbftExtraData decoded = QbftExtraDataCodec.decode(vector);
        assertEquals(0xFEDCBA, decoded.round());
        assertEquals(2, decoded.validators().size());
        assertEquals(vector, QbftExtraDataCodec.encode(decoded));
    }

    @Test
    void keysEnodesAndAllowlistMatch() throws IOException {
        NetworkSpec spec = spec(4, 2).withHosts(HOSTS);
        Path dir = tmp.resolve("besu");
        engine().init(spec, dir);

        JsonNode permissions = TOML.readTree(dir.resolve("permissions_config.toml").toFile());
        List<Enode> allowlist = new ArrayList<>();
        permissions.get("nodes-allowlist").forEach(e -> allowlist.add(Enode.parse(e.asText())));
        assertEquals(6, allowlist.size());
        assertEquals(spec.devAccounts().stream().map(a -> a.address().toHex()).toList(), strings(permissions.get("accounts-allowlist")));
        for (int i = 0; i < spec.nodes().size(); i++) {
            NodeSpec node = spec.nodes().get(i);
            Path nodeDir = dir.resolve(node.name());
            String key = Files.readString(nodeDir.resolve("key"));
            String pub = Files.readString(nodeDir.resolve("key.pub"));
            assertTrue(key.matches("0x[0-9a-f]{64}"), key);
            assertTrue(pub.matches("0x[0-9a-f]{128}"), pub);
            NodeKey nodeKey = NodeKey.fromPrivateKey(NetworkFiles.readKey(nodeDir.resolve("key")));
            assertEquals(nodeKey.publicKey().toHexString(), pub);
            Enode enode = allowlist.get(i);
            assertEquals(nodeKey.publicKey(), enode.publicKey(), "enode id is the node's public key");
            assertEquals(HOSTS.get(i % HOSTS.size()), enode.host(), "host from --hosts");
            assertEquals(node.p2pPort(), enode.port());
        }
    }

    @Test
    @DisplayName("finding 5: validators' admin APIs need a JWT, mirrors serve read-only ETH, NET, WEB3, hosts are named")
    void nodeConfigsParseAndPointAtTheFiles() throws IOException {
        NetworkSpec spec = spec(4, 2).withHosts(HOSTS);
        Path dir = tmp.resolve("besu");
        engine().init(spec, dir);
        Set<Long> ports = new HashSet<>();
        for (NodeSpec node : spec.nodes()) {
            Path nodeDir = dir.resolve(node.name());
            JsonNode c = TOML.readTree(nodeDir.resolve("config.toml").toFile());
            boolean validator = node.role() == NodeRole.VALIDATOR;
            assertEquals(validator ? List.of("ETH", "NET", "WEB3", "QBFT", "DEBUG", "PERM") : List.of("ETH", "NET", "WEB3"),
                    strings(c.get("rpc-http-api")));
            assertEquals(strings(c.get("rpc-http-api")), strings(c.get("rpc-ws-api")));
            for (String transport : List.of("rpc-http", "rpc-ws")) {
                assertTrue(c.get(transport + "-authentication-enabled").asBoolean(), transport);
                assertEquals(RpcTokens.ALGORITHM, c.get(transport + "-authentication-jwt-algorithm").asText());
                Path publicKey = nodeDir.resolve(c.get(transport + "-authentication-jwt-public-key-file").asText());
                assertTrue(Files.readString(publicKey).startsWith("-----BEGIN PUBLIC KEY-----"), publicKey::toString);
                List<String> noAuth = strings(c.get(transport + "-api-methods-no-auth"));
                assertTrue(noAuth.contains("eth_getProof") && noAuth.contains("eth_blockNumber"), noAuth::toString);
                assertEquals(validator, noAuth.contains("eth_sendRawTransaction"), "mirrors take no writes");
                assertTrue(noAuth.stream().noneMatch(m -> m.startsWith("debug_") || m.startsWith("perm_")
                        || m.equals("qbft_proposeValidatorVote") || m.equals("qbft_discardValidatorVote")), noAuth::toString);
            }
            assertEquals(10_000_000, c.get("rpc-gas-cap").asLong());
            assertEquals(1024, c.get("rpc-http-max-batch-size").asLong());
            assertEquals(5000, c.get("rpc-max-logs-range").asLong());
            assertTrue(c.get("rpc-http-enabled").asBoolean());
            assertTrue(c.get("rpc-ws-enabled").asBoolean());
            assertEquals("FULL", c.get("sync-mode").asText());
            assertEquals("FOREST", c.get("data-storage-format").asText());
            assertEquals(0, c.get("min-gas-price").asLong());
            assertEquals("NONE", c.get("nat-method").asText());
            List<String> hosts = strings(c.get("host-allowlist"));
            assertFalse(hosts.contains("*"));
            assertTrue(hosts.containsAll(HOSTS) && hosts.contains("localhost") && hosts.contains("127.0.0.1"), hosts::toString);
            assertEquals(node.host(), c.get("p2p-host").asText());
            assertEquals("0.0.0.0", c.get("rpc-http-host").asText(), "remote hosts listen on every interface");
            assertEquals(node.p2pPort(), c.get("p2p-port").asInt());
            assertEquals(node.rpcPort(), c.get("rpc-http-port").asInt());
            assertTrue(c.get("permissions-nodes-config-file-enabled").asBoolean());
            // by default only the accounts with a role (the dev accounts) may transact
            assertTrue(c.get("permissions-accounts-config-file-enabled").asBoolean());
            assertEquals("../permissions_config.toml", c.get("permissions-accounts-config-file").asText());
            for (String file : List.of("genesis-file", "node-private-key-file", "permissions-nodes-config-file", "data-path")) {
                assertTrue(Files.exists(nodeDir.resolve(c.get(file).asText())), file + " resolves from the node's directory");
            }
            List<String> expectedBootnodes = spec.nodes().stream()
                    .filter(n -> n != node && n.role() == NodeRole.VALIDATOR).map(n -> n.enode().toString()).toList();
            assertEquals(expectedBootnodes, strings(c.get("bootnodes")));
            assertTrue(ports.add(c.get("p2p-port").asLong()) & ports.add(c.get("rpc-http-port").asLong())
                    & ports.add(c.get("rpc-ws-port").asLong()), "ports unique network-wide");
        }
    }

    @Test
    void dockerComposeRunsEveryNodeFromThePinnedImage() throws IOException {
        NetworkSpec spec = spec(4, 2).withHosts(HOSTS);
        Path dir = tmp.resolve("besu");
        engine().init(spec, dir);
        JsonNode compose = YAML.readTree(dir.resolve("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertEquals(spec.nodes().stream().map(NodeSpec::name).toList(), iterator(services.fieldNames()));
        for (NodeSpec node : spec.nodes()) {
            JsonNode s = services.get(node.name());
            assertEquals(BesuInstallation.IMAGE, s.get("image").asText());
            assertTrue(s.get("image").asText().matches("hyperledger/besu:\\d+\\.\\d+\\.\\d+"), "pinned release tag");
            assertEquals("/opt/bcpki/" + node.name(), s.get("working_dir").asText());
            assertEquals(List.of("--config-file=/opt/bcpki/" + node.name() + "/config.toml", "--profile=ENTERPRISE"),
                    strings(s.get("command")));
            assertEquals(List.of(".:/opt/bcpki"), strings(s.get("volumes")));
            List<String> published = strings(s.get("ports"));
            assertTrue(published.contains(node.rpcPort() + ":" + node.rpcPort()), published.toString());
            assertTrue(published.contains(node.p2pPort() + ":" + node.p2pPort() + "/udp"), published.toString());
            assertFalse(s.has("network_mode"));
        }

        Path local = tmp.resolve("local");
        engine().init(spec(4, 1), local);
        JsonNode v1 = YAML.readTree(local.resolve("docker-compose.yml").toFile()).get("services").get("validator-1");
        assertEquals("host", v1.get("network_mode").asText(), "one machine: the files' 127.0.0.1 addresses are the host's");
        assertFalse(v1.has("ports"));
        assertEquals("127.0.0.1", TOML.readTree(local.resolve("validator-1/config.toml").toFile()).get("rpc-http-host").asText());
    }

    @Test
    void oneSpecGivesBothEnginesTheSameGenesisKeysAndAllowlist() throws IOException {
        NetworkSpec spec = spec(4, 2);
        Path embedded = tmp.resolve("embedded");
        Path besu = tmp.resolve("besu");
        EmbeddedEngine.inProcess().init(spec, embedded);
        engine().init(spec, besu);

        for (String file : List.of("genesis.json", "permissions_config.toml", "dev-accounts.json")) {
            assertArrayEquals(Files.readAllBytes(embedded.resolve(file)), Files.readAllBytes(besu.resolve(file)), file);
        }
        for (NodeSpec node : spec.nodes()) {
            for (String file : List.of("key", "key.pub")) {
                assertArrayEquals(Files.readAllBytes(embedded.resolve(node.name()).resolve(file)),
                        Files.readAllBytes(besu.resolve(node.name()).resolve(file)), node.name() + "/" + file);
            }
            JsonNode e = TOML.readTree(embedded.resolve(node.name()).resolve("config.toml").toFile());
            JsonNode b = TOML.readTree(besu.resolve(node.name()).resolve("config.toml").toFile());
            assertFalse(e.has("rpc-ws-port"), "the embedded engine serves WebSocket on the HTTP port");
            for (String option : List.of("p2p-port", "rpc-http-port", "bootnodes", "genesis-file", "sync-mode", "rpc-http-api",
                    "rpc-http-authentication-enabled", "rpc-http-authentication-jwt-public-key-file", "rpc-http-api-methods-no-auth",
                    "host-allowlist", "rpc-gas-cap", "rpc-http-max-batch-size", "rpc-max-logs-range")) {
                assertEquals(e.get(option), b.get(option), option);
            }
        }
        assertEquals(NetworkFiles.read(embedded), NetworkFiles.read(besu), "both directories read back as the same spec");
        assertEquals(spec, NetworkFiles.read(besu));
        assertEquals("embedded", NetworkFiles.engine(embedded));
        assertEquals("besu", NetworkFiles.engine(besu));
    }

    @Test
    void accountsAllowlistIsSwitchedOnWithItsFile() throws IOException {
        NetworkSpec spec = spec(4, 0);
        spec = spec.withAccountsAllowlist(List.of(spec.devAccounts().get(0).address()));
        Path dir = tmp.resolve("allow");
        engine().init(spec, dir);
        JsonNode c = TOML.readTree(dir.resolve("validator-1/config.toml").toFile());
        assertTrue(c.get("permissions-accounts-config-file-enabled").asBoolean());
        assertTrue(Files.exists(dir.resolve("validator-1").resolve(c.get("permissions-accounts-config-file").asText())));
        JsonNode permissions = TOML.readTree(dir.resolve("permissions_config.toml").toFile());
        assertEquals(List.of(spec.devAccounts().get(0).address().toHex()), strings(permissions.get("accounts-allowlist")));
    }

    @Test
    void badHostsAreRefused() {
        NetworkSpec spec = spec(4, 0);
        assertThrows(IllegalArgumentException.class, () -> spec.withHosts(List.of()));
        for (String bad : List.of("host:30303", "user@host", "", "a b", "enode://x")) {
            assertThrows(IllegalArgumentException.class, () -> spec.withHosts(List.of("10.0.0.1", bad)), bad);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<String> iterator(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
