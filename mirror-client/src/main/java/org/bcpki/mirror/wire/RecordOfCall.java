package org.bcpki.mirror.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.RegistryLayout;

/**
 * The registry's {@code recordOf(bytes32) returns (bytes32, bytes32, bytes32)}, called with
 * {@code eth_call} and ABI-encoded by hand (this module has no web3j). Its answer is unproven: the
 * words count only when {@link org.bcpki.mirror.trust.ProvenRecord#of} finds they hash to the proven
 * {@code recordHashes[subject]} ({@link RegistryLayout#recordHash}).
 */
public final class RecordOfCall {
    /** The 4-byte selector: keccak256("recordOf(bytes32)")[0..4]. */
    public static final Bytes SELECTOR =
            Bytes.wrap(Keccak.keccak256("recordOf(bytes32)".getBytes(StandardCharsets.US_ASCII))).slice(0, 4);
    private static final int ANSWER_BYTES = 3 * 32;

    private RecordOfCall() {}

    /** The calldata: selector followed by the subject id. */
    public static Bytes calldata(SubjectId subject) {
        return Bytes.concatenate(SELECTOR, Bytes.wrap(subject.bytes()));
    }

    /** The params of {@code eth_call({to: registry, data}, blockNumber)}. */
    public static List<JsonValue> params(Bytes registry, SubjectId subject, long blockNumber) {
        JsonValue call = JsonValue.JsonObject.builder()
                .put("to", registry.toHexString())
                .put("data", calldata(subject).toHexString())
                .build();
        return List.of(call, JsonValue.of(Hex.quantity(blockNumber)));
    }

    /**
     * The three words of an {@code eth_call} result: exactly 96 bytes of hex, else
     * MalformedDataException (an answer no honest node gives for a deployed registry).
     */
    public static List<Bytes32> words(JsonValue result) {
        if (!(result instanceof JsonValue.JsonString text)) {
            throw new MalformedDataException("recordOf answer is not a hex string");
        }
        Bytes raw = Hex.fixed(text.value(), ANSWER_BYTES, "recordOf answer");
        List<Bytes32> words = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            words.add(Bytes32.wrap(raw.slice(32 * i, 32).toArray()));
        }
        return words;
    }
}
