package org.bcpki.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.TxResult;
import org.junit.jupiter.api.Test;

/**
 * Besu's views derived from geth struct logs: per-frame storage (a reverted child's writes vanish,
 * a DELEGATECALL's land in the caller), nested revert reasons, the CALL stipend, memory after a
 * step, and the response budget.
 */
class StructLogsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String B = "0x" + "bb".repeat(20);
    private static final TxResult OK = new TxResult(true, 50_000, List.of(), Bytes.fromHexString("0x01"), Optional.empty(), "", false);
    private final ArrayNode steps = F.arrayNode();
    private int pc;

    /** A geth step; {@code stack} bottom first, as geth lists it. */
    private ObjectNode step(String op, int depth, long gasCost, String... stack) {
        ObjectNode s = steps.addObject();
        s.put("pc", pc++).put("op", op).put("gas", 100_000 - pc).put("gasCost", gasCost).put("depth", depth);
        ArrayNode st = s.putArray("stack");
        for (String v : stack) {
            st.add(v);
        }
        return s;
    }

    private JsonNode run(TraceRequest options, long budget) throws RpcException {
        ObjectNode raw = F.objectNode();
        raw.set("structLogs", steps);
        return StructLogs.toBesu(raw, OK, Bytes.fromHexString("0x" + "aa".repeat(20)), options, new StructLogs.Budget(budget))
                .get("structLogs");
    }

    private static String word(long v) {
        return String.format("0x%064x", v);
    }

    @Test
    void storageIsPerFrameAndOnlyReturnedChildrenCount() throws Exception {
        step("SSTORE", 1, 20_000, "0x11", "0x1");                           // A[1] = 0x11
        step("CALL", 1, 9_000, "0x0", "0x0", "0x0", "0x0", "0x5", B, "0xffff"); // value 5 to B
        step("SSTORE", 2, 20_000, "0x22", "0x2");                           // B[2] = 0x22
        step("REVERT", 2, 0, "0x0", "0x0");
        step("PUSH1", 1, 3, "0x0").put("returnData", "0x08c379a0");         // call failed: 0 on the stack
        step("DELEGATECALL", 1, 700, "0x0", "0x0", "0x0", "0x0", B, "0xffff");
        step("SSTORE", 2, 20_000, "0x33", "0x3");                           // runs in A's storage
        step("STOP", 2, 0);
        step("STOP", 1, 0, "0x1");                                          // delegate call succeeded
        JsonNode logs = run(TraceRequest.DEFAULT, 1_000_000);

        assertEquals(F.objectNode().put(word(1), word(0x11)), logs.get(0).get("storage"));
        assertEquals(9_000 + 2_300, logs.get(1).get("gasCost").asLong(), "the value call's stipend is part of its cost");
        assertEquals(F.objectNode().put(word(2), word(0x22)), logs.get(2).get("storage"));
        assertEquals("0x8c379a0", logs.get(3).get("reason").asText(), "the reverted data the caller sees next, compact");
        assertEquals(F.objectNode().put(word(1), word(0x11)), logs.get(4).get("storage"), "B's revert left A alone");
        assertEquals(700, logs.get(5).get("gasCost").asLong());
        assertEquals(F.objectNode().put(word(3), word(0x33)), logs.get(6).get("storage"), "a child sees only its own writes");
        assertEquals(F.objectNode().put(word(1), word(0x11)).put(word(3), word(0x33)), logs.get(8).get("storage"));
        assertEquals("0x1", logs.get(8).get("stack").get(0).asText());
    }

    @Test
    void memoryIsTheMemoryAfterTheStep() throws Exception {
        step("MSTORE", 1, 6, "0x2a", "0x0");
        step("CALL", 1, 100, "0x0", "0x0", "0x0", "0x0", "0x0", B, "0xffff")
                .putArray("memory").add("00".repeat(31) + "2a");
        step("STOP", 2, 0).putArray("memory");
        step("STOP", 1, 0, "0x1").putArray("memory").add("00".repeat(31) + "2a").add("ff" + "00".repeat(31));
        TraceRequest withMemory = new TraceRequest(TraceRequest.Tracer.STRUCT_LOGGER, true, true, true, null);
        JsonNode logs = run(withMemory, 1_000_000);
        assertEquals("[\"0x2a\"]", logs.get(0).get("memory").toString(), "MSTORE's result, as Besu records it");
        assertEquals("[\"0x2a\",\"0xff00000000000000000000000000000000000000000000000000000000000000\"]",
                logs.get(1).get("memory").toString(), "the caller's next step of the same frame");
        assertFalse(logs.get(2).has("memory"), "an empty memory is left out");
        assertFalse(run(TraceRequest.DEFAULT, 1_000_000).get(0).has("memory"), "memory is off by default");
    }

    @Test
    void aTraceStopsAtTheResponseLimit() {
        for (int i = 0; i < 1000; i++) {
            step("JUMPDEST", 1, 1);
        }
        RpcException e = assertThrows(RpcException.class, () -> run(TraceRequest.DEFAULT, 10_000));
        assertEquals(-32003, e.code());
    }
}
