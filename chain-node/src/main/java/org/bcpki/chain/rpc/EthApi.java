package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.horizen.evm.Hash;
import io.horizen.evm.StateDB;
import io.horizen.evm.results.ProofAccountResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.exec.BlockEnv;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.TxResult;
import org.bcpki.chain.node.NodeServices;
import org.bcpki.chain.store.BlockStore;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.QbftExtraDataCodec;

/**
 * The Ethereum, net, web3, debug and qbft JSON-RPC methods a Besu QBFT node serves, with Besu's
 * result shapes and error codes.
 */
public final class EthApi {
    public static final String CLIENT_VERSION = "bcpki-embedded/v0.1.0/qbft/java-" + Runtime.version().feature();
    /**
     * eth_estimateGas stops its search once the bracket is within 1.5% (geth's error ratio) and never
     * runs the EVM more than this often: its cost stays a small multiple of one call.
     */
    public static final int MAX_ESTIMATE_RUNS = 12;
    private static final long ESTIMATE_TOLERANCE_PERMILLE = 15;

    private final NodeServices node;
    private final Blockchain chain;
    private final RpcOptions options;
    private final java.util.concurrent.atomic.AtomicLong evmGas = new java.util.concurrent.atomic.AtomicLong();

    public EthApi(NodeServices node, RpcOptions options) {
        this.node = node;
        this.chain = node.chain();
        this.options = options;
    }

    /** The EVM gas eth_call and eth_estimateGas have run on this node. */
    public long evmGas() {
        return evmGas.get();
    }

    /** The gas one eth_call / eth_estimateGas run may use (rpc-gas-cap, at most the head's block gas limit). */
    public long gasCap() {
        return options.effectiveGasCap(chain.head().gasLimit());
    }

    /** The EVM gas one request (a single call or a whole batch) may run in total. */
    public long requestGasBudget() {
        long cap = gasCap();
        return cap > Long.MAX_VALUE / options.requestGasCalls() ? Long.MAX_VALUE : cap * options.requestGasCalls();
    }

    public void registerAll(JsonRpcDispatcher d) {
        d.register("web3_clientVersion", p -> CLIENT_VERSION)
                .register("net_version", p -> Long.toString(chain.genesis().chainId()))
                .register("net_listening", p -> true)
                .register("net_peerCount", p -> Hex.quantity(node.peerCount()))
                .register("eth_chainId", p -> Hex.quantity(chain.genesis().chainId()))
                .register("eth_syncing", p -> node.syncing().<Object>map(s -> Map.of(
                        "startingBlock", Hex.quantity(s.startingBlock()), "currentBlock", Hex.quantity(s.currentBlock()),
                        "highestBlock", Hex.quantity(s.highestBlock()))).orElse(false))
                .register("eth_blockNumber", p -> Hex.quantity(chain.head().number()))
                .register("eth_gasPrice", p -> "0x0")
                .register("eth_maxPriorityFeePerGas", p -> "0x0")
                .register("eth_accounts", p -> List.of())
                .register("eth_getBlockByNumber", p -> RpcJson.blockJson(findBlock(blockParam(p, 0, true)), p.bool(1, false)))
                .register("eth_getBlockByHash", p -> RpcJson.blockJson(findBlock(new BlockParameter.Hash(p.hash(0, "block hash"))), p.bool(1, false)))
                .register("eth_getBlockTransactionCountByNumber", p -> findBlock(blockParam(p, 0, true))
                        .<Object>map(b -> Hex.quantity(b.transactions().size())).orElse(null))
                .register("eth_getTransactionByHash", this::transactionByHash)
                .register("eth_getTransactionReceipt", this::receipt)
                .register("eth_getTransactionCount", this::transactionCount)
                .register("eth_getBalance", p -> withState(p, 1, s -> Hex.quantity(s.getBalance(EvmTypes.address(p.address(0))))))
                .register("eth_getCode", p -> withState(p, 1, s -> Hex.data(Bytes.wrap(nonNull(s.getCode(EvmTypes.address(p.address(0))))))))
                .register("eth_getStorageAt", p -> withState(p, 2, s -> Hex.data(EvmTypes.bytes32(s.getStorage(
                        EvmTypes.address(p.address(0)), EvmTypes.hash(Params.slot(p.required(1, "position"), "position")))))))
                .register("eth_call", this::call)
                .register("eth_estimateGas", this::estimateGas)
                .register("eth_feeHistory", this::feeHistory)
                .register("eth_sendRawTransaction", this::sendRawTransaction)
                .register("eth_getLogs", this::getLogs)
                .register("eth_getProof", this::getProof)
                .register("debug_getRawHeader", p -> Hex.data(BlockHeaderCodec.encode(requireHeader(blockParam(p, 0, false)))))
                .register("debug_getRawBlock", p -> Hex.data(requireBlock(blockParam(p, 0, false)).ethereumEncoding()))
                .register("qbft_getValidatorsByBlockNumber", p -> validators(requireHeader(blockParam(p, 0, true))))
                .register("qbft_getValidatorsByBlockHash", p -> validators(requireHeader(new BlockParameter.Hash(p.hash(0, "block hash")))))
                .register("qbft_proposeValidatorVote", this::proposeVote)
                .register("qbft_discardValidatorVote", p -> {
                    requireValidator();
                    return node.proposals().remove(new Address(p.address(0))) != null;
                })
                .register("qbft_getPendingVotes", p -> {
                    Map<String, Boolean> votes = new LinkedHashMap<>();
                    node.proposals().forEach((a, add) -> votes.put(a.toHex(), add));
                    return votes;
                });
    }

    // ---- blocks ----

    private static BlockParameter blockParam(Params p, int index, boolean required) throws RpcException {
        if (required) {
            return Params.block(p.required(index, "block number"));
        }
        return p.block(index);
    }

    /** Resolves a block parameter; empty when the block does not exist. "pending" is the head (no pending block is built). */
    private Optional<Block> findBlock(BlockParameter param) {
        return resolveNumber(param).flatMap(n -> chain.store().block(n));
    }

    private Optional<Long> resolveNumber(BlockParameter param) {
        return switch (param) {
            case BlockParameter.Latest l -> Optional.of(chain.head().number());
            case BlockParameter.Pending p -> Optional.of(chain.head().number());
            case BlockParameter.Earliest e -> Optional.of(0L);
            case BlockParameter.Number n -> n.number() <= chain.head().number() ? Optional.of(n.number()) : Optional.empty();
            case BlockParameter.Hash h -> chain.store().numberOf(h.hash());
        };
    }

    private BlockHeader requireHeader(BlockParameter param) throws RpcException {
        return resolveNumber(param).flatMap(chain::header).orElseThrow(() ->
                RpcException.invalidParams("Invalid block param (block not found)"));
    }

    private Block requireBlock(BlockParameter param) throws RpcException {
        return findBlock(param).orElseThrow(() -> RpcException.invalidParams("Invalid block param (block not found)"));
    }

    // ---- transactions and receipts ----

    private Object transactionByHash(Params p) throws RpcException {
        Bytes32 hash = p.hash(0, "transaction hash");
        Optional<BlockStore.TxLocation> location = chain.store().location(hash);
        if (location.isPresent()) {
            Block block = chain.store().block(location.get().blockNumber()).orElseThrow();
            return RpcJson.transactionJson(block.transactions().get(location.get().index()), block, location.get().index());
        }
        return node.pool().get(hash).map(tx -> RpcJson.transactionJson(tx, null, -1)).orElse(null);
    }

    private Object receipt(Params p) throws RpcException {
        Bytes32 hash = p.hash(0, "transaction hash");
        Optional<BlockStore.TxLocation> location = chain.store().location(hash);
        if (location.isEmpty()) {
            return null;
        }
        Block block = chain.store().block(location.get().blockNumber()).orElseThrow();
        List<StoredReceipt> receipts = chain.store().receipts(block.number());
        int index = location.get().index();
        int firstLog = 0;
        for (int i = 0; i < index; i++) {
            firstLog += receipts.get(i).receipt().logs().size();
        }
        return RpcJson.receiptJson(block, index, receipts.get(index), firstLog);
    }

    private Object transactionCount(Params p) throws RpcException {
        Bytes address = p.address(0);
        BlockParameter param = p.block(1);
        long nonce = (long) withState(p, 1, s -> s.getNonce(EvmTypes.address(address)).longValueExact());
        if (param instanceof BlockParameter.Pending) {
            nonce = node.pool().pendingNonce(address, nonce);
        }
        return Hex.quantity(nonce);
    }

    private Object sendRawTransaction(Params p) throws RpcException {
        Bytes raw = p.data(0, "transaction");
        try {
            Transaction tx = TransactionCodec.decode(raw);
            return node.submit(tx).toHexString();
        } catch (InvalidTransactionException e) {
            throw TransactionErrors.toRpc(e);
        }
    }

    // ---- state ----

    /** A state reader that may throw RpcException. */
    private interface StateQuery {
        Object apply(StateDB state) throws RpcException;
    }

    private Object withState(Params p, int blockIndex, StateQuery query) throws RpcException {
        BlockHeader header = requireHeader(p.block(blockIndex));
        return chain.readStateShared(header.stateRoot(), query::apply);
    }

    private static byte[] nonNull(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    private Object getProof(Params p) throws RpcException {
        Bytes address = p.address(0);
        List<Bytes32> slots = p.hashList(1, "storage keys");
        BlockHeader header = requireHeader(p.block(2));
        ProofAccountResult proof = chain.readStateShared(header.stateRoot(), state -> state.getProof(
                EvmTypes.address(address), EvmTypes.hash(header.stateRoot()), slots.stream().map(EvmTypes::hash).toArray(Hash[]::new)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", address.toHexString());
        json.put("accountProof", hexList(proof.accountProof));
        json.put("balance", Hex.quantity(proof.balance));
        json.put("codeHash", proof.codeHash.toString());
        json.put("nonce", Hex.quantity(proof.nonce));
        json.put("storageHash", proof.storageHash.toString());
        List<Object> storage = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            ProofAccountResult.ProofStorageResult s = proof.storageProof[i];
            storage.add(Map.of("key", Hex.quantity(slots.get(i).toUnsignedBigInteger()), "value", Hex.quantity(s.value),
                    "proof", hexList(s.proof)));
        }
        json.put("storageProof", storage);
        return json;
    }

    /** Proof nodes as 0x-prefixed hex, whatever form libevm hands them over in. */
    private static List<String> hexList(String[] nodes) {
        return nodes == null ? List.of() : Arrays.stream(nodes).map(n -> Bytes.fromHexString(n).toHexString()).toList();
    }

    // ---- calls ----

    private record CallRequest(Bytes from, Optional<Bytes> to, BigInteger value, Bytes data, long gas) {}

    private CallRequest callRequest(JsonNode obj, long defaultGas) throws RpcException {
        if (obj == null || !obj.isObject()) {
            throw RpcException.invalidParams("Invalid call params");
        }
        Bytes from = obj.hasNonNull("from") ? Params.address(obj.get("from"), "call") : Bytes.wrap(new byte[20]);
        Optional<Bytes> to = obj.hasNonNull("to") ? Optional.of(Params.address(obj.get("to"), "call")) : Optional.empty();
        BigInteger value = obj.hasNonNull("value") ? Params.quantity(obj.get("value"), "call") : BigInteger.ZERO;
        JsonNode input = obj.hasNonNull("input") ? obj.get("input") : obj.get("data");
        Bytes data = input == null || input.isNull() ? Bytes.EMPTY : Params.data(input, "call");
        long gas = obj.hasNonNull("gas") ? Math.min(Params.longQuantity(obj.get("gas"), "call"), gasCap()) : defaultGas;
        return new CallRequest(from, to, value, data, gas);
    }

    /** One EVM run, refused when the request has already run its gas budget; its gas is charged to the request. */
    private TxResult simulate(CallRequest request, BlockHeader header, RequestMeter meter) throws RpcException {
        long budget = requestGasBudget();
        if (meter.gas() >= budget) {
            throw RpcException.requestGasExhausted(budget);
        }
        BlockEnv env = chain.env(header);
        TxResult result = chain.readState(header.stateRoot(), scratch -> chain.processor().call(scratch, request.from(),
                request.to(), request.value(), request.data(), request.gas(), env));
        meter.charge(result.gasUsed());
        evmGas.addAndGet(result.gasUsed());
        return result;
    }

    private Object call(Params p) throws RpcException {
        CallRequest request = callRequest(p.required(0, "call").isObject() ? p.required(0, "call") : null, gasCap());
        TxResult result = simulate(request, requireHeader(p.block(1)), p.meter());
        if (result.reverted()) {
            throw reverted(result.returnData());
        }
        if (!result.success()) {
            throw new RpcException(-32000, result.error());
        }
        return result.returnData().toHexString();
    }

    private Object estimateGas(Params p) throws RpcException {
        CallRequest request = callRequest(p.required(0, "call"), gasCap());
        BlockHeader header = requireHeader(p.block(1));
        RequestMeter meter = p.meter();
        TxResult first = simulate(request, header, meter);
        if (first.reverted()) {
            throw reverted(first.returnData());
        }
        if (!first.success()) {
            throw new RpcException(-32000, first.error());
        }
        // most calls succeed with exactly the gas they used; when not (63/64 rule, refunds) search a limit that
        // does, to within 1.5% and at most MAX_ESTIMATE_RUNS runs: each run may cost as much as the call
        long used = first.gasUsed();
        if (simulate(withGas(request, used), header, meter).success()) {
            return Hex.quantity(used);
        }
        long low = used;
        long high = request.gas();
        long guess = Math.min(high, used * 2);
        int runs = 3;
        if (guess < high && simulate(withGas(request, guess), header, meter).success()) {
            high = guess;
        }
        while (high - low > 1 && (high - low) * 1000 > high * ESTIMATE_TOLERANCE_PERMILLE && runs < MAX_ESTIMATE_RUNS) {
            long mid = low + (high - low) / 2;
            runs++;
            if (simulate(withGas(request, mid), header, meter).success()) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return Hex.quantity(high);
    }

    private static CallRequest withGas(CallRequest r, long gas) {
        return new CallRequest(r.from(), r.to(), r.value(), r.data(), gas);
    }

    /** Besu's revert error: code 3, the decoded Error(string) reason in the message, raw data in data. */
    static RpcException reverted(Bytes data) {
        String reason = null;
        if (data.size() >= 68 && data.slice(0, 4).equals(Bytes.fromHexString("0x08c379a0"))) {
            try {
                int length = data.slice(36, 32).toUnsignedBigInteger().intValueExact();
                reason = new String(data.slice(68, length).toArrayUnsafe(), StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                reason = null;
            }
        }
        return RpcException.reverted(reason, data.toHexString());
    }

    private Object feeHistory(Params p) throws RpcException {
        long count = Params.longQuantity(p.required(0, "block count"), "block count");
        if (count < 1 || count > 1024) {
            throw RpcException.invalidParams("Invalid block count params");
        }
        long newest = requireHeader(Params.block(p.required(1, "block number"))).number();
        long oldest = Math.max(0, newest - count + 1);
        List<String> baseFees = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<List<String>> rewards = new ArrayList<>();
        int percentiles = p.optional(2).map(JsonNode::size).orElse(0);
        for (long n = oldest; n <= newest; n++) {
            BlockHeader h = chain.header(n).orElseThrow();
            baseFees.add("0x0");
            ratios.add(h.gasLimit() == 0 ? 0.0 : (double) h.gasUsed() / h.gasLimit());
            rewards.add(java.util.Collections.nCopies(percentiles, "0x0"));
        }
        baseFees.add("0x0");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("oldestBlock", Hex.quantity(oldest));
        json.put("baseFeePerGas", baseFees);
        json.put("gasUsedRatio", ratios);
        if (p.optional(2).isPresent()) {
            json.put("reward", rewards);
        }
        return json;
    }

    // ---- logs ----

    private Object getLogs(Params p) throws RpcException {
        JsonNode filter = p.required(0, "log filter");
        if (!filter.isObject()) {
            throw RpcException.invalidParams("Invalid log filter params");
        }
        LogFilter match = LogFilter.parse(filter);
        long from;
        long to;
        if (filter.hasNonNull("blockHash")) {
            if (filter.hasNonNull("fromBlock") || filter.hasNonNull("toBlock")) {
                throw RpcException.invalidParams("Invalid log filter params");
            }
            from = to = requireHeader(new BlockParameter.Hash(Params.hash(filter.get("blockHash"), "block hash"))).number();
        } else {
            from = filter.hasNonNull("fromBlock") ? clampNumber(Params.block(filter.get("fromBlock"))) : chain.head().number();
            to = filter.hasNonNull("toBlock") ? clampNumber(Params.block(filter.get("toBlock"))) : chain.head().number();
        }
        if (from > to) {
            return List.of();
        }
        if (options.maxLogsRange() > 0 && to - from > options.maxLogsRange()) {
            throw RpcException.rangeTooLarge();
        }
        List<Bytes32> topic0 = match.topics().isEmpty() ? List.of() : match.topics().get(0);
        List<Object> out = new ArrayList<>();
        for (long n : chain.store().blocksWithLogs(from, to, match.addresses(), topic0)) {
            for (BlockStore.IndexedLog l : logsOf(n)) {
                if (match.test(l.log())) {
                    out.add(RpcJson.logJson(l));
                }
            }
        }
        return out;
    }

    private long clampNumber(BlockParameter param) throws RpcException {
        if (param instanceof BlockParameter.Number n) {
            return Math.min(n.number(), chain.head().number());
        }
        return requireHeader(param).number();
    }

    /** Every log of block {@code number} with its position. */
    public List<BlockStore.IndexedLog> logsOf(long number) {
        Block block = chain.store().block(number).orElseThrow();
        return RpcJson.logsOf(block, chain.store().receipts(number));
    }

    // ---- qbft ----

    private static List<String> validators(BlockHeader header) {
        return QbftExtraDataCodec.decode(header.extraData()).validators().stream().map(Address::toHex).toList();
    }

    private void requireValidator() throws RpcException {
        if (!node.isValidator()) {
            throw new RpcException(-32000, "This node is not a validator: it cannot propose validator votes");
        }
    }

    private Object proposeVote(Params p) throws RpcException {
        requireValidator();
        Address subject = new Address(p.address(0));
        JsonNode add = p.required(1, "vote type");
        if (!add.isBoolean()) {
            throw RpcException.invalidParams("Invalid vote type params");
        }
        node.proposals().put(subject, add.booleanValue());
        return true;
    }
}
