package org.bcpki.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.codec.Hex;

/**
 * A strict RFC 8259 JSON parser and a writer. Strict means: one value and nothing after it but
 * whitespace, no comments, no trailing commas, no leading zeros, no NaN, no control characters or
 * lone surrogates in strings, no duplicate member names. Size and nesting are limited so a hostile
 * endpoint cannot make the client allocate or recurse without bound.
 */
public final class Json {
    /** Default limit on a document's length in characters. */
    public static final int DEFAULT_MAX_CHARS = 4 * 1024 * 1024;
    /** Nesting deeper than any legitimate JSON-RPC answer. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    public static JsonValue parse(String text) {
        return parse(text, DEFAULT_MAX_CHARS);
    }

    /** Parses one JSON document of at most {@code maxChars} characters. */
    public static JsonValue parse(String text, int maxChars) {
        if (text == null) {
            throw new JsonException("no JSON document");
        }
        if (text.length() > maxChars) {
            throw new JsonException("JSON document of " + text.length() + " characters exceeds the limit of "
                    + maxChars);
        }
        Json parser = new Json(text);
        parser.skipWhitespace();
        JsonValue value = parser.value();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected content after the JSON value");
        }
        return value;
    }

    public static JsonValue.JsonObject parseObject(String text, int maxChars) {
        return parse(text, maxChars).asObject("the JSON document");
    }

    private JsonValue value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonValue.JsonString(string());
            case 't' -> literal("true", JsonValue.JsonBoolean.TRUE);
            case 'f' -> literal("false", JsonValue.JsonBoolean.FALSE);
            case 'n' -> literal("null", JsonValue.JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private JsonValue object() {
        enter();
        pos++; // '{'
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonValue.JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            int namePos = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue value = value();
            if (members.putIfAbsent(name, value) != null) {
                pos = namePos;
                throw error("duplicate member name \"" + abbreviate(name) + "\"");
            }
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                depth--;
                return new JsonValue.JsonObject(members);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private JsonValue array() {
        enter();
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonValue.JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                depth--;
                return new JsonValue.JsonArray(elements);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character " + describe(c) + " in a string must be escaped");
            }
            if (c == '\\') {
                c = escape();
            }
            if (Character.isHighSurrogate(c)) {
                char low = nextUnit();
                if (!Character.isLowSurrogate(low)) {
                    throw error("high surrogate not followed by a low surrogate");
                }
                out.append(c).append(low);
            } else if (Character.isLowSurrogate(c)) {
                throw error("lone low surrogate in a string");
            } else {
                out.append(c);
            }
        }
    }

    /** The next UTF-16 unit of a string, raw or escaped. */
    private char nextUnit() {
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        return c == '\\' ? escape() : c;
    }

    private char escape() {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hexUnit();
            default -> {
                pos--;
                throw error("invalid escape \\" + describe(c));
            }
        };
    }

    private char hexUnit() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Hex.digit(text.charAt(pos + i));
            if (digit < 0) {
                pos += i;
                throw error("invalid hex digit in \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private JsonValue number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zeros are not allowed in numbers");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            int exponentStart = pos;
            digits();
            if (pos - exponentStart > 6) {
                throw error("exponent too large");
            }
        }
        return new JsonValue.JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue value) {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The current character, or NUL at the end (NUL never starts a valid token). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private JsonException error(String message) {
        return new JsonException("malformed JSON at offset " + pos + ": " + message);
    }

    /** Untrusted text in an error message, cut short so a hostile document cannot bloat logs. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "... (" + s.length() + " characters)";
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    // ---- writing ----

    /** Compact JSON text of a value. */
    public static String write(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1, 0);
        return out.toString();
    }

    /** Indented JSON text (two spaces), for files people read. */
    public static String writePretty(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 2, 0);
        return out.append('\n').toString();
    }

    private static void write(JsonValue value, StringBuilder out, int indent, int level) {
        switch (value) {
            case JsonValue.JsonObject o -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> member : o.members().entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    newline(out, indent, level + 1);
                    quote(member.getKey(), out);
                    out.append(indent < 0 ? ":" : ": ");
                    write(member.getValue(), out, indent, level + 1);
                }
                if (!o.members().isEmpty()) {
                    newline(out, indent, level);
                }
                out.append('}');
            }
            case JsonValue.JsonArray a -> {
                out.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    newline(out, indent, level + 1);
                    write(a.get(i), out, indent, level + 1);
                }
                if (a.size() > 0) {
                    newline(out, indent, level);
                }
                out.append(']');
            }
            case JsonValue.JsonString s -> quote(s.value(), out);
            case JsonValue.JsonNumber n -> out.append(n.text());
            case JsonValue.JsonBoolean b -> out.append(b.value() ? "true" : "false");
            case JsonValue.JsonNull ignored -> out.append("null");
        }
    }

    private static void newline(StringBuilder out, int indent, int level) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (Character.isSurrogate(c) && !validPairAt(s, i))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether the surrogate at i is half of a valid pair (lone halves are escaped so output stays valid UTF-16). */
    private static boolean validPairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
