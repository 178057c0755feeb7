package org.bcpki.mirror.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.release.ReleaseLayout;

/**
 * The SoftwareRegistry's {@code releaseOf(bytes32) returns (bytes32[7])}, called with
 * {@code eth_call} and ABI-encoded by hand as {@link RecordOfCall} does. Its answer is unproven: the
 * words count only when {@link org.bcpki.mirror.trust.ProvenRelease#of} finds they hash to the
 * proven {@code recordHashes[releaseId]}.
 */
public final class ReleaseOfCall {
    /** The 4-byte selector: keccak256("releaseOf(bytes32)")[0..4]. */
    public static final Bytes SELECTOR =
            Bytes.wrap(Keccak.keccak256("releaseOf(bytes32)".getBytes(StandardCharsets.US_ASCII))).slice(0, 4);
    private static final int ANSWER_BYTES = ReleaseLayout.WORDS_PER_RECORD * 32;

    private ReleaseOfCall() {}

    /** The params of {@code eth_call({to: softwareRegistry, data}, blockNumber)}. */
    public static List<JsonValue> params(Bytes softwareRegistry, Bytes32 releaseId, long blockNumber) {
        JsonValue call = JsonValue.JsonObject.builder()
                .put("to", softwareRegistry.toHexString())
                .put("data", Bytes.concatenate(SELECTOR, releaseId).toHexString())
                .build();
        return List.of(call, JsonValue.of(Hex.quantity(blockNumber)));
    }

    /** The seven words of the answer: exactly 224 bytes of hex, else MalformedDataException. */
    public static List<Bytes32> words(JsonValue result) {
        if (!(result instanceof JsonValue.JsonString text)) {
            throw new MalformedDataException("releaseOf answer is not a hex string");
        }
        Bytes raw = Hex.fixed(text.value(), ANSWER_BYTES, "releaseOf answer");
        List<Bytes32> words = new ArrayList<>(ReleaseLayout.WORDS_PER_RECORD);
        for (int i = 0; i < ReleaseLayout.WORDS_PER_RECORD; i++) {
            words.add(Bytes32.wrap(raw.slice(32 * i, 32).toArray()));
        }
        return words;
    }
}
