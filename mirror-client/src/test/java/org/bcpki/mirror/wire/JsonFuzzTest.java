package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;

/**
 * The mirror's JSON parser on arbitrary text. Allowed failure: {@link JsonException} only, with a
 * message that names the offset. Whatever it accepts is within the depth limit, survives
 * write → parse unchanged (compact and pretty), writes canonically, and is refused under a size
 * limit one character shorter than the document. Numbers read as long agree with BigDecimal or
 * fail with JsonException.
 */
class JsonFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void acceptedDocumentsSurviveWriteAndReparse(byte[] input) {
        // As JsonRpcClient hands over a body: decoded UTF-8 (the replacement keeps every input usable).
        String text = new String(input, StandardCharsets.UTF_8);
        JsonValue value;
        try {
            value = Json.parse(text);
        } catch (JsonException e) {
            assertTrue(e.getMessage().startsWith("malformed JSON at offset "), e.getMessage());
            return;
        }
        assertTrue(depth(value) <= Json.MAX_DEPTH);
        String compact = Json.write(value);
        assertEquals(value, Json.parse(compact));
        assertEquals(value, Json.parse(Json.writePretty(value)));
        assertEquals(compact, Json.write(Json.parse(compact)));

        assertEquals(value, Json.parse(text, text.length()));
        JsonException tooLong = assertThrows(JsonException.class, () -> Json.parse(text, text.length() - 1));
        assertTrue(tooLong.getMessage().contains("exceeds the limit"), tooLong.getMessage());
        readNumbers(value);
    }

    private static int depth(JsonValue value) {
        return switch (value) {
            case JsonValue.JsonObject o -> 1 + o.members().values().stream().mapToInt(JsonFuzzTest::depth).max().orElse(0);
            case JsonValue.JsonArray a -> 1 + a.elements().stream().mapToInt(JsonFuzzTest::depth).max().orElse(0);
            default -> 0;
        };
    }

    private static void readNumbers(JsonValue value) {
        switch (value) {
            case JsonValue.JsonObject o -> o.members().values().forEach(JsonFuzzTest::readNumbers);
            case JsonValue.JsonArray a -> a.elements().forEach(JsonFuzzTest::readNumbers);
            case JsonValue.JsonNumber n -> {
                long read;
                try {
                    read = n.longValue("n");
                } catch (JsonException refused) {
                    return;
                }
                assertEquals(new BigDecimal(n.text()).longValueExact(), read);
            }
            default -> { }
        }
    }
}
