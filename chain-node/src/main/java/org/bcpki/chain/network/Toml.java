package org.bcpki.chain.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small TOML subset Besu's permissions and config files use: {@code key=value} lines with
 * strings, integers, booleans and (possibly multi-line) arrays of strings; {@code #} comments.
 */
public final class Toml {
    private Toml() {}

    public static String string(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static String array(List<String> values) {
        if (values.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < values.size(); i++) {
            b.append("  ").append(string(values.get(i))).append(i + 1 < values.size() ? ",\n" : "\n");
        }
        return b.append("]").toString();
    }

    /** Parses into strings, longs, booleans and lists of strings. */
    public static Map<String, Object> parse(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).trim();
            if (line.isEmpty() || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("TOML line " + (i + 1) + " is not key=value: " + line);
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (value.startsWith("[")) {
                StringBuilder all = new StringBuilder(value);
                while (!all.toString().contains("]") && i + 1 < lines.length) {
                    all.append(' ').append(stripComment(lines[++i]).trim());
                }
                out.put(key, strings(all.toString(), i + 1));
            } else if (value.startsWith("\"")) {
                out.put(key, unquote(value, i + 1));
            } else if (value.equals("true") || value.equals("false")) {
                out.put(key, Boolean.parseBoolean(value));
            } else {
                try {
                    out.put(key, value.matches("[+-]?[0-9]+\\.[0-9]+") ? (Object) Double.parseDouble(value) : (Object) Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("TOML line " + (i + 1) + ": unsupported value " + value);
                }
            }
        }
        return out;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static List<String> strings(String array, int line) {
        String inner = array.substring(array.indexOf('[') + 1, array.lastIndexOf(']')).trim();
        List<String> out = new ArrayList<>();
        if (inner.isEmpty()) {
            return out;
        }
        for (String item : inner.split(",")) {
            String t = item.trim();
            if (!t.isEmpty()) {
                out.add(unquote(t, line));
            }
        }
        return out;
    }

    private static String unquote(String value, int line) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new IllegalArgumentException("TOML line " + line + ": bad string " + value);
        }
        return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
