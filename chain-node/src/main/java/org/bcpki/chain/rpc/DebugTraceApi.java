package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.horizen.evm.StateDB;
import io.horizen.evm.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.exec.BlockEnv;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.TxResult;
import org.bcpki.chain.store.BlockStore;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.core.chain.BlockHeader;

/**
 * Besu's DEBUG tracing and raw-data methods: debug_traceTransaction, debug_traceBlockByNumber,
 * debug_traceBlockByHash, debug_traceCall, debug_getRawReceipts, debug_getRawTransaction.
 * Traces re-execute on a scratch copy of the parent state (never the live one): the block's
 * earlier transactions first, then the traced one with a libevm tracer. Every run is charged to
 * the request's EVM gas budget, and struct logs stop at the response-size limit.
 */
public final class DebugTraceApi {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Blockchain chain;
    private final EthApi eth;
    private final RpcOptions options;

    /** {@code eth} supplies the gas cap and per-request gas budget eth_call uses. */
    public DebugTraceApi(Blockchain chain, EthApi eth, RpcOptions options) {
        this.chain = chain;
        this.eth = eth;
        this.options = options;
    }

    public void registerAll(JsonRpcDispatcher d) {
        d.register("debug_traceTransaction", this::traceTransaction)
                .register("debug_traceBlockByNumber", this::traceBlockByNumber)
                .register("debug_traceBlockByHash", this::traceBlockByHash)
                .register("debug_traceBlock", this::traceRawBlock)
                .register("debug_traceCall", this::traceCall)
                .register("debug_getRawReceipts", this::rawReceipts)
                .register("debug_getRawTransaction", this::rawTransaction);
    }

    // ---- transactions and blocks ----

    private Object traceTransaction(Params p) throws RpcException {
        Bytes32 hash = p.hash(0, "transaction hash");
        Optional<BlockStore.TxLocation> location = chain.store().location(hash);
        if (location.isEmpty()) {
            return null; // Besu: an unknown (or still pending) transaction traces to null
        }
        TraceRequest request = TraceRequest.parse(p.optional(1));
        Block block = chain.store().block(location.get().blockNumber()).orElseThrow();
        return traceBlock(block, location.get().index(), request, p.meter()).get(0).get("result");
    }

    private Object traceBlockByNumber(Params p) throws RpcException {
        JsonNode param = p.required(0, "block number");
        if (param.isTextual() && (param.textValue().equals("safe") || param.textValue().equals("finalized"))) {
            throw RpcException.unknownBlock(); // QBFT has no safe/finalized block
        }
        BlockParameter block = numberOrTag(param);
        TraceRequest request = TraceRequest.parse(p.optional(1));
        Optional<Block> found = find(block);
        return found.isEmpty() ? null : traceBlock(found.get(), -1, request, p.meter());
    }

    private Object traceBlockByHash(Params p) throws RpcException {
        Bytes32 hash = p.hash(0, "block hash");
        TraceRequest request = TraceRequest.parse(p.optional(1));
        Optional<Block> found = find(new BlockParameter.Hash(hash));
        return found.isEmpty() ? null : traceBlock(found.get(), -1, request, p.meter());
    }

    /**
     * Besu's debug_traceBlock: a block given as its RLP (debug_getRawBlock's form), traced on the
     * state of its parent, which this node must have. Not imported, not validated beyond decoding:
     * a transaction its parent's state refuses ends the trace with an internal error naming it.
     */
    private Object traceRawBlock(Params p) throws RpcException {
        JsonNode raw = p.required(0, "block");
        Block block;
        try {
            if (!raw.isTextual()) {
                throw new IllegalArgumentException("not a hex string");
            }
            block = Block.decodeEthereum(Bytes.fromHexString(raw.textValue()));
        } catch (IllegalArgumentException | InvalidTransactionException e) {
            throw RpcException.invalidParams("Invalid block param (block not found)");
        }
        TraceRequest request = TraceRequest.parse(p.optional(1));
        BlockHeader parent = chain.store().numberOf(block.header().parentHash()).flatMap(chain::header)
                .orElseThrow(() -> new RpcException(-32000, "Parent block not found"));
        return traceBlock(block, parent, -1, request, p.meter());
    }

    /** A block number or tag (no hash), with Besu's one error for anything else. */
    private static BlockParameter numberOrTag(JsonNode param) throws RpcException {
        BlockParameter block;
        try {
            block = Params.block(param);
        } catch (RpcException e) {
            block = null;
        }
        if (block == null || block instanceof BlockParameter.Hash || param.isObject()) {
            throw RpcException.invalidParams("Invalid block param (block not found)");
        }
        return block;
    }

    private Optional<Block> find(BlockParameter param) {
        long head = chain.head().number();
        Optional<Long> number = switch (param) {
            case BlockParameter.Latest l -> Optional.of(head);
            case BlockParameter.Pending l -> Optional.of(head);
            case BlockParameter.Earliest e -> Optional.of(0L);
            case BlockParameter.Number n -> n.number() <= head ? Optional.of(n.number()) : Optional.empty();
            case BlockParameter.Hash h -> chain.store().numberOf(h.hash());
        };
        return number.flatMap(n -> chain.store().block(n));
    }

    /**
     * Traces transaction {@code only} of {@code block} (all of them when -1) after replaying the
     * ones before it; one {@code {txHash, result}} entry per traced transaction, as Besu lists them.
     */
    private List<ObjectNode> traceBlock(Block block, int only, TraceRequest request, RequestMeter meter) throws RpcException {
        return traceBlock(block, block.number() == 0 ? null : chain.header(block.number() - 1).orElseThrow(), only, request, meter);
    }

    private List<ObjectNode> traceBlock(Block block, BlockHeader parent, int only, TraceRequest request, RequestMeter meter)
            throws RpcException {
        List<Transaction> txs = block.transactions();
        if (txs.isEmpty()) {
            return List.of();
        }
        requireBudget(meter);
        BlockEnv env = chain.env(block.header());
        StructLogs.Budget bytes = new StructLogs.Budget(options.maxResponseBytes());
        return chain.readState(parent.stateRoot(), (StateDB state) -> {
            List<ObjectNode> traces = new ArrayList<>();
            int last = only < 0 ? txs.size() - 1 : only;
            for (int i = 0; i <= last; i++) {
                Transaction tx = txs.get(i);
                if (only >= 0 && i < only) {
                    meter.charge(execute(state, tx, i, env, null).gasUsed());
                    continue;
                }
                int index = i;
                Traced traced = trace(request, tracer -> execute(state, tx, index, env, tracer));
                meter.charge(traced.result().gasUsed());
                Bytes top = tx.to().orElseGet(() -> EvmTypes.contractAddress(tx.from(), tx.nonce()));
                ObjectNode entry = F.objectNode();
                entry.put("txHash", tx.hash().toHexString());
                entry.set("result", render(request, traced, top, bytes));
                traces.add(entry);
            }
            return traces;
        });
    }

    private TxResult execute(StateDB state, Transaction tx, int index, BlockEnv env, Tracer tracer) throws RpcException {
        try {
            return chain.processor().execute(state, tx, index, env, tracer);
        } catch (InvalidTransactionException e) {
            // a stored block's transactions were valid when it was imported
            throw new RpcException(-32603, "Internal error", "replaying transaction " + index + ": " + e.getMessage());
        }
    }

    // ---- calls ----

    /**
     * Besu's debug_traceCall: the call object is read as eth_call reads it ({@link CallParams}: access
     * list, nonce, chain id, fees, input/data) and run by the same simulation; what Besu's validation
     * refuses (intrinsic gas, a nonce below the sender's, a foreign chain id) is an internal error
     * carrying the reason as data, as Besu answers it. The sender's balance is not checked.
     */
    private Object traceCall(Params p) throws RpcException {
        JsonNode callNode = p.required(0, "call");
        Optional<JsonNode> blockNode = p.optional(1);
        if (blockNode.isPresent() && blockNode.get().isTextual()
                && (blockNode.get().textValue().equals("safe") || blockNode.get().textValue().equals("finalized"))) {
            throw RpcException.unknownBlock();
        }
        BlockParameter block = blockNode.isEmpty() ? BlockParameter.LATEST : numberOrTag(blockNode.get());
        TraceRequest request = TraceRequest.parse(p.optional(2));
        BlockHeader header = find(block).map(Block::header).orElseThrow(() -> new RpcException(-32000, "Block not found"));
        StructLogs.Budget bytes = new StructLogs.Budget(options.maxResponseBytes());
        CallParams call;
        Traced traced;
        try {
            call = eth.parseCall(callNode);
            traced = trace(request, tracer -> eth.traceCall(call, header, p.meter(), tracer));
        } catch (RpcException e) {
            throw e.reason() == null ? e : e.asInternalError();
        }
        Bytes top = call.to().or(() -> traced.result().contractAddress()).orElseGet(() -> EvmTypes.contractAddress(call.sender(),
                call.nonce().orElseGet(() -> nonceAt(header, call.sender()))));
        return render(request, traced, top, bytes);
    }

    private long nonceAt(BlockHeader header, Bytes address) {
        return chain.readStateShared(header.stateRoot(), s -> s.getNonce(EvmTypes.address(address)).longValueExact());
    }

    // ---- tracers ----

    private record Traced(TxResult result, JsonNode raw) {}

    @FunctionalInterface
    private interface TracedRun {
        TxResult run(Tracer tracer) throws RpcException;
    }

    /** Runs with the requested libevm tracer; flatCallTracer runs without one (Besu has no output for it). */
    private static Traced trace(TraceRequest request, TracedRun run) throws RpcException {
        if (request.tracer() == TraceRequest.Tracer.FLAT_CALL) {
            return new Traced(run.run(null), null);
        }
        try (Tracer tracer = new Tracer(request.libevmOptions())) {
            TxResult result = run.run(tracer);
            return new Traced(result, tracer.getResult().result);
        }
    }

    private static JsonNode render(TraceRequest request, Traced traced, Bytes top, StructLogs.Budget bytes) throws RpcException {
        return switch (request.tracer()) {
            case STRUCT_LOGGER -> StructLogs.toBesu(traced.raw(), traced.result(), top, request, bytes);
            case CALL -> CallTraces.toBesu(traced.raw());
            case FLAT_CALL -> F.objectNode().put("error", "Not Yet Implemented"); // Besu's own answer for this tracer
            case PRESTATE, FOUR_BYTE -> traced.raw();
        };
    }

    private void requireBudget(RequestMeter meter) throws RpcException {
        long budget = eth.requestGasBudget();
        if (meter.gas() >= budget) {
            throw RpcException.requestGasExhausted(budget);
        }
    }

    // ---- raw data ----

    private Object rawReceipts(Params p) throws RpcException {
        JsonNode param = p.required(0, "block");
        if (param.isTextual() && (param.textValue().equals("safe") || param.textValue().equals("finalized"))) {
            throw RpcException.unknownBlock();
        }
        BlockParameter block;
        try {
            block = Params.block(param);
        } catch (RpcException e) {
            throw RpcException.invalidParams("Invalid block param (block not found)");
        }
        return find(block).<Object>map(b -> chain.store().receipts(b.number()).stream()
                .map(r -> r.receipt().encode().toHexString()).toList()).orElse(null);
    }

    private Object rawTransaction(Params p) throws RpcException {
        Bytes32 hash = p.hash(0, "transaction hash");
        return chain.store().location(hash).<Object>map(l -> chain.store().block(l.blockNumber()).orElseThrow()
                .transactions().get(l.index()).raw().toHexString()).orElse(null);
    }
}
