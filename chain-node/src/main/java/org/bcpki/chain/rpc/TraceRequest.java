package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.horizen.evm.TraceOptions;
import java.util.Optional;

/**
 * The options object of Besu's debug_trace* methods ({@code disableStorage}, {@code disableMemory},
 * {@code disableStack}, {@code tracer}, {@code tracerConfig}; other members are ignored, as Besu's
 * parser does) with Besu's defaults: storage and stack on, memory off.
 */
public record TraceRequest(Tracer tracer, boolean traceStorage, boolean traceMemory, boolean traceStack, JsonNode tracerConfig) {

    /** Besu's tracer names (case-sensitive); the empty name is the default struct logger. */
    public enum Tracer {
        STRUCT_LOGGER(""), CALL("callTracer"), FLAT_CALL("flatCallTracer"), PRESTATE("prestateTracer"), FOUR_BYTE("4byteTracer");

        final String besuName;

        Tracer(String besuName) {
            this.besuName = besuName;
        }
    }

    public static final TraceRequest DEFAULT = new TraceRequest(Tracer.STRUCT_LOGGER, true, false, true, null);

    /** Besu answers every malformed options object with this error. */
    static RpcException invalid() {
        return RpcException.invalidParams("Invalid transaction trace params");
    }

    public static TraceRequest parse(Optional<JsonNode> options) throws RpcException {
        if (options.isEmpty()) {
            return DEFAULT;
        }
        JsonNode o = options.get();
        if (!o.isObject()) {
            throw invalid();
        }
        Tracer tracer = Tracer.STRUCT_LOGGER;
        if (o.hasNonNull("tracer")) {
            if (!o.get("tracer").isTextual()) {
                throw invalid();
            }
            String name = o.get("tracer").textValue();
            tracer = java.util.Arrays.stream(Tracer.values()).filter(t -> t.besuName.equals(name)).findFirst()
                    .orElseThrow(TraceRequest::invalid);
        }
        JsonNode config = o.get("tracerConfig");
        if (config != null && !config.isNull() && !config.isObject()) {
            throw invalid();
        }
        return new TraceRequest(tracer, !flag(o, "disableStorage"), flag(o, "disableMemory", true) == Boolean.FALSE,
                !flag(o, "disableStack"), config == null || config.isNull() ? null : config);
    }

    private static boolean flag(JsonNode o, String name) throws RpcException {
        return flag(o, name, false);
    }

    /** A boolean member; {@code absent} when missing or null (Besu tells "not given" from "false" for disableMemory). */
    private static Boolean flag(JsonNode o, String name, boolean absentIsNull) throws RpcException {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return absentIsNull ? null : Boolean.FALSE;
        }
        if (!v.isBoolean()) {
            throw invalid();
        }
        return v.booleanValue();
    }

    /**
     * What libevm is asked to record. The struct logger always keeps the stack (the storage and
     * revert-reason views are derived from it) and the return data (a nested REVERT's reason), and
     * never geth's own storage view, which differs from Besu's; memory only when asked for.
     */
    TraceOptions libevmOptions() {
        return switch (tracer) {
            case STRUCT_LOGGER -> new TraceOptions(traceMemory, false, true, true, null, null);
            case CALL -> new TraceOptions(false, true, true, false, "callTracer", null);
            case PRESTATE -> new TraceOptions(false, true, true, false, "prestateTracer", tracerConfig);
            case FOUR_BYTE -> new TraceOptions(false, true, true, false, "4byteTracer", null);
            case FLAT_CALL -> throw new IllegalStateException("flatCallTracer runs no tracer");
        };
    }
}
