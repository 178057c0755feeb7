package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Besu's callTracer result from geth's native callTracer (run inside libevm): the same fields,
 * in Besu's order ({@code from, gas, gasUsed, to, input, output, error, revertReason, calls,
 * value, type}), with Besu's error texts for exceptional halts and a DELEGATECALL's value "0x0"
 * (geth repeats the caller's value there).
 */
final class CallTraces {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] ORDER = {"from", "gas", "gasUsed", "to", "input", "output", "error", "revertReason"};

    private CallTraces() {}

    static ObjectNode toBesu(JsonNode geth) {
        ObjectNode out = F.objectNode();
        for (String field : ORDER) {
            JsonNode v = geth.get(field);
            if (v != null && !v.isNull()) {
                out.set(field, field.equals("error") ? F.textNode(HaltReasons.description(v.asText()))
                        : field.equals("revertReason") ? v : lower(v));
            }
        }
        JsonNode calls = geth.get("calls");
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
            ArrayNode list = out.putArray("calls");
            calls.forEach(c -> list.add(toBesu(c)));
        }
        String type = geth.path("type").asText();
        if (type.equals("DELEGATECALL")) {
            out.put("value", "0x0");
        } else if (geth.hasNonNull("value")) {
            out.set("value", geth.get("value"));
        }
        out.put("type", type);
        return out;
    }

    /** Besu writes addresses and data in lower case, as geth does; kept explicit for checksummed input. */
    private static JsonNode lower(JsonNode v) {
        return v.isTextual() && v.asText().startsWith("0x") ? F.textNode(v.asText().toLowerCase(java.util.Locale.ROOT)) : v;
    }
}
