package org.bcpki.chain.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.besu.BesuNodeConfig;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.net.Enode;
import org.bcpki.core.chain.Address;
import org.bcpki.core.io.PrivateFiles;

/**
 * The files of a network directory:
 * <pre>
 * D/network.json               the NetworkSpec (nodes, roles, ports, timing) read by up/status/node run
 * D/genesis.json               Besu-format QBFT genesis
 * D/permissions_config.toml    nodes-allowlist (enode URLs) and accounts-allowlist
 * D/dev-accounts.json          funded development accounts with their private keys
 * D/registry.json              the registry placed at genesis, if any: address, setup, fixture
 * D/rpc-jwt-private.pem        the key that signs RPC tokens (0600; {@code bcpki network token})
 * D/rpc-jwt-public.pem         its public half, named by every node's rpc-http-authentication-jwt-public-key-file
 * D/NAME/key, D/NAME/key.pub   node key in Besu's key-file format (0x-prefixed hex)
 * D/NAME/config.toml           the node's Besu-style configuration
 * D/NAME/data/                 the node's chain data (blocks.sqlite, state/)
 * </pre>
 */
public final class NetworkFiles {
    public static final String SPEC = "network.json";
    public static final String GENESIS = "genesis.json";
    public static final String PERMISSIONS = "permissions_config.toml";
    public static final String DEV_ACCOUNTS = "dev-accounts.json";
    public static final String REGISTRY = "registry.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NetworkFiles() {}

    public static void write(NetworkSpec spec, Path dir) throws IOException {
        write(spec, dir, NetworkSpec.ENGINE_EMBEDDED);
    }

    /** Writes the network's files and records {@code engine} (the engine that up/status/down use) in network.json. */
    public static void write(NetworkSpec spec, Path dir, String engine) throws IOException {
        write(spec, dir, engine, Optional.empty());
    }

    /**
     * Writes the network's files with {@code registry} (and its fixture) placed in the genesis, and
     * describes it in D/registry.json.
     */
    public static void write(NetworkSpec spec, Path dir, String engine, Optional<RegistryGenesis> registry) throws IOException {
        // the directory holds funded private keys (dev-accounts.json): owner only
        PrivateFiles.directory(dir);
        writeGenesis(spec, dir, registry);
        Files.writeString(dir.resolve(PERMISSIONS), permissions(spec));
        JSON.writeValue(dir.resolve(SPEC).toFile(), specJson(spec, engine));
        ArrayNode accounts = JSON.createArrayNode();
        for (DevAccount a : spec.devAccounts()) {
            accounts.addObject().put("address", a.address().toHex()).put("privateKey", a.privateKey().toHexString())
                    .put("balance", "0x" + a.balance().toString(16));
        }
        PrivateFiles.write(dir.resolve(DEV_ACCOUNTS), JSON.writeValueAsBytes(accounts));
        RpcTokens.ensureKeyPair(dir);
        for (NodeSpec node : spec.nodes()) {
            Path nodeDir = PrivateFiles.directory(dir.resolve(node.name()));
            PrivateFiles.directory(nodeDir.resolve("data"));
            PrivateFiles.writeString(nodeDir.resolve("key"), node.privateKey().toHexString());
            Files.writeString(nodeDir.resolve("key.pub"), node.key().publicKey().toHexString());
            Files.writeString(nodeDir.resolve("config.toml"), besuConfig(spec, node));
        }
    }

    /**
     * (Re)writes D/genesis.json for {@code spec} with {@code registry} placed in it, and D/registry.json
     * describing the registry (removed when there is none). Only before the nodes first start: a
     * node refuses a data directory whose genesis differs.
     */
    public static void writeGenesis(NetworkSpec spec, Path dir, Optional<RegistryGenesis> registry) throws IOException {
        GenesisConfig genesis = registry.map(r -> r.applyTo(spec.genesis())).orElse(spec.genesis());
        JSON.writeValue(dir.resolve(GENESIS).toFile(), genesis.toJson());
        Files.deleteIfExists(dir.resolve(REGISTRY));
        if (registry.isPresent()) {
            JSON.writeValue(dir.resolve(REGISTRY).toFile(), registry.get().describe());
        }
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(SPEC));
    }

    public static String permissions(NetworkSpec spec) {
        return permissions(spec.nodes().stream().map(NodeSpec::enode).toList(), spec.accountsAllowlist());
    }

    private static String permissions(List<Enode> nodes, List<Address> accountsAllowlist) {
        List<String> enodes = nodes.stream().map(Enode::toString).toList();
        StringBuilder b = new StringBuilder("# Besu local permissioning: only these nodes may connect\n");
        b.append("nodes-allowlist=").append(Toml.array(enodes)).append("\n");
        List<String> accounts = accountsAllowlist.stream().map(Address::toHex).toList();
        b.append("accounts-allowlist=").append(Toml.array(accounts)).append("\n");
        return b.toString();
    }

    /** Replaces the accounts allowlist in a permissions file, keeping its nodes (perm_* changes persist, as in Besu). */
    public static synchronized void writeAccountsAllowlist(Path file, List<Address> accounts) throws IOException {
        replacePermissions(file, permissions(readPermissions(file).nodes(), accounts));
    }

    /** Replaces the nodes allowlist in a permissions file, keeping its accounts. */
    public static synchronized void writeNodesAllowlist(Path file, List<Enode> nodes) throws IOException {
        replacePermissions(file, permissions(nodes, readPermissions(file).accounts()));
    }

    /** Writes a whole permissions file atomically: a reader (another node's reload) never sees half of it. */
    private static void replacePermissions(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The node's options under Besu's own names (Besu reads this file with --config-file). */
    public static String besuConfig(NetworkSpec spec, NodeSpec node) {
        return BesuNodeConfig.toml(spec, node, OptionalInt.empty());
    }

    private static ObjectNode specJson(NetworkSpec spec, String engine) {
        ObjectNode root = JSON.createObjectNode();
        root.put("engine", engine);
        root.put("chainId", spec.chainId());
        root.put("blockPeriodSeconds", spec.blockPeriodSeconds());
        root.put("blockPeriodMillis", spec.blockPeriodMillis());
        root.put("epochLength", spec.epochLength());
        root.put("requestTimeoutSeconds", spec.requestTimeoutSeconds());
        root.put("requestTimeoutMillis", spec.requestTimeoutMillis());
        root.put("emptyBlockPeriodSeconds", spec.emptyBlockPeriodSeconds());
        root.put("gasLimit", spec.gasLimit());
        root.put("genesisTimestamp", spec.genesisTimestamp());
        ArrayNode nodes = root.putArray("nodes");
        for (NodeSpec n : spec.nodes()) {
            nodes.addObject().put("name", n.name()).put("role", n.role().label()).put("host", n.host())
                    .put("rpcPort", n.rpcPort()).put("p2pPort", n.p2pPort()).put("genesisValidator", n.genesisValidator())
                    .put("address", n.key().address().toHex()).put("enode", n.enode().toString());
            if (n.metricsEnabled()) {
                ((ObjectNode) nodes.get(nodes.size() - 1)).put("metricsPort", n.metricsPort());
            }
        }
        ArrayNode accounts = root.putArray("accountsAllowlist");
        spec.accountsAllowlist().forEach(a -> accounts.add(a.toHex()));
        return root;
    }

    /** Reads a network directory written by {@link #write} (keys from each node's key file). */
    public static NetworkSpec read(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IllegalArgumentException("no network in " + dir + " (run 'bcpki network init --dir " + dir + "' first)");
        }
        JsonNode root = JSON.readTree(dir.resolve(SPEC).toFile());
        List<NodeSpec> nodes = new ArrayList<>();
        for (JsonNode n : root.path("nodes")) {
            String name = n.path("name").asText();
            nodes.add(new NodeSpec(name, NodeRole.parse(n.path("role").asText()), readKey(dir.resolve(name).resolve("key")),
                    n.path("host").asText("127.0.0.1"), n.path("rpcPort").asInt(), n.path("p2pPort").asInt(),
                    n.path("genesisValidator").asBoolean(), n.path("metricsPort").asInt(0)));
        }
        List<DevAccount> accounts = new ArrayList<>();
        if (Files.exists(dir.resolve(DEV_ACCOUNTS))) {
            for (JsonNode a : JSON.readTree(dir.resolve(DEV_ACCOUNTS).toFile())) {
                accounts.add(new DevAccount(Bytes32.fromHexString(a.path("privateKey").asText()),
                        new BigInteger(a.path("balance").asText("0x0").substring(2), 16)));
            }
        }
        List<Address> allow = new ArrayList<>();
        root.path("accountsAllowlist").forEach(a -> allow.add(Address.fromHex(a.asText())));
        return new NetworkSpec(root.path("chainId").asLong(), root.path("blockPeriodSeconds").asLong(1),
                root.path("blockPeriodMillis").asLong(0), root.path("epochLength").asLong(30000),
                root.path("requestTimeoutSeconds").asLong(1), root.path("requestTimeoutMillis").asLong(0),
                root.path("gasLimit").asLong(), root.path("genesisTimestamp").asLong(), nodes, accounts, allow,
                root.path("emptyBlockPeriodSeconds").asLong(0));
    }

    /** The engine recorded in D/network.json ("embedded" for directories written before engines were recorded). */
    public static String engine(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IllegalArgumentException("no network in " + dir + " (run 'bcpki network init --dir " + dir + "' first)");
        }
        return JSON.readTree(dir.resolve(SPEC).toFile()).path("engine").asText(NetworkSpec.ENGINE_EMBEDDED);
    }

    /** Reads a Besu key file: one line, the 0x-prefixed hex private key. */
    public static Bytes32 readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Bytes32.fromHexString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + file + " is not a 32-byte hex private key");
        }
    }

    /** Parsed permissions file: the nodes allowlist and the accounts allowlist. */
    public record Permissions(List<Enode> nodes, List<Address> accounts) {}

    /** Reads a permissions file; IllegalArgumentException names what is wrong in it. */
    public static Permissions readPermissions(Path file) throws IOException {
        return parsePermissions(Files.readString(file));
    }

    public static Permissions parsePermissions(String text) {
        Map<String, Object> toml = Toml.parse(text);
        return new Permissions(stringList(toml, "nodes-allowlist").stream().map(Enode::parse).toList(),
                stringList(toml, "accounts-allowlist").stream().map(a -> {
                    if (!a.matches("0x[0-9a-fA-F]{40}")) {
                        throw new IllegalArgumentException("accounts-allowlist: not an account address: " + a);
                    }
                    return Address.fromHex(a);
                }).toList());
    }

    private static List<String> stringList(Map<String, Object> toml, String key) {
        Object value = toml.getOrDefault(key, List.of());
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }
}
