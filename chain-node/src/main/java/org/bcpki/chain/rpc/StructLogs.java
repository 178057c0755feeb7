package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.TxResult;

/**
 * Turns the output of geth's struct logger (run inside libevm) into Besu's default debug_trace
 * result: {@code {gas, failed, returnValue, structLogs:[{pc, op, gas, gasCost, depth, stack,
 * memory, storage, reason, error}]}}. Where Besu records something geth does not, it is derived
 * from what geth records:
 * <ul>
 * <li>storage: Besu shows, on every step, the slots the current frame has written (with those of
 * its children that returned successfully) once there are any; geth shows reads and writes only
 * on SLOAD/SSTORE steps. It is rebuilt from the SSTORE steps' stacks.
 * <li>memory: Besu records it after the step, geth before; the next step of the same frame has it.
 * <li>reason (REVERT steps): the revert data, from the transaction's output or, for a nested
 * REVERT, the return data the parent sees next.
 * <li>gasCost of a value-carrying CALL/CALLCODE includes the 2300 stipend the callee gets, as Besu
 * counts the callee's starting gas.
 * </ul>
 * What cannot be derived: the step that halts a frame exceptionally (out of gas, stack underflow,
 * bad jump, invalid opcode). geth records a step only after its gas is paid and its struct logger
 * ignores faults, so that step, which Besu lists with {@code error: <halt reason>}, is missing.
 */
final class StructLogs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigInteger STIPEND = BigInteger.valueOf(2300);
    /** Rough JSON size of a step without stack, memory and storage, for the response budget. */
    private static final int STEP_BYTES = 64;

    /**
     * The bytes one response may still hold: a trace stops with the node's "response too large"
     * error as soon as its output passes the limit, instead of building all of it first.
     */
    static final class Budget {
        private final long max;
        private long left;

        Budget(long max) {
            this.max = max;
            this.left = max;
        }

        void spend(long bytes) throws RpcException {
            left -= bytes;
            if (left < 0) {
                throw RpcException.responseTooLarge(max);
            }
        }
    }

    private StructLogs() {}

    /**
     * @param raw geth's struct logger result
     * @param result the traced run (Besu reports its gas used after refunds, and no output when failed)
     * @param topAddress the frame whose storage the transaction runs in (recipient, or created contract)
     */
    static ObjectNode toBesu(JsonNode raw, TxResult result, Bytes topAddress, TraceRequest options, Budget budget)
            throws RpcException {
        JsonNode steps = raw.path("structLogs");
        int n = steps.size();
        JsonNode[] memoryAfter = options.traceMemory() ? memoryAfter(steps) : new JsonNode[n];
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame(topAddress.toHexString()));
        int creates = 0;
        ArrayNode logs = F.arrayNode(n);
        for (int i = 0; i < n; i++) {
            JsonNode step = steps.get(i);
            JsonNode next = i + 1 < n ? steps.get(i + 1) : null;
            int depth = step.path("depth").asInt();
            List<BigInteger> stack = stack(step);
            returnTo(frames, depth, stack);
            Frame frame = frames.peek();
            String op = step.path("op").asText();
            if (op.equals("SSTORE") && stack.size() >= 2) {
                frame.written(frame.address).put(top(stack, 0), top(stack, 1));
            }
            boolean entered = next != null && next.path("depth").asInt() > depth;
            ObjectNode out = F.objectNode();
            out.put("pc", step.path("pc").asLong());
            out.put("op", op.equals("DIFFICULTY") ? "PREVRANDAO" : op);
            out.put("gas", step.path("gas").asLong());
            long gasCost = step.path("gasCost").asLong();
            if (entered && (op.equals("CALL") || op.equals("CALLCODE")) && stack.size() >= 3 && top(stack, 2).signum() != 0) {
                gasCost += STIPEND.longValue();
            }
            out.put("gasCost", gasCost);
            out.put("depth", depth);
            long bytes = STEP_BYTES;
            if (options.traceStack()) {
                ArrayNode s = out.putArray("stack");
                for (BigInteger v : stack) {
                    String hex = "0x" + v.toString(16);
                    s.add(hex);
                    bytes += hex.length() + 3;
                }
            }
            if (memoryAfter[i] != null && !memoryAfter[i].isEmpty()) {
                ArrayNode m = out.putArray("memory");
                for (JsonNode word : memoryAfter[i]) {
                    String hex = compactHex(Bytes.fromHexString(word.asText()));
                    m.add(hex);
                    bytes += hex.length() + 3;
                }
            }
            Map<BigInteger, BigInteger> written = frame.writes.get(frame.address);
            if (options.traceStorage() && written != null && !written.isEmpty()) {
                ObjectNode s = out.putObject("storage");
                written.forEach((k, v) -> s.put(bytes32(k), bytes32(v)));
                bytes += 140L * written.size();
            }
            if (op.equals("REVERT")) {
                Bytes data = depth == 1 ? result.returnData()
                        : next == null ? Bytes.EMPTY : Bytes.fromHexString(next.path("returnData").asText("0x"));
                out.put("reason", compactHex(data));
            }
            budget.spend(bytes);
            logs.add(out);
            if (entered) {
                frames.push(new Frame(switch (op) {
                    case "CALL", "STATICCALL" -> Bytes.wrap(bytes32Of(top(stack, 1))).slice(12).toHexString();
                    case "CREATE", "CREATE2" -> "created#" + (++creates);
                    default -> frame.address; // CALLCODE, DELEGATECALL run in the caller's storage
                }));
            }
        }
        ObjectNode json = F.objectNode();
        json.put("gas", result.gasUsed());
        json.put("failed", !result.success());
        json.put("returnValue", result.success() ? result.returnData().toUnprefixedHexString() : "");
        json.set("structLogs", logs);
        return json;
    }

    /** Leaves the frames deeper than {@code depth}; a child's writes reach its parent when the call's result is non-zero. */
    private static void returnTo(Deque<Frame> frames, int depth, List<BigInteger> stack) {
        while (frames.size() > Math.max(depth, 1)) {
            Frame child = frames.pop();
            boolean success = frames.size() == depth && !stack.isEmpty() && top(stack, 0).signum() != 0;
            if (success) {
                Frame parent = frames.peek();
                child.writes.forEach((address, slots) -> parent.written(address).putAll(slots));
            }
        }
    }

    /** For each step, the memory after it: the memory the next step of the same frame starts with, else its own. */
    private static JsonNode[] memoryAfter(JsonNode steps) {
        int n = steps.size();
        JsonNode[] after = new JsonNode[n];
        Map<Integer, JsonNode> laterInFrame = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            JsonNode step = steps.get(i);
            int depth = step.path("depth").asInt();
            JsonNode own = step.get("memory");
            JsonNode later = laterInFrame.get(depth);
            after[i] = later != null ? later : own;
            laterInFrame.keySet().removeIf(d -> d > depth);
            if (own != null) {
                laterInFrame.put(depth, own);
            } else {
                laterInFrame.remove(depth);
            }
        }
        return after;
    }

    private static List<BigInteger> stack(JsonNode step) {
        JsonNode s = step.path("stack");
        java.util.ArrayList<BigInteger> out = new java.util.ArrayList<>(s.size());
        for (JsonNode v : s) {
            String t = v.asText();
            out.add(new BigInteger(t.startsWith("0x") ? t.substring(2) : t, 16));
        }
        return out;
    }

    /** The stack item {@code i} places below the top (geth lists the stack bottom first). */
    private static BigInteger top(List<BigInteger> stack, int i) {
        return stack.get(stack.size() - 1 - i);
    }

    private static byte[] bytes32Of(BigInteger v) {
        byte[] out = new byte[32];
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    private static String bytes32(BigInteger v) {
        return Bytes.wrap(bytes32Of(v)).toHexString();
    }

    /** Besu's compact hex: 0x-prefixed, leading zero nibbles dropped, "0x0" for none. */
    static String compactHex(Bytes bytes) {
        String hex = bytes.toUnprefixedHexString().replaceFirst("^0+", "");
        return "0x" + (hex.isEmpty() ? "0" : hex);
    }

    /** A call frame's storage context and the slots it (with its returned children) has written, by account. */
    private static final class Frame {
        final String address;
        final Map<String, TreeMap<BigInteger, BigInteger>> writes = new HashMap<>();

        Frame(String address) {
            this.address = address;
        }

        TreeMap<BigInteger, BigInteger> written(String account) {
            return writes.computeIfAbsent(account, a -> new TreeMap<>());
        }
    }
}
