package org.bcpki.mirror.follow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.trust.HeaderTrust;
import org.bcpki.mirror.trust.TrustAnchor;

/** The anchor file ({@code bcpki-mirror-anchor/1}, described in the module README): what the operator vouches for. */
public final class TrustAnchorFile {
    public static final String FORMAT = "bcpki-mirror-anchor/1";
    /** An anchor file is a few KB; anything bigger is a mistake or an attack. */
    static final int MAX_FILE_CHARS = 256 * 1024;

    private TrustAnchorFile() {}

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
        TrustAnchor.Kind kind = switch (o.string("kind")) {
            case "genesis" -> TrustAnchor.Kind.GENESIS;
            case "checkpoint" -> TrustAnchor.Kind.CHECKPOINT;
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

    public static JsonValue.JsonObject toJson(TrustAnchor anchor) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder()
                .put("format", FORMAT)
                .put("kind", anchor.kind().name().toLowerCase(Locale.ROOT))
                .put("chainId", anchor.chainId())
                .put("number", anchor.number())
                .put("hash", anchor.hash().toHexString());
        TallyJson.write(b, anchor.validators(), anchor.pendingVotes());
        b.put("epochLength", anchor.epochLength())
                .put("blockPeriodSeconds", anchor.blockPeriodSeconds())
                .put("trust", anchor.trust().label());
        if (!anchor.authorityKeys().isEmpty()) {
            JsonValue.JsonObject.Builder authorities = JsonValue.JsonObject.builder()
                    .put("threshold", anchor.checkpointThreshold())
                    .put("keys", JsonValue.JsonArray.ofStrings(anchor.authorityKeys().stream().map(Bytes::toHexString).toList()));
            if (anchor.checkpointRegistry() != null) {
                authorities.put("checkpointRegistry", anchor.checkpointRegistry().toHexString());
            }
            b.put("authorities", authorities.build());
        }
        return b.build();
    }

    public static void write(TrustAnchor anchor, Path file) throws IOException {
        Files.writeString(file, Json.writePretty(toJson(anchor)), StandardCharsets.UTF_8);
    }
}
