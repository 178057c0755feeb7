package org.bcpki.core.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed JSON value. The accessors throw {@link JsonException} naming the field, so code that reads
 * untrusted documents gets one clear error type instead of casts and null checks.
 */
public sealed interface JsonValue
        permits JsonValue.JsonObject, JsonValue.JsonArray, JsonValue.JsonString, JsonValue.JsonNumber,
                JsonValue.JsonBoolean, JsonValue.JsonNull {

    /** A short name of this value's kind, for error messages. */
    String kind();

    default JsonObject asObject(String what) {
        if (this instanceof JsonObject o) {
            return o;
        }
        throw new JsonException(what + " must be an object, got " + kind());
    }

    default JsonArray asArray(String what) {
        if (this instanceof JsonArray a) {
            return a;
        }
        throw new JsonException(what + " must be an array, got " + kind());
    }

    default String asString(String what) {
        if (this instanceof JsonString s) {
            return s.value();
        }
        throw new JsonException(what + " must be a string, got " + kind());
    }

    default JsonNumber asNumber(String what) {
        if (this instanceof JsonNumber n) {
            return n;
        }
        throw new JsonException(what + " must be a number, got " + kind());
    }

    default boolean asBoolean(String what) {
        if (this instanceof JsonBoolean b) {
            return b.value();
        }
        throw new JsonException(what + " must be true or false, got " + kind());
    }

    default boolean isNull() {
        return this instanceof JsonNull;
    }

    static JsonString of(String value) {
        return new JsonString(value);
    }

    static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    static JsonBoolean of(boolean value) {
        return value ? JsonBoolean.TRUE : JsonBoolean.FALSE;
    }

    /** Members keep their document order; duplicates are rejected by the parser. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        public static Builder builder() {
            return new Builder();
        }

        @Override
        public String kind() {
            return "an object";
        }

        public boolean has(String name) {
            return members.containsKey(name);
        }

        public Optional<JsonValue> optional(String name) {
            JsonValue value = members.get(name);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        public JsonValue get(String name) {
            JsonValue value = members.get(name);
            if (value == null) {
                throw new JsonException("missing field '" + name + "'");
            }
            return value;
        }

        public String string(String name) {
            return get(name).asString("field '" + name + "'");
        }

        public JsonObject object(String name) {
            return get(name).asObject("field '" + name + "'");
        }

        public JsonArray array(String name) {
            return get(name).asArray("field '" + name + "'");
        }

        public long longValue(String name) {
            return get(name).asNumber("field '" + name + "'").longValue("field '" + name + "'");
        }

        /** Insertion-ordered builder; a repeated name replaces the earlier value. */
        public static final class Builder {
            private final Map<String, JsonValue> members = new LinkedHashMap<>();

            public Builder put(String name, JsonValue value) {
                members.put(name, value == null ? JsonNull.INSTANCE : value);
                return this;
            }

            public Builder put(String name, String value) {
                return put(name, value == null ? JsonNull.INSTANCE : new JsonString(value));
            }

            public Builder put(String name, long value) {
                return put(name, JsonValue.of(value));
            }

            public Builder put(String name, boolean value) {
                return put(name, JsonValue.of(value));
            }

            public JsonObject build() {
                return new JsonObject(members);
            }
        }
    }

    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }

        public static JsonArray ofStrings(List<String> values) {
            List<JsonValue> elements = new ArrayList<>(values.size());
            for (String value : values) {
                elements.add(new JsonString(value));
            }
            return new JsonArray(elements);
        }

        @Override
        public String kind() {
            return "an array";
        }

        public int size() {
            return elements.size();
        }

        public JsonValue get(int index) {
            return elements.get(index);
        }

        /** The elements as strings, naming the array in errors. */
        public List<String> strings(String what) {
            List<String> out = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                out.add(elements.get(i).asString(what + "[" + i + "]"));
            }
            return out;
        }
    }

    record JsonString(String value) implements JsonValue {
        public JsonString {
            if (value == null) {
                throw new NullPointerException("value");
            }
        }

        @Override
        public String kind() {
            return "a string";
        }
    }

    /** A number kept as its validated literal text, so no precision is lost on the way in. */
    record JsonNumber(String text) implements JsonValue {
        /**
         * Longer literals are refused before BigDecimal sees them: its parsing is quadratic in the
         * digits (a 100,000-digit id took seconds), and no 64-bit integer needs this many characters.
         */
        static final int MAX_INTEGER_CHARS = 64;

        @Override
        public String kind() {
            return "a number";
        }

        /** The value as a long; throws when it has a fraction or does not fit. */
        public long longValue(String what) {
            if (text.length() > MAX_INTEGER_CHARS) {
                throw new JsonException(what + " is too long for a 64-bit integer (" + text.length() + " characters)");
            }
            try {
                return new BigDecimal(text).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new JsonException(what + " must be an integer that fits 64 bits, got " + text);
            }
        }
    }

    enum JsonBoolean implements JsonValue {
        TRUE, FALSE;

        public boolean value() {
            return this == TRUE;
        }

        @Override
        public String kind() {
            return "a boolean";
        }
    }

    enum JsonNull implements JsonValue {
        INSTANCE;

        @Override
        public String kind() {
            return "null";
        }
    }
}
