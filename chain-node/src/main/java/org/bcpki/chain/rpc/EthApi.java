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
import org.bcpki.chain.exec.Gas;
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
import org.bcpki.core.codec.Hex;

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
                .register("eth_getBlockTransactionCountByHash", p -> findBlock(new BlockParameter.Hash(p.hash(0, "block hash")))
                        .<Object>map(b -> Hex.quantity(b.transactions().size())).orElse(null))
                .register("eth_getTransactionByBlockHashAndIndex", p -> transactionAt(
                        new BlockParameter.Hash(p.hash(0, "transaction hash")), p, "transaction id"))
                .register("eth_getTransactionByBlockNumberAndIndex", p -> transactionAt(blockParam(p, 0, true), p,
                        "transaction index"))
                .register("eth_getBlockReceipts", this::blockReceipts)
                .register("eth_getUncleCountByBlockHash", p -> findBlock(new BlockParameter.Hash(p.hash(0, "block hash")))
                        .<Object>map(b -> "0x0").orElse(null))
                .register("eth_getUncleCountByBlockNumber", p -> findBlock(blockParam(p, 0, true)).<Object>map(b -> "0x0").orElse(null))
                .register("eth_getUncleByBlockHashAndIndex", p -> {
                    p.hash(0, "block hash");
                    unsignedIndex(p, "block index");
                    return null;
                })
                .register("eth_getUncleByBlockNumberAndIndex", p -> {
                    blockParam(p, 0, true);
                    unsignedIndex(p, "block index");
                    return null;
                })
                .register("eth_createAccessList", this::createAccessList)
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
                .register("eth_getStorageValues", this::storageValues)
                .register("eth_getTransactionBySenderAndNonce", this::transactionBySenderAndNonce)
                // zeroBaseFee and no blobs before Cancun: Besu's next base fee and blob base fee are both 0
                .register("eth_baseFee", p -> "0x0")
                .register("eth_blobBaseFee", p -> "0x0")
                .register("eth_capabilities", p -> capabilities())
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
        new NodeInfoApi(node).registerAll(d);
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

    private Optional<BlockHeader> findHeader(BlockParameter param) {
        return resolveNumber(param).flatMap(chain::header);
    }

    private BlockHeader requireHeader(BlockParameter param) throws RpcException {
        return findHeader(param).orElseThrow(() ->
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

    /** Besu's UnsignedIntParameter: a quantity (hex or number) that fits an int. */
    private static int unsignedIndex(Params p, String what) throws RpcException {
        long index = Params.longQuantity(p.required(1, what), what);
        if (index > Integer.MAX_VALUE) {
            throw RpcException.invalidParams("Invalid " + what + " params");
        }
        return (int) index;
    }

    private Object transactionAt(BlockParameter block, Params p, String indexName) throws RpcException {
        int index = unsignedIndex(p, indexName);
        return findBlock(block).filter(b -> index < b.transactions().size())
                .<Object>map(b -> RpcJson.transactionJson(b.transactions().get(index), b, index)).orElse(null);
    }

    /** Besu: null for a block number above the head, an empty list for an unknown hash. */
    private Object blockReceipts(Params p) throws RpcException {
        BlockParameter param = blockParam(p, 0, true);
        Optional<Block> block = findBlock(param);
        if (block.isEmpty()) {
            return param instanceof BlockParameter.Hash ? List.of() : null;
        }
        Block b = block.get();
        List<StoredReceipt> receipts = chain.store().receipts(b.number());
        List<Object> out = new ArrayList<>();
        int firstLog = 0;
        for (int i = 0; i < receipts.size(); i++) {
            out.add(RpcJson.receiptJson(b, i, receipts.get(i), firstLog));
            firstLog += receipts.get(i).receipt().logs().size();
        }
        return out;
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
        Object stateNonce = withState(p, 1, s -> s.getNonce(EvmTypes.address(address)).longValueExact());
        if (stateNonce == null) {
            return null;
        }
        long nonce = (long) stateNonce;
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

    /**
     * Besu's eth_getTransactionBySenderAndNonce: the sender's pooled transaction with that nonce
     * (Besu's pending form, with publicKey and raw), else the mined one, else null. Besu keeps a
     * sender-and-nonce index; this node finds the block by bisecting the sender's nonce over the
     * kept states (an externally owned account's nonce rises only with its own transactions).
     */
    private Object transactionBySenderAndNonce(Params p) throws RpcException {
        if (p.size() != 2) {
            throw RpcException.invalidParams("Invalid number of params");
        }
        Bytes sender = p.address(0);
        long nonce = unsignedLong(p.required(1, "nonce"), "nonce");
        // the pool lists a sender's transactions from a given nonce on: ask for this sender's from {@code nonce}
        List<Transaction> pooled = node.pool().executable(a -> a.equals(sender) ? nonce : Long.MAX_VALUE, 1);
        if (!pooled.isEmpty()) {
            return RpcJson.pooledTransactionJson(pooled.get(0));
        }
        long head = chain.head().number();
        if (Long.compareUnsigned(nonce, nonceAt(sender, head)) >= 0 || Long.compareUnsigned(nonce, nonceAt(sender, 0)) < 0) {
            return null;
        }
        long low = 0; // nonce(low) <= nonce < nonce(high): the transaction is in a block in (low, high]
        long high = head;
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (Long.compareUnsigned(nonce, nonceAt(sender, mid)) < 0) {
                high = mid;
            } else {
                low = mid;
            }
        }
        Block block = chain.store().block(high).orElseThrow();
        for (int i = 0; i < block.transactions().size(); i++) {
            Transaction tx = block.transactions().get(i);
            if (tx.from().equals(sender) && tx.nonce() == nonce) {
                return RpcJson.transactionJson(tx, block, i);
            }
        }
        return null; // a contract's nonce also rises with its CREATEs
    }

    private long nonceAt(Bytes address, long number) {
        BlockHeader header = chain.header(number).orElseThrow();
        return chain.readStateShared(header.stateRoot(), s -> s.getNonce(EvmTypes.address(address)).longValue());
    }

    /** Besu's UnsignedLongParameter: hex with or without 0x, or a JSON number, up to 2^64 - 1. */
    private static long unsignedLong(JsonNode node, String what) throws RpcException {
        try {
            if (node.isTextual()) {
                String text = node.textValue();
                return Long.parseUnsignedLong(text.startsWith("0x") ? text.substring(2) : text, 16);
            }
            if (node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0 && node.bigIntegerValue().bitLength() <= 64) {
                return node.bigIntegerValue().longValue();
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw RpcException.invalidParams("Invalid " + what + " params");
    }

    /**
     * Besu's eth_capabilities: the head and, per kind of data, from which block this node serves it.
     * Every state is kept (Besu's FOREST storage with FULL sync, as the generated configs run it).
     */
    private Object capabilities() {
        BlockHeader head = chain.head();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("head", Map.of("number", Hex.quantity(head.number()), "hash", chain.hash(head.number()).orElseThrow().toHexString()));
        for (String resource : List.of("state", "tx", "logs", "receipts", "blocks", "stateproofs")) {
            Map<String, Object> served = new LinkedHashMap<>();
            served.put("disabled", false);
            served.put("oldestBlock", "0x0");
            json.put(resource, served);
        }
        return json;
    }

    // ---- state ----

    /** Besu's cap on the slots of one eth_getStorageValues call (geth's maxGetStorageSlots). */
    static final int MAX_STORAGE_SLOTS = 1024;

    /**
     * Besu's eth_getStorageValues: {address: [slot, ...]} to {address: [32-byte value, ...]}, an
     * absent account reading zeros; null for a block this node does not have (Besu's answer).
     */
    private Object storageValues(Params p) throws RpcException {
        Optional<Long> number = resolveNumber(p.block(1));
        if (number.isEmpty()) {
            return null;
        }
        JsonNode request = p.optional(0).orElse(null);
        if (request == null || !request.isObject()) {
            throw RpcException.invalidParams("Invalid params");
        }
        Map<Bytes, List<Bytes32>> slots = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            Bytes address = storageRequestAddress(entry.getKey());
            JsonNode keys = entry.getValue();
            if (keys.isNull()) {
                throw new RpcException(RpcException.INVALID_PARAMS_CODE, "Invalid params", "null slot list");
            }
            if (!keys.isArray()) {
                throw RpcException.invalidParams("Invalid params");
            }
            total += keys.size();
            if (total > MAX_STORAGE_SLOTS) {
                throw RpcException.invalidParams("too many slots (max " + MAX_STORAGE_SLOTS + ")");
            }
            List<Bytes32> parsed = new ArrayList<>();
            for (JsonNode key : keys) {
                parsed.add(uint256(key));
            }
            slots.put(address, parsed);
        }
        if (total == 0) {
            throw RpcException.invalidParams("empty request");
        }
        BlockHeader header = chain.header(number.get()).orElseThrow();
        return chain.readStateShared(header.stateRoot(), state -> {
            // Besu answers with a HashMap<String, ...>: the same map iterates in the same order
            Map<String, List<String>> values = new java.util.HashMap<>();
            slots.forEach((address, keys) -> values.put(address.toHexString(), keys.stream()
                    .map(k -> EvmTypes.bytes32(state.getStorage(EvmTypes.address(address), EvmTypes.hash(k))).toHexString())
                    .toList()));
            return values;
        });
    }

    private static Bytes storageRequestAddress(String key) throws RpcException {
        try {
            Bytes address = Bytes.fromHexString(key);
            if (address.size() == 20) {
                return address;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw RpcException.invalidParams("Invalid params");
    }

    /** Besu's UInt256Parameter: hex (0x optional) of at most 32 bytes, leading zeros optional. */
    private static Bytes32 uint256(JsonNode key) throws RpcException {
        if (key.isTextual() && key.textValue().matches("(0x)?[0-9a-fA-F]{0,64}")) {
            return Bytes32.fromHexStringLenient(key.textValue());
        }
        throw RpcException.invalidParams("Invalid params");
    }

    /** A state reader that may throw RpcException. */
    private interface StateQuery {
        Object apply(StateDB state) throws RpcException;
    }

    /**
     * Runs {@code query} on the state after the block the request names; null when this node does
     * not have that block (above the head, an unknown hash), as Besu's block-or-hash methods answer.
     */
    private Object withState(Params p, int blockIndex, StateQuery query) throws RpcException {
        Optional<BlockHeader> header = findHeader(p.block(blockIndex));
        if (header.isEmpty()) {
            return null;
        }
        return chain.readStateShared(header.get().stateRoot(), query::apply);
    }

    private static byte[] nonNull(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    private Object getProof(Params p) throws RpcException {
        Bytes address = p.address(0);
        List<Bytes32> slots = p.hashList(1, "storage keys");
        Optional<BlockHeader> known = findHeader(p.block(2));
        if (known.isEmpty()) {
            return null; // as withState
        }
        BlockHeader header = known.get();
        ProofAccountResult proof = chain.readStateShared(header.stateRoot(), state -> state.getProof(
                EvmTypes.address(address), EvmTypes.hash(header.stateRoot()), slots.stream().map(EvmTypes::hash).toArray(Hash[]::new)));
        return proofJson(address, slots, proof);
    }

    /**
     * Besu's eth_getProof result: an absent account has keccak256("") as codeHash, the empty trie
     * root as storageHash and no storage proofs at all; keys are echoed as Besu's StorageEntryProof
     * writes them: "0x0" for zero, else the minimal whole bytes ("0x01", "0x0100").
     */
    static Map<String, Object> proofJson(Bytes address, List<Bytes32> slots, ProofAccountResult proof) {
        boolean absent = proof.codeHash == null || EvmTypes.bytes32(proof.codeHash).isZero();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", address.toHexString());
        json.put("accountProof", hexList(proof.accountProof));
        json.put("balance", Hex.quantity(proof.balance));
        json.put("codeHash", absent ? StateDB.EMPTY_CODE_HASH.toString() : proof.codeHash.toString());
        json.put("nonce", Hex.quantity(proof.nonce));
        json.put("storageHash", absent ? StateDB.EMPTY_ROOT_HASH.toString() : proof.storageHash.toString());
        // Besu keeps the proofs in a sorted map: ascending keys, each once
        java.util.TreeMap<Bytes32, Integer> byKey = new java.util.TreeMap<>(Bytes::compareTo);
        for (int i = 0; i < slots.size() && !absent; i++) {
            byKey.putIfAbsent(slots.get(i), i);
        }
        List<Object> storage = new ArrayList<>();
        for (Map.Entry<Bytes32, Integer> key : byKey.entrySet()) {
            ProofAccountResult.ProofStorageResult s = proof.storageProof[key.getValue()];
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", storageKey(key.getKey()));
            entry.put("value", Hex.quantity(s.value));
            entry.put("proof", hexList(s.proof));
            storage.add(entry);
        }
        json.put("storageProof", storage);
        return json;
    }

    static String storageKey(Bytes32 key) {
        return key.isZero() ? "0x0" : key.trimLeadingZeros().toHexString();
    }

    /** Proof nodes as 0x-prefixed hex, whatever form libevm hands them over in. */
    private static List<String> hexList(String[] nodes) {
        return nodes == null ? List.of() : Arrays.stream(nodes).map(n -> Bytes.fromHexString(n).toHexString()).toList();
    }

    // ---- calls ----

    /**
     * One EVM run of {@code call} with {@code gas} and {@code accessList}, refused when the request has
     * already run its gas budget; its gas is charged to the request. A call's nonce below the sender's
     * is refused as Besu's simulator does; a given nonce is the sender's for the run (CREATE addresses).
     */
    private TxResult simulate(CallParams call, long gas, List<Transaction.AccessListEntry> accessList, BlockHeader header,
            RequestMeter meter, io.horizen.evm.Tracer tracer) throws RpcException {
        long budget = requestGasBudget();
        if (meter.gas() >= budget) {
            throw RpcException.requestGasExhausted(budget);
        }
        long intrinsic = Gas.intrinsic(call.data().toArrayUnsafe(), call.to().isEmpty(), accessList);
        if (gas < intrinsic) {
            throw RpcException.invalidTransaction(-32003, "Intrinsic gas exceeds gas limit",
                    "intrinsic gas cost " + intrinsic + " exceeds gas limit " + gas);
        }
        BlockEnv env = chain.env(header);
        TxResult result = chain.readState(header.stateRoot(), scratch -> {
            io.horizen.evm.Address sender = EvmTypes.address(call.sender());
            if (call.nonce().isPresent()) {
                long current = scratch.getNonce(sender).longValueExact();
                if (Long.compareUnsigned(call.nonce().getAsLong(), current) < 0) {
                    throw RpcException.invalidTransaction(-32001, "Nonce too low", "transaction nonce "
                            + call.nonce().getAsLong() + " below sender account nonce " + current + " for sender "
                            + call.sender().toHexString());
                }
                scratch.setNonce(sender, BigInteger.valueOf(call.nonce().getAsLong()));
            }
            return chain.processor().call(scratch, call.sender(), call.to(), call.value(), call.data(), gas, env, accessList,
                    tracer);
        });
        meter.charge(result.gasUsed());
        evmGas.addAndGet(result.gasUsed());
        return result;
    }

    private TxResult simulate(CallParams call, long gas, BlockHeader header, RequestMeter meter) throws RpcException {
        return simulate(call, gas, call.accessListOrEmpty(), header, meter, null);
    }

    /**
     * {@code call} run once on the state of {@code header} as eth_call runs it (its gas up to the cap,
     * its access list, its nonce), with a libevm tracer: debug_traceCall. Unlike eth_call the
     * sender's balance is never checked, as Besu's debug_traceCall allows exceeding it.
     */
    TxResult traceCall(CallParams call, BlockHeader header, RequestMeter meter, io.horizen.evm.Tracer tracer) throws RpcException {
        return simulate(call, callGas(call), call.accessListOrEmpty(), header, meter, tracer);
    }

    /** The call object of {@code node}, checked as Besu checks it before simulating. */
    CallParams parseCall(JsonNode node) throws RpcException {
        CallParams call = CallParams.parse(node);
        call.validate(chain.genesis().chainId());
        return call;
    }

    private CallParams callParams(Params p) throws RpcException {
        return parseCall(p.required(0, "call"));
    }

    private long callGas(CallParams call) {
        return call.gas().isPresent() ? Math.min(call.gas().getAsLong(), gasCap()) : gasCap();
    }

    private Object call(Params p) throws RpcException {
        CallParams call = callParams(p);
        Optional<BlockHeader> known = findHeader(p.block(1));
        if (known.isEmpty()) {
            return null; // as withState
        }
        BlockHeader header = known.get();
        long gas = callGas(call);
        requireUpfrontBalance(call, gas, header);
        TxResult result = simulate(call, gas, header, p.meter());
        if (result.reverted()) {
            throw reverted(result.returnData());
        }
        if (!result.success()) {
            throw halted(result.error());
        }
        return result.returnData().toHexString();
    }

    /**
     * Besu's answer for a simulation that halts exceptionally (out of gas, invalid opcode, ...): its
     * processor reports the halt as an EXECUTION_HALTED validation result, which eth_call and
     * eth_estimateGas write as -32000 with the halt reason's description.
     */
    static RpcException halted(String gethError) {
        return RpcException.invalidTransaction(-32000, "Transaction processing could not be completed due to an exception",
                HaltReasons.haltDescription(gethError));
    }

    /**
     * eth_call checks the sender's balance only when the call is priced (Besu: gasPrice or a 1559 fee
     * non-zero, or {@code strict: true}); {@code strict: false} never checks.
     */
    private void requireUpfrontBalance(CallParams call, long gas, BlockHeader header) throws RpcException {
        boolean priced = call.gasPrice().orElse(BigInteger.ZERO).signum() > 0
                || call.maxFeePerGas().orElse(BigInteger.ZERO).signum() > 0
                || call.maxPriorityFeePerGas().orElse(BigInteger.ZERO).signum() > 0;
        if (!call.strict().orElse(priced)) {
            return;
        }
        BigInteger price = call.eip1559() ? call.maxFeePerGas().orElse(call.gasPrice().orElse(BigInteger.ZERO))
                : call.gasPrice().orElse(BigInteger.ZERO);
        BigInteger upfront = price.multiply(BigInteger.valueOf(gas)).add(call.value());
        BigInteger balance = balanceOf(call.sender(), header);
        if (upfront.compareTo(balance) > 0) {
            throw new RpcException(-32004, "Upfront cost exceeds account balance (transaction up-front cost "
                    + Hex.quantity(upfront) + " exceeds transaction sender account balance " + Hex.quantity(balance)
                    + " for sender " + call.sender().toHexString() + ")");
        }
    }

    private BigInteger balanceOf(Bytes address, BlockHeader header) {
        return chain.readStateShared(header.stateRoot(), s -> s.getBalance(EvmTypes.address(address)));
    }

    /**
     * The highest gas an estimate may try: the cap (rpc-gas-cap, the call's gas) and, as Besu bounds
     * it, what the sender's balance pays at the call's max price; below a plain transfer's 21,000
     * Besu answers -32004.
     */
    private long estimateUpperBound(CallParams call, BlockHeader header) throws RpcException {
        long bound = callGas(call);
        BigInteger price = call.maxGasPrice();
        if (call.from().isPresent() && call.strict().orElse(true) && price.signum() > 0) {
            BigInteger forGas = balanceOf(call.sender(), header).subtract(call.value());
            long affordable = forGas.signum() <= 0 ? 0 : forGas.divide(price).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            bound = Math.min(bound, affordable);
        }
        if (bound < org.bcpki.chain.exec.Gas.TX) {
            throw new RpcException(-32004, "Upfront cost exceeds account balance");
        }
        return bound;
    }

    private Object estimateGas(Params p) throws RpcException {
        CallParams call = callParams(p);
        BlockHeader header = requireHeader(p.block(1));
        return Hex.quantity(estimate(call, estimateUpperBound(call, header), header, p.meter()));
    }

    /** The lowest gas (to within 1.5%) with which {@code call} succeeds, at most MAX_ESTIMATE_RUNS runs. */
    private long estimate(CallParams call, long cap, BlockHeader header, RequestMeter meter) throws RpcException {
        TxResult first = simulate(call, cap, header, meter);
        if (first.reverted()) {
            throw reverted(first.returnData());
        }
        if (!first.success()) {
            throw halted(first.error());
        }
        // most calls succeed with exactly the gas they used; when not (63/64 rule, refunds) search a limit that
        // does, to within 1.5% and at most MAX_ESTIMATE_RUNS runs: each run may cost as much as the call
        long used = first.gasUsed();
        if (simulate(call, used, header, meter).success()) {
            return used;
        }
        long low = used;
        long high = cap;
        long guess = Math.min(high, used * 2);
        int runs = 3;
        if (guess < high && simulate(call, guess, header, meter).success()) {
            high = guess;
        }
        while (high - low > 1 && (high - low) * 1000 > high * ESTIMATE_TOLERANCE_PERMILLE && runs < MAX_ESTIMATE_RUNS) {
            long mid = low + (high - low) / 2;
            runs++;
            if (simulate(call, mid, header, meter).success()) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /**
     * Besu's eth_createAccessList: run the call (with its own access list, if any) at the estimate's
     * upper bound and collect the storage slots it touched; when they differ from the call's list, run
     * again with them as the list and report that run's gas.
     */
    private Object createAccessList(Params p) throws RpcException {
        CallParams call = callParams(p);
        BlockHeader header = requireHeader(p.block(1));
        long cap = estimateUpperBound(call, header);
        AccessListTracing.Run first = AccessListTracing.run(call.accessListOrEmpty(),
                tracer -> simulate(call, cap, call.accessListOrEmpty(), header, p.meter(), tracer));
        AccessListTracing.Run chosen = first;
        if (!first.accessList().isEmpty() && !first.accessList().equals(call.accessListOrEmpty())) {
            chosen = AccessListTracing.run(first.accessList(),
                    tracer -> simulate(call, cap, first.accessList(), header, p.meter(), tracer));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accessList", RpcJson.accessListJson(chosen.accessList()));
        json.put("gasUsed", Hex.quantity(chosen.result().gasUsed()));
        if (!chosen.result().success()) {
            json.put("error", "execution reverted");
        }
        return json;
    }

    /**
     * Besu's revert error: code 3, message "Execution reverted (REASON)" with the decoded Error(string)
     * reason ("ABI decode error" when the Error(string) data is malformed), raw data in data.
     */
    static RpcException reverted(Bytes data) {
        String reason = null;
        if (data.size() > 4 && data.slice(0, 4).equals(Bytes.fromHexString("0x08c379a0"))) {
            try {
                int offset = data.slice(4, 32).toUnsignedBigInteger().intValueExact();
                int length = data.slice(4 + offset, 32).toUnsignedBigInteger().intValueExact();
                reason = new String(data.slice(4 + offset + 32, length).toArrayUnsafe(), StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                reason = "ABI decode error";
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
        // no blobs before Cancun: Besu reports a zero blob base fee and ratio per block
        json.put("baseFeePerBlobGas", java.util.Collections.nCopies(baseFees.size(), "0x0"));
        json.put("gasUsedRatio", ratios);
        json.put("blobGasUsedRatio", java.util.Collections.nCopies(ratios.size(), 0.0));
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
        return LogSearch.matching(chain, options, from, to, match);
    }

    private long clampNumber(BlockParameter param) throws RpcException {
        if (param instanceof BlockParameter.Number n) {
            return Math.min(n.number(), chain.head().number());
        }
        return requireHeader(param).number();
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
