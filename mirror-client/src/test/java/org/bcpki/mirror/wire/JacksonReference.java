package org.bcpki.mirror.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;

/**
 * Jackson, configured as strictly as the mirror's parser, as the reference for differential tests:
 * no lenient read features (Jackson's defaults), duplicate names refused, nothing after the value,
 * numbers exact, and the mirror's own limits (depth 64, no number or name length limit).
 */
final class JacksonReference {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Json.MAX_DEPTH)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private JacksonReference() {}

    /**
     * Jackson's tree, or empty when it refuses the text. An empty or blank text gives Jackson's
     * MissingNode ("no content"), which counts as refused, as the mirror refuses it.
     */
    static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException | NumberFormatException e) {
            // Jackson lets a NumberFormatException out for an exponent BigDecimal cannot hold (1e999999999999)
            return Optional.empty();
        }
    }

    /** The mirror's value, or its JsonException's message (anything else escapes). */
    record Mirror(JsonValue value, String error) {
        boolean accepted() {
            return value != null;
        }
    }

    static Mirror mirror(String text) {
        try {
            return new Mirror(Json.parse(text), null);
        } catch (JsonException e) {
            return new Mirror(null, e.getMessage());
        }
    }

    /** Equal documents: same members in the same order, same strings, numerically equal numbers. */
    static boolean same(JsonValue mirror, JsonNode jackson) {
        return switch (mirror) {
            case JsonValue.JsonObject o -> {
                if (!jackson.isObject() || jackson.size() != o.members().size()) {
                    yield false;
                }
                Iterator<Map.Entry<String, JsonNode>> fields = jackson.properties().iterator();
                for (Map.Entry<String, JsonValue> member : o.members().entrySet()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!member.getKey().equals(field.getKey()) || !same(member.getValue(), field.getValue())) {
                        yield false;
                    }
                }
                yield true;
            }
            case JsonValue.JsonArray a -> {
                if (!jackson.isArray() || jackson.size() != a.size()) {
                    yield false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!same(a.get(i), jackson.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case JsonValue.JsonString s -> jackson.isTextual() && s.value().equals(jackson.textValue());
            case JsonValue.JsonNumber n -> jackson.isNumber() && new BigDecimal(n.text()).compareTo(jackson.decimalValue()) == 0;
            case JsonValue.JsonBoolean b -> jackson.isBoolean() && b.value() == jackson.booleanValue();
            case JsonValue.JsonNull ignored -> jackson.isNull();
        };
    }

    /**
     * The documented differences (mirror-client README, "JSON parser and Jackson"): texts only
     * Jackson accepts, each with what the mirror's error message says.
     */
    enum Difference {
        /** A string or member name with an unpaired UTF-16 surrogate, escaped or raw. */
        LONE_SURROGATE("surrogate"),
        /** A number whose exponent has more than 6 digits. */
        LONG_EXPONENT("exponent too large"),
        /**
         * A \\u escape with a non-ASCII character among its four digits: Jackson's char-based
         * parser reads any character whose low byte is an ASCII hex digit as that digit (U+0141 as A).
         */
        NON_ASCII_HEX_DIGIT("invalid hex digit in \\u escape");

        final String mirrorError;

        Difference(String mirrorError) {
            this.mirrorError = mirrorError;
        }

        /** Those present in a text Jackson accepted as {@code accepted}. */
        static java.util.Set<Difference> in(String text, JsonNode accepted) {
            java.util.Set<Difference> found = java.util.EnumSet.noneOf(Difference.class);
            if (hasLoneSurrogate(accepted)) {
                found.add(LONE_SURROGATE);
            }
            if (hasLongExponent(text)) {
                found.add(LONG_EXPONENT);
            }
            if (hasNonAsciiHexDigit(text)) {
                found.add(NON_ASCII_HEX_DIGIT);
            }
            return found;
        }

        /** Whether the mirror's refusal of a text only Jackson accepts is one of the documented differences. */
        static boolean explains(String text, JsonNode accepted, String mirrorError) {
            return in(text, accepted).stream().anyMatch(d -> mirrorError.contains(d.mirrorError));
        }

        static Difference named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    private static boolean hasLoneSurrogate(JsonNode node) {
        if (node.isTextual()) {
            return loneSurrogate(node.textValue());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (loneSurrogate(field.getKey())) {
                return true;
            }
        }
        for (JsonNode child : node) { // array elements or member values
            if (hasLoneSurrogate(child)) {
                return true;
            }
        }
        return false;
    }

    static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a string in the text has a \\u escape with a non-ASCII character among its four digits. */
    private static boolean hasNonAsciiHexDigit(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inString = !inString;
            } else if (inString && c == '\\' && i + 1 < text.length()) {
                if (text.charAt(i + 1) == 'u') {
                    for (int j = i + 2; j < Math.min(i + 6, text.length()); j++) {
                        if (text.charAt(j) > 0x7f) {
                            return true;
                        }
                    }
                }
                i++; // the escaped character cannot end the string
            }
        }
        return false;
    }

    /** Whether a number token, as Jackson's tokenizer reads the text, has an exponent of more than 6 digits. */
    private static boolean hasLongExponent(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                    String number = parser.getText().toLowerCase(java.util.Locale.ROOT);
                    int e = number.indexOf('e');
                    if (e >= 0 && number.substring(e + 1).replace("+", "").replace("-", "").length() > 6) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
