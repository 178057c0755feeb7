package org.bcpki.mirror.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.chain.VoteTally;
import org.bcpki.mirror.json.Json;
import org.bcpki.mirror.json.JsonException;
import org.bcpki.mirror.json.JsonValue;
import org.bcpki.mirror.pqc.CheckpointVerifier;
import org.bcpki.mirror.pqc.HeaderTrust;
import org.bcpki.core.codec.Hex;

/**
 * Where trust starts: a block the operator vouches for (the genesis, or a later checkpoint) and the
 * validator set in force after it. File format ({@code bcpki-mirror-anchor/1}) in the module README.
 *
 * @param validators the sorted set in force for block {@code number + 1} (for a genesis anchor: the
 *     genesis extraData validators)
 * @param pendingVotes votes pending after the anchor block (empty for genesis and epoch blocks)
 * @param authorityKeys ML-DSA-65 SPKI DER keys of the checkpoint-signing authorities (may be empty
 *     when {@code trust} is {@code seals})
 * @param checkpointRegistry the CheckpointRegistry contract whose events publish the authorities'
 *     signatures (null: checkpoints are only submitted through {@code MirrorClient.submitCheckpoint})
 */
public record TrustAnchor(Kind kind, long chainId, long number, Bytes32 hash, List<Address> validators,
        List<PendingVote> pendingVotes, long epochLength, long blockPeriodSeconds, HeaderTrust trust,
        List<Bytes> authorityKeys, int checkpointThreshold, Bytes checkpointRegistry) {

    public static final String FORMAT = "bcpki-mirror-anchor/1";
    /** An anchor file is a few KB; anything bigger is a mistake or an attack. */
    static final int MAX_FILE_CHARS = 256 * 1024;

    public enum Kind { GENESIS, CHECKPOINT }

    public TrustAnchor {
        validators = List.copyOf(validators);
        pendingVotes = List.copyOf(pendingVotes);
        authorityKeys = List.copyOf(authorityKeys);
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("a trust anchor needs at least one validator");
        }
        for (int i = 1; i < validators.size(); i++) {
            if (validators.get(i - 1).compareTo(validators.get(i)) >= 0) {
                throw new IllegalArgumentException("anchor validators must be sorted ascending and distinct");
            }
        }
        if (kind == Kind.GENESIS && (number != 0 || !pendingVotes.isEmpty())) {
            throw new IllegalArgumentException("a genesis anchor is block 0 with no pending votes");
        }
        if (checkpointRegistry != null && checkpointRegistry.size() != 20) {
            throw new IllegalArgumentException("the checkpoint registry address must be 20 bytes");
        }
        if (number < 0 || epochLength < 1 || blockPeriodSeconds < 0) {
            throw new IllegalArgumentException("anchor number, epochLength and blockPeriodSeconds out of range");
        }
        if (trust.needsCheckpoints()) {
            if (chainId <= 0) {
                throw new IllegalArgumentException("trust " + trust.label() + " needs the anchor's chainId");
            }
            // Decoding the keys here rejects a bad anchor at load time rather than at the first checkpoint.
            checkpointVerifier(authorityKeys, checkpointThreshold);
        }
    }

    public VoteTally tally() {
        return VoteTally.of(validators, pendingVotes);
    }

    /** The verifier for this anchor's authorities; fails when the anchor has none. */
    public CheckpointVerifier checkpointVerifier() {
        return checkpointVerifier(authorityKeys, checkpointThreshold);
    }

    private static CheckpointVerifier checkpointVerifier(List<Bytes> keys, int threshold) {
        List<byte[]> spkis = new ArrayList<>();
        for (Bytes key : keys) {
            spkis.add(key.toArray());
        }
        if (spkis.isEmpty()) {
            throw new IllegalArgumentException("the anchor lists no checkpoint authorities");
        }
        return new CheckpointVerifier(spkis, threshold);
    }

    public static TrustAnchor read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_CHARS) {
                throw new IllegalArgumentException("anchor file " + file + " is larger than " + MAX_FILE_CHARS + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read anchor file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(Json.parse(text, MAX_FILE_CHARS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("anchor file " + file + ": " + e.getMessage(), e);
        }
    }

    public static TrustAnchor fromJson(JsonValue value) {
        JsonValue.JsonObject o = value.asObject("the anchor");
        if (!FORMAT.equals(o.string("format"))) {
            throw new JsonException("format must be \"" + FORMAT + "\"");
        }
        Kind kind = switch (o.string("kind")) {
            case "genesis" -> Kind.GENESIS;
            case "checkpoint" -> Kind.CHECKPOINT;
            default -> throw new JsonException("kind must be \"genesis\" or \"checkpoint\"");
        };
        List<Address> validators = TallyJson.validators(o);
        List<PendingVote> votes = TallyJson.pendingVotes(o);
        HeaderTrust trust = o.optional("trust").map(v -> HeaderTrust.parse(v.asString("trust"))).orElse(HeaderTrust.SEALS);
        List<Bytes> keys = new ArrayList<>();
        int threshold = 0;
        Bytes checkpointRegistry = null;
        if (o.optional("authorities").isPresent()) {
            JsonValue.JsonObject authorities = o.object("authorities");
            threshold = Math.toIntExact(authorities.longValue("threshold"));
            for (String hex : authorities.array("keys").strings("authorities.keys")) {
                keys.add(Hex.data(hex, 8192, "authority key"));
            }
            if (authorities.optional("checkpointRegistry").isPresent()) {
                checkpointRegistry = Hex.fixed(authorities.string("checkpointRegistry"), 20, "authorities.checkpointRegistry");
            }
        }
        return new TrustAnchor(kind, o.optional("chainId").map(v -> v.asNumber("chainId").longValue("chainId")).orElse(0L),
                o.longValue("number"), Hex.bytes32(o.string("hash"), "hash"), validators, votes,
                o.optional("epochLength").map(v -> v.asNumber("epochLength").longValue("epochLength")).orElse(30_000L),
                o.optional("blockPeriodSeconds").map(v -> v.asNumber("b").longValue("blockPeriodSeconds")).orElse(1L),
                trust, keys, threshold, checkpointRegistry);
    }

    public JsonValue.JsonObject toJson() {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder()
                .put("format", FORMAT)
                .put("kind", kind.name().toLowerCase(Locale.ROOT))
                .put("chainId", chainId)
                .put("number", number)
                .put("hash", hash.toHexString());
        TallyJson.write(b, validators, pendingVotes);
        b.put("epochLength", epochLength)
                .put("blockPeriodSeconds", blockPeriodSeconds)
                .put("trust", trust.label());
        if (!authorityKeys.isEmpty()) {
            JsonValue.JsonObject.Builder authorities = JsonValue.JsonObject.builder()
                    .put("threshold", checkpointThreshold)
                    .put("keys", JsonValue.JsonArray.ofStrings(authorityKeys.stream().map(Bytes::toHexString).toList()));
            if (checkpointRegistry != null) {
                authorities.put("checkpointRegistry", checkpointRegistry.toHexString());
            }
            b.put("authorities", authorities.build());
        }
        return b.build();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.writePretty(toJson()), StandardCharsets.UTF_8);
    }

    /** A genesis anchor trusting only seals. */
    public static TrustAnchor genesis(long chainId, Bytes32 hash, List<Address> validators, long epochLength,
            long blockPeriodSeconds) {
        return new TrustAnchor(Kind.GENESIS, chainId, 0, hash, validators, List.of(), epochLength, blockPeriodSeconds,
                HeaderTrust.SEALS, List.of(), 0, null);
    }

    /** The same anchor with post-quantum checkpoint trust: k of the given authority keys, published by {@code checkpointRegistry}. */
    public TrustAnchor withCheckpoints(HeaderTrust mode, List<Bytes> keys, int threshold, Bytes registry) {
        return new TrustAnchor(kind, chainId, number, hash, validators, pendingVotes, epochLength, blockPeriodSeconds,
                mode, keys, threshold, registry);
    }
}
