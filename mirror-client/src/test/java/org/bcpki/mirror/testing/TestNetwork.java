package org.bcpki.mirror.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.NodeKey;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.QbftTestChain;
import org.bcpki.core.chain.Vote;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.trust.TrustAnchor;

/**
 * A validly sealed QBFT chain (core's {@link QbftTestChain}) whose blocks carry the state roots of a
 * real registry state, served over loopback JSON-RPC like a mirror node: eth_blockNumber,
 * debug_getRawHeader, eth_getBlockByNumber, eth_getProof, eth_call (recordOf, releaseOf), eth_chainId.
 */
public final class TestNetwork implements AutoCloseable {
    public static final long CHAIN_ID = 1337;

    private final QbftTestChain chain;
    private final RegistryState state;
    private final Map<Long, RegistryState> stateAt = new ConcurrentHashMap<>();
    private final List<FakeRpcServer> servers = new ArrayList<>();
    private volatile boolean debugApi = true;
    private RegistryState lastSnapshot;
    private long lastVersion = -1;

    public TestNetwork(int validators, long epochLength, RegistryState initial) {
        this.chain = QbftTestChain.create(validators, epochLength);
        this.state = initial;
        stateAt.put(0L, initial.copy());
    }

    public QbftTestChain chain() {
        return chain;
    }

    /** The registry state the next mined block will commit to (mutate it, then mine). */
    public RegistryState state() {
        return state;
    }

    public TrustAnchor genesisAnchor() {
        BlockHeader genesis = chain.genesis();
        return TrustAnchor.genesis(CHAIN_ID, BftHashing.blockHash(genesis),
                QbftExtraDataCodec.decode(genesis.extraData()).validators(), chain.epochLength(),
                QbftTestChain.BLOCK_PERIOD_SECONDS);
    }

    /** Mines one block committing to the current state, proposers rotating. */
    public BlockHeader mine() {
        return mine(Optional.empty());
    }

    public BlockHeader mine(Optional<Vote> vote) {
        List<NodeKey> keys = chain.validatorKeys();
        NodeKey proposer = keys.get((int) (chain.head().number() % keys.size()));
        return mine(proposer, vote);
    }

    public synchronized BlockHeader mine(NodeKey proposer, Optional<Vote> vote) {
        if (lastSnapshot == null || lastVersion != state.version()) {
            lastSnapshot = state.copy(); // blocks that change nothing share one state
            lastVersion = state.version();
        }
        RegistryState snapshot = lastSnapshot;
        BlockHeader unsealed = chain.unsealedNext(proposer, vote, 0).toBuilder().stateRoot(snapshot.stateRoot()).build();
        BlockHeader sealed = chain.append(CommitSeals.seal(unsealed, chain.validatorKeys()));
        stateAt.put(sealed.number(), snapshot);
        return sealed;
    }

    public void mine(int count) {
        for (int i = 0; i < count; i++) {
            mine();
        }
    }

    public void debugApi(boolean enabled) {
        debugApi = enabled;
    }

    /** A new mirror node serving this chain; closed with the network. */
    public FakeRpcServer serve() throws IOException {
        FakeRpcServer server = new FakeRpcServer()
                .method("eth_chainId", p -> JsonValue.of(Hex.quantity(CHAIN_ID)))
                .method("eth_blockNumber", p -> JsonValue.of(Hex.quantity(chain.head().number())))
                .method("debug_getRawHeader", p -> {
                    if (!debugApi) {
                        throw new UnsupportedOperationException("debug disabled");
                    }
                    return block(p).map(h -> (JsonValue) JsonValue.of(BlockHeaderCodec.encode(h).toHexString()))
                            .orElse(JsonValue.JsonNull.INSTANCE);
                })
                .method("eth_getBlockByNumber", p -> block(p).map(h -> (JsonValue) blockJson(h))
                        .orElse(JsonValue.JsonNull.INSTANCE))
                .method("eth_getProof", p -> {
                    long number = Hex.quantityLong(p.get(2).asString("block"), "block");
                    List<Bytes32> slots = new ArrayList<>();
                    for (String slot : p.get(1).asArray("slots").strings("slots")) {
                        slots.add(Hex.bytes32(slot, "slot"));
                    }
                    RegistryState at = stateAt.get(number);
                    if (at == null) {
                        throw new IllegalArgumentException("no state for block " + number);
                    }
                    return at.proof(Bytes.fromHexString(p.get(0).asString("address")), slots);
                })
                .method("eth_call", p -> {
                    long number = Hex.quantityLong(p.get(1).asString("block"), "block");
                    RegistryState at = stateAt.get(number);
                    if (at == null) {
                        throw new IllegalArgumentException("no state for block " + number);
                    }
                    JsonValue.JsonObject call = p.get(0).asObject("call");
                    return at.call(Bytes.fromHexString(call.string("to")), Bytes.fromHexString(call.string("data")));
                });
        servers.add(server);
        return server;
    }

    private Optional<BlockHeader> block(JsonValue.JsonArray params) {
        long number = Hex.quantityLong(params.get(0).asString("number"), "number");
        List<BlockHeader> blocks = chain.blocks();
        return number < blocks.size() ? Optional.of(blocks.get((int) number)) : Optional.empty();
    }

    /** The header fields of an {@code eth_getBlockByNumber} answer, as Besu names them. */
    public static JsonValue.JsonObject blockJson(BlockHeader h) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder()
                .put("number", Hex.quantity(h.number()))
                .put("hash", BftHashing.blockHash(h).toHexString())
                .put("parentHash", h.parentHash().toHexString())
                .put("sha3Uncles", h.ommersHash().toHexString())
                .put("miner", h.coinbase().toHex())
                .put("stateRoot", h.stateRoot().toHexString())
                .put("transactionsRoot", h.transactionsRoot().toHexString())
                .put("receiptsRoot", h.receiptsRoot().toHexString())
                .put("logsBloom", h.logsBloom().toHexString())
                .put("difficulty", Hex.quantity(h.difficulty()))
                .put("gasLimit", Hex.quantity(h.gasLimit()))
                .put("gasUsed", Hex.quantity(h.gasUsed()))
                .put("timestamp", Hex.quantity(h.timestamp()))
                .put("extraData", h.extraData().toHexString())
                .put("mixHash", h.mixHash().toHexString())
                .put("nonce", Bytes.ofUnsignedLong(h.nonce()).toHexString());
        if (h.baseFee() != null) {
            b.put("baseFeePerGas", Hex.quantity(h.baseFee()));
        }
        if (h.withdrawalsRoot() != null) {
            b.put("withdrawalsRoot", h.withdrawalsRoot().toHexString());
        }
        return b.put("transactions", new JsonValue.JsonArray(List.of())).build();
    }

    @Override
    public void close() {
        servers.forEach(FakeRpcServer::close);
    }
}
