package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() {
        JsonValue.JsonObject o = Json.parse(
                " {\"a\": [1, -0.5e+3, true, false, null], \"b\": {\"c\": \"x\\u00e9\\n\\\"\\ud83d\\ude00\"}} ")
                .asObject("doc");
        JsonValue.JsonArray a = o.array("a");
        assertEquals(5, a.size());
        assertEquals(1, a.get(0).asNumber("n").longValue("n"));
        assertEquals("-0.5e+3", ((JsonValue.JsonNumber) a.get(1)).text());
        assertTrue(a.get(2).asBoolean("t"));
        assertTrue(a.get(4).isNull());
        assertEquals("x\u00e9\n\"\ud83d\ude00", o.object("b").string("c"));
    }

    @Test
    void writesWhatItParses() {
        String text = "{\"k\":[1,\"a\\\"b\\\\c\\u0001\",{\"z\":null,\"y\":false}],\"e\":{},\"f\":[]}";
        assertEquals(text, Json.write(Json.parse(text)));
        assertEquals(Json.parse(text), Json.parse(Json.writePretty(Json.parse(text))));
    }

    @Test
    void writerEscapesLoneSurrogatesSoOutputStaysParseable() {
        String written = Json.write(JsonValue.of("a\ud800b"));
        assertEquals("\"a\\ud800b\"", written);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "-", "1.", "1e", ".5", "+1",
        "NaN", "Infinity", "tru", "nul", "\"abc", "\"a\tb\"", "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"",
        "[1] [2]", "{\"a\":1}x", "// c\n1", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "[1 2]", "{\"a\":1 \"b\":2}", "1e1234567", "'a'", "\u00001"
    })
    void rejectsMalformedDocumentsWithAClearError(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("malformed JSON at offset"), e.getMessage());
    }

    @Test
    void aUnicodeEscapeWithNonAsciiDigitsIsRejected() {
        // finding (issue #17, differential test): Character.digit read Arabic-Indic and fullwidth digits
        // as hex, so "\\u\u0664\u0661\u0660\u0660" was taken for "\\u4100"; Jackson refuses it
        for (String text : new String[] {"\"\\u\u0664\u0661\u0660\u0660\"", "\"\\u\uff10\uff10\uff14\uff11\"", "\"\\u004\u0661\""}) {
            JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
            assertTrue(e.getMessage().contains("invalid hex digit"), e.getMessage());
        }
    }

    @Test
    void aNumberTooLongForALongIsRefusedBeforeItsDigitsAreParsed() {
        // finding (issue #17): a JSON-RPC id of 100,000 digits cost BigDecimal seconds of CPU (1 MB: over 30 s)
        JsonValue.JsonNumber huge = Json.parse("1".repeat(100_000)).asNumber("n");
        JsonException e = assertThrows(JsonException.class, () -> huge.longValue("id"));
        assertTrue(e.getMessage().contains("too long for a 64-bit integer"), e.getMessage());
        assertEquals(-9_223_372_036_854_775_808L, Json.parse("-9223372036854775808").asNumber("n").longValue("n"));
        assertEquals(5, Json.parse("5." + "0".repeat(50)).asNumber("n").longValue("n"));
        assertThrows(JsonException.class, () -> Json.parse("1e999999").asNumber("n").longValue("n"));
        assertThrows(JsonException.class, () -> Json.parse("1e-999999").asNumber("n").longValue("n"));
    }

    @Test
    void errorsDoNotEchoLongUntrustedText() {
        String name = "n".repeat(10_000);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"" + name + "\":1,\"" + name + "\":2}"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().contains("(10000 characters)"), e.getMessage());
    }

    @Test
    void enforcesSizeAndDepthLimits() {
        assertThrows(JsonException.class, () -> Json.parse("[" + "1,".repeat(100) + "1]", 50));
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
    }

    @Test
    void accessorsNameTheFieldInErrors() {
        JsonValue.JsonObject o = Json.parse("{\"n\":1.5,\"s\":\"x\"}").asObject("doc");
        assertEquals("missing field 'm'", assertThrows(JsonException.class, () -> o.get("m")).getMessage());
        assertTrue(assertThrows(JsonException.class, () -> o.string("n")).getMessage().contains("'n' must be a string"));
        assertTrue(assertThrows(JsonException.class, () -> o.longValue("n")).getMessage().contains("integer"));
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        Random random = new Random(5);
        String alphabet = "{}[],:\"\\0123456789.eE+-tfnrul abc\u0001\ud800";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(30);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Json.parse(sb.toString());
            } catch (JsonException expected) {
                // the only failure allowed
            }
        }
    }
}
