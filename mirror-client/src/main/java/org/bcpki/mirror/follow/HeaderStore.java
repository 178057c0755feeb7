package org.bcpki.mirror.follow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.VoteTally;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.trust.TrustedCheckpoint;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.wire.HeaderFetcher;

/**
 * Persists a {@link VerifiedChain} as one JSON file ({@code mirror-store.json}, format
 * {@code bcpki-mirror-store/1}), replaced atomically (write a temporary file, force it to disk, rename
 * over the old one), so a crash leaves either the old or the new state. The file never exceeds
 * {@link #MAX_BYTES}: if the retained headers would not fit, the oldest are left out.
 */
public final class HeaderStore {
    public static final String FILE_NAME = "mirror-store.json";
    public static final String FORMAT = "bcpki-mirror-store/1";
    /** The bound the issue sets is 256 KB; keep a margin below it. */
    public static final int MAX_BYTES = 240 * 1024;
    /** Indentation, quotes, comma and newline around each stored header (an upper bound). */
    private static final int HEADER_LINE_OVERHEAD = 16;

    private final Path directory;

    public HeaderStore(Path directory) {
        this.directory = directory;
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /** Writes the chain's state; returns the number of bytes written. */
    public int save(VerifiedChain chain) throws IOException {
        Files.createDirectories(directory);
        List<String> encoded = new ArrayList<>();
        for (BlockHeader header : chain.headers()) {
            encoded.add(BlockHeaderCodec.encode(header).toHexString());
        }
        // Keep the newest headers that fit: the fixed part first, then each header's line.
        int budget = MAX_BYTES - Json.writePretty(toJson(chain, List.of())).length();
        int keep = 0;
        for (int i = encoded.size() - 1; i >= 0; i--) {
            budget -= encoded.get(i).length() + HEADER_LINE_OVERHEAD;
            if (budget < 0) {
                break;
            }
            keep++;
        }
        if (keep == 0) {
            throw new IOException("the chain state does not fit in " + MAX_BYTES + " bytes even with one header");
        }
        byte[] bytes = Json.writePretty(toJson(chain, encoded.subList(encoded.size() - keep, encoded.size())))
                .getBytes(StandardCharsets.UTF_8);
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return bytes.length;
    }

    /**
     * Loads the saved state into a fresh chain for {@code anchor}; returns false when there is no
     * store yet. A store made for another anchor, or one whose headers no longer link up, is refused
     * with a clear error rather than trusted.
     */
    public boolean load(VerifiedChain chain) throws IOException {
        Path file = file();
        if (!Files.exists(file)) {
            return false;
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes: not a store this client wrote");
        }
        try {
            JsonValue.JsonObject o = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8), MAX_BYTES);
            if (!FORMAT.equals(o.string("format"))) {
                throw new IllegalArgumentException("format is not " + FORMAT);
            }
            TrustAnchor anchor = chain.anchor();
            if (o.longValue("anchorNumber") != anchor.number()
                    || !Hex.bytes32(o.string("anchorHash"), "anchorHash").equals(anchor.hash())) {
                throw new IllegalArgumentException("it was made for another trust anchor (block "
                        + o.longValue("anchorNumber") + " " + o.string("anchorHash") + ")");
            }
            List<BlockHeader> headers = new ArrayList<>();
            for (String hex : o.array("headers").strings("headers")) {
                headers.add(BlockHeaderCodec.decode(Hex.data(hex, HeaderFetcher.MAX_HEADER_BYTES, "stored header")));
            }
            if (headers.isEmpty()) {
                throw new IllegalArgumentException("it holds no header");
            }
            for (int i = 1; i < headers.size(); i++) {
                BlockHeader parent = headers.get(i - 1);
                BlockHeader child = headers.get(i);
                if (child.number() != parent.number() + 1 || !child.parentHash().equals(BftHashing.blockHash(parent))) {
                    throw new IllegalArgumentException("stored headers " + parent.number() + " and " + child.number()
                            + " do not link");
                }
            }
            VoteTally tally = TallyJson.read(o.object("tally"));
            List<TrustedCheckpoint> checkpoints = new ArrayList<>();
            JsonValue.JsonArray saved = o.array("checkpoints");
            for (int i = 0; i < saved.size(); i++) {
                JsonValue.JsonObject c = saved.get(i).asObject("checkpoints[" + i + "]");
                VoteTally t = TallyJson.read(c);
                checkpoints.add(new TrustedCheckpoint(c.longValue("number"), Hex.bytes32(c.string("hash"), "hash"),
                        c.longValue("timestamp"), t.validators(), t.pendingVotes(), c.string("reason")));
            }
            chain.restore(headers, tally, checkpoints);
            return true;
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot resume from " + file + ": " + e.getMessage()
                    + " (delete the store to start again from the anchor)", e);
        }
    }

    private static JsonValue.JsonObject toJson(VerifiedChain chain, List<String> encoded) {
        List<JsonValue> checkpoints = new ArrayList<>();
        for (TrustedCheckpoint c : chain.checkpoints()) {
            JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder()
                    .put("number", c.number()).put("hash", c.hash().toHexString()).put("timestamp", c.timestamp())
                    .put("reason", c.reason());
            TallyJson.write(b, c.validators(), c.pendingVotes());
            checkpoints.add(b.build());
        }
        JsonValue.JsonObject.Builder tally = JsonValue.JsonObject.builder();
        TallyJson.write(tally, chain.tally().validators(), chain.tally().pendingVotes());
        return JsonValue.JsonObject.builder()
                .put("format", FORMAT)
                .put("anchorNumber", chain.anchor().number())
                .put("anchorHash", chain.anchor().hash().toHexString())
                .put("tally", tally.build())
                .put("checkpoints", new JsonValue.JsonArray(checkpoints))
                .put("headers", JsonValue.JsonArray.ofStrings(encoded))
                .build();
    }
}
