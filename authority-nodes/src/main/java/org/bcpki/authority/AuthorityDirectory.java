package org.bcpki.authority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.io.PrivateFiles;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * An authority service's directory:
 * <ul>
 *   <li>{@code authority.json}: {@code {"registry": "0x..", "host": "127.0.0.1", "port": 8470}}</li>
 *   <li>{@code account.key}: the authority's chain account, a secp256k1 private key as 64 hex digits</li>
 *   <li>{@code policy.json}: see {@link AuthorityPolicy}</li>
 *   <li>{@code callers.json}: see {@link CallerDirectory}</li>
 *   <li>{@code authority.db}: the SQLite state (created on first start)</li>
 *   <li>optional {@code checkpoint.json}: {@code {"registry": "0x.. (CheckpointRegistry)", "subject": "ptb.authority"}}
 *       with {@code checkpoint.key}: the 32-byte seed (64 hex digits) of the ML-DSA-65 key of that
 *       subject's AUTHORITY grant; present = this authority signs checkpoints</li>
 *   <li>optional {@code release.json}: {@code {"registry": "0x.. (SoftwareRegistry)"}} = this authority
 *       approves releases; with {@code "subject": "ptb.authority"} and {@code release.key} (the seed of
 *       that subject's AUTHORITY grant's ML-DSA-65 key) it also signs the bundles it approves</li>
 * </ul>
 */
public record AuthorityDirectory(Path root, Address registry, String host, int port) {
    public static final int DEFAULT_PORT = 8470;

    public static AuthorityDirectory load(Path root) throws IOException {
        Path config = root.resolve("authority.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(config + " is missing (create it with 'bcpki authority init')");
        }
        PrivateFiles.directory(root); // keys and the database live here: 0700 (finding 10)
        JsonNode json = new ObjectMapper().readTree(config.toFile());
        Address registry = address(json, config, "the registry contract's");
        return new AuthorityDirectory(root, registry, json.path("host").asText("127.0.0.1"),
                json.path("port").asInt(DEFAULT_PORT));
    }

    /** Creates a directory with a fresh account key, a restrictive default policy and no callers. */
    public static AuthorityDirectory initialize(Path root, Address registry, SecureRandom random) throws IOException {
        PrivateFiles.directory(root);
        Path key = root.resolve("account.key");
        if (Files.exists(key)) {
            throw new IllegalArgumentException(key + " exists already; refusing to replace an account key");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        PrivateFiles.writeString(key, HexFormat.of().formatHex(secret) + "\n");
        var mapper = new ObjectMapper().writerWithDefaultPrettyPrinter();
        PrivateFiles.writeString(root.resolve("authority.json"), mapper.writeValueAsString(new ObjectMapper().createObjectNode()
                .put("registry", registry.toHex()).put("host", "127.0.0.1").put("port", DEFAULT_PORT)) + "\n");
        new AuthorityPolicy(EnumSet.of(Role.METER), EnumSet.of(KeyAlgorithm.ML_DSA_65), true, 730)
                .save(root.resolve("policy.json"));
        PrivateFiles.writeString(root.resolve("callers.json"), "[]\n");
        return load(root);
    }

    public Credentials account() throws IOException {
        String hex = Files.readString(privateKeyFile("account.key")).strip();
        if (!hex.matches("(0x)?[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(root.resolve("account.key") + " must hold 64 hex digits");
        }
        return Credentials.create(ECKeyPair.create(HexFormat.of().parseHex(hex.replaceFirst("^0x", ""))));
    }

    public AuthorityPolicy policy() throws IOException {
        return AuthorityPolicy.load(root.resolve("policy.json"));
    }

    public CallerDirectory callers() throws IOException {
        return CallerDirectory.load(root.resolve("callers.json"));
    }

    /** The checkpoint signing configuration, when checkpoint.json exists. */
    public record CheckpointConfig(Address registry, org.bcpki.core.identity.SubjectId subject, byte[] mlDsa65Seed) {}

    public java.util.Optional<CheckpointConfig> checkpoint() throws IOException {
        Path config = root.resolve("checkpoint.json");
        if (!Files.exists(config)) {
            return java.util.Optional.empty();
        }
        JsonNode json = new ObjectMapper().readTree(config.toFile());
        Address registry = address(json, config, "the CheckpointRegistry's");
        String seed = Files.readString(privateKeyFile("checkpoint.key")).strip().replaceFirst("^0x", "");
        if (!seed.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(root.resolve("checkpoint.key") + " must hold a 32-byte seed as 64 hex digits");
        }
        return java.util.Optional.of(new CheckpointConfig(registry,
                org.bcpki.core.identity.SubjectId.parse(json.path("subject").asText()), HexFormat.of().parseHex(seed)));
    }

    /** The release approval configuration, when release.json exists; subject and seed null when it signs nothing. */
    public record ReleaseConfig(Address registry, org.bcpki.core.identity.SubjectId subject, byte[] mlDsa65Seed) {}

    public java.util.Optional<ReleaseConfig> release() throws IOException {
        Path config = root.resolve("release.json");
        if (!Files.exists(config)) {
            return java.util.Optional.empty();
        }
        JsonNode json = new ObjectMapper().readTree(config.toFile());
        Address registry = address(json, config, "the SoftwareRegistry's");
        if (!json.has("subject")) {
            return java.util.Optional.of(new ReleaseConfig(registry, null, null));
        }
        String seed = Files.readString(privateKeyFile("release.key")).strip().replaceFirst("^0x", "");
        if (!seed.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(root.resolve("release.key") + " must hold a 32-byte seed as 64 hex digits");
        }
        return java.util.Optional.of(new ReleaseConfig(registry,
                org.bcpki.core.identity.SubjectId.parse(json.path("subject").asText()), HexFormat.of().parseHex(seed)));
    }

    /** A key file of this directory, narrowed to 0600 if an older version or a user left it readable. */
    private Path privateKeyFile(String name) throws IOException {
        Path file = root.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing");
        }
        return PrivateFiles.ensureFile(file);
    }

    public Path database() {
        return root.resolve("authority.db");
    }

    /** The {@code registry} field: 0x and 40 hex digits. */
    private static Address address(JsonNode json, Path config, String whose) {
        try {
            return new Address(Hex.fixed(json.path("registry").asText(""), Address.SIZE, "registry"));
        } catch (MalformedDataException e) {
            throw new IllegalArgumentException(config + ": 'registry' must be " + whose + " 0x address");
        }
    }
}
