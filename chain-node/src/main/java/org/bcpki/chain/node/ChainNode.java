package org.bcpki.chain.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.chain.besu.BesuNodeConfig;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.block.RlpLists;
import org.bcpki.chain.consensus.QbftEngine;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.net.PeerMessageKind;
import org.bcpki.chain.net.PeerNetwork;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.NodeSpec;
import org.bcpki.chain.rpc.EthApi;
import org.bcpki.chain.rpc.FilterApi;
import org.bcpki.chain.rpc.FilterManager;
import org.bcpki.chain.rpc.JsonRpcDispatcher;
import org.bcpki.chain.rpc.JsonRpcServer;
import org.bcpki.chain.rpc.LogFilter;
import org.bcpki.chain.rpc.DebugTraceApi;
import org.bcpki.chain.rpc.NodeEvents;
import org.bcpki.chain.rpc.PermApi;
import org.bcpki.chain.rpc.RpcAuthentication;
import org.bcpki.chain.rpc.RpcOptions;
import org.bcpki.chain.rpc.RpcJson;
import org.bcpki.chain.rpc.Subscriptions;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.chain.tx.TransactionCodec;
import org.bcpki.chain.tx.TransactionPool;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.NodeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: chain, transaction pool, JSON-RPC, peer network, block sync and (for a
 * validator) the QBFT engine. Mirrors run the same code without the engine.
 */
public final class ChainNode implements NodeServices, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainNode.class);
    private static final int SYNC_BATCH = 64;
    private static final long PEER_WINDOW_MILLIS = 5_000;

    private final String name;
    private final NodeRole role;
    private final NodeKey key;
    private final Enode enode;
    private final Blockchain chain;
    private final TransactionPool pool;
    private final Map<Address, Boolean> proposals = Collections.synchronizedMap(new LinkedHashMap<>());
    private final PeerNetwork network;
    private final QbftEngine engine;
    private final JsonRpcServer rpc;
    private final JsonRpcDispatcher dispatcher;
    /** The /metrics endpoint when metrics-enabled; closed with the node. */
    private volatile NodeMetrics metrics;
    private final Subscriptions subscriptions = new Subscriptions();
    private final FilterManager filters;
    private final NodeEvents events;
    private final EthApi api;
    private final LocalPermissions permissions;
    private final ScheduledExecutorService background;
    private final ConcurrentLinkedQueue<Transaction> outgoing = new ConcurrentLinkedQueue<>();
    /** One sync round at a time (the schedule and NEW_BLOCK hints both start rounds). */
    private final ReentrantLock syncRound = new ReentrantLock();
    /** While catching up: where the round started and the head the serving peer proved by verified blocks. */
    private volatile SyncStatus catchingUp;
    /** The address the JSON-RPC server listens on (set by start). */
    private volatile String rpcHost;
    private volatile String metricsHost;

    private ChainNode(NodeSpec spec, Path dataDir, GenesisConfig genesis, List<Enode> allowlist,
            AccountPermissions accounts, NodeOptions options, long requestTimeoutMillis) throws IOException {
        RpcOptions rpcOptions = options.rpc();
        this.name = spec.name();
        this.filters = FilterManager.fromConfig(options.filterConfig());
        this.role = spec.role();
        this.key = spec.key();
        this.enode = spec.enode();
        this.pool = new TransactionPool(options.pool());
        this.chain = new Blockchain(dataDir, genesis, new TransactionProcessor(genesis.chainId(), accounts));
        this.network = new PeerNetwork(key, allowlist, this::onPeerMessage, PeerNetwork.maxBodyFor(genesis.gasLimit()));
        this.engine = role == NodeRole.VALIDATOR ? new QbftEngine(key, chain, pool, proposals, new QbftEngine.Gossip() {
            @Override
            public void toValidators(SignedMessage message, List<Address> validators) {
                network.send(PeerMessageKind.QBFT, message.encode(), new HashSet<>(validators));
            }

            @Override
            public void newBlock(Block block) {
                network.send(PeerMessageKind.NEW_BLOCK, block.encode(), null);
            }
        }, genesis.periodMillis(), requestTimeoutMillis, dataDir.resolve("qbft-prepared.rlp")) : null;
        this.api = new EthApi(this, rpcOptions);
        JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(rpcOptions);
        this.dispatcher = dispatcher;
        api.registerAll(dispatcher);
        new DebugTraceApi(chain, api, rpcOptions).registerAll(dispatcher);
        new FilterApi(filters, chain, rpcOptions).registerAll(dispatcher);
        this.permissions = new LocalPermissions(options.nodesFile(), options.accountsFile(), accounts, options.nodesAllowlistEnabled(), allowlist,
                options.bootnodes(), network::setAllowlist);
        new PermApi(permissions).registerAll(dispatcher);
        Optional<RpcAuthentication> authentication = rpcOptions.authenticationEnabled()
                ? Optional.of(RpcAuthentication.fromPublicKeyFile(rpcOptions.jwtPublicKeyFile().orElseThrow(), rpcOptions.jwtAlgorithm()))
                : Optional.empty();
        this.rpc = new JsonRpcServer(dispatcher, subscriptions, LogFilter::parse, authentication, Optional.of(this));
        chain.onBlock(this::afterBlock);
        this.background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "node-" + name);
            t.setDaemon(true);
            return t;
        });
        this.events = new NodeEvents(filters, subscriptions, this::syncing, background);
        pool.onAdded(events::onPendingTransaction);
    }

    @Override
    public Enode enode() {
        return enode;
    }

    /** Starts node {@code name} of the network in {@code dir} (files from {@link NetworkFiles}). */
    public static ChainNode start(Path dir, String name) throws IOException {
        NetworkSpec spec = NetworkFiles.read(dir);
        NodeSpec node = spec.node(name).orElseThrow(() -> new IllegalArgumentException("no node named " + name + " in " + dir));
        GenesisConfig genesis = GenesisConfig.read(dir.resolve(NetworkFiles.GENESIS));
        NodeOptions options = NodeOptions.read(dir.resolve(name).resolve("config.toml"),
                BesuNodeConfig.options(spec, node, java.util.OptionalInt.empty()));
        options.ignoredReport().ifPresent(report -> LOG.warn("{}: {}", name, report));
        List<Enode> nodes = readPermissions(options.nodesFile()).nodes();
        List<Address> allowed = readPermissions(options.accountsFile()).accounts();
        boolean accountsEnabled = options.accountsAllowlistEnabled().orElse(!allowed.isEmpty());
        NodeLogging.applyConfig(options.logging());
        AccountPermissions accounts = !accountsEnabled ? AccountPermissions.OPEN
                : new AccountPermissions(true, allowed.stream().map(Address::value).collect(java.util.stream.Collectors.toSet()));
        ChainNode chainNode = new ChainNode(node, dir.resolve(name).resolve("data"), genesis, nodes, accounts, options,
                spec.effectiveRequestTimeoutMillis());
        chainNode.start(node.host(), node.rpcPort(), node.p2pPort());
        chainNode.startMetrics(options.metrics());
        return chainNode;
    }

    private static NetworkFiles.Permissions readPermissions(Path file) throws IOException {
        try {
            return NetworkFiles.readPermissions(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The RPC options of the node's Besu config file (Besu's defaults when it has none). */
    static RpcOptions rpcOptions(Path nodeDir) throws IOException {
        return NodeOptions.read(nodeDir.resolve("config.toml"), Map.of()).rpc();
    }

    private void start(String host, int rpcPort, int p2pPort) {
        network.start(host, p2pPort);
        rpc.start(host, rpcPort);
        rpcHost = host;
        long syncEvery = Math.max(100, Math.min(chain.genesis().periodMillis(), 1000));
        background.scheduleWithFixedDelay(this::syncOnce, 0, syncEvery, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::flushTransactions, 10, 10, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(filters::sweep, FilterManager.SWEEP_INTERVAL.toMillis(),
                FilterManager.SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(events::checkSyncing, 500, 500, TimeUnit.MILLISECONDS);
        // a permissions file edited on disk takes effect (Besu itself reloads only on perm_reloadPermissionsFromFile)
        background.scheduleWithFixedDelay(permissions::pollFile, 500, 500, TimeUnit.MILLISECONDS);
        if (engine != null) {
            engine.start();
        }
        LOG.info("{} ({}) up: rpc http://{}:{} p2p {} head {}", name, role.label(), host, rpcPort, p2pPort, chain.head().number());
    }

    /** Serves /metrics when the config enables it; a taken port closes the node and fails its start. */
    private void startMetrics(NodeMetrics.Options options) throws IOException {
        if (!options.enabled()) {
            return;
        }
        try {
            metrics = NodeMetrics.start(name, options, this, engine);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        metricsHost = options.host();
        dispatcher.observe(metrics);
        LOG.info("{}: metrics http://{}:{}/metrics", name, options.host(), metrics.port());
    }

    @Override
    public Map<String, Map<String, String>> services() {
        Map<String, Map<String, String>> services = new LinkedHashMap<>();
        services.put("jsonrpc", service(rpcHost, rpc.port()));
        services.put("ws", service(rpcHost, rpc.port())); // WebSocket shares the JSON-RPC port
        services.put("p2p", service(enode.host(), enode.port()));
        NodeMetrics m = metrics;
        if (m != null) {
            services.put("metrics", service(metricsHost, m.port()));
        }
        return services;
    }

    private static Map<String, String> service(String host, int port) {
        Map<String, String> service = new LinkedHashMap<>();
        service.put("host", host);
        service.put("port", Integer.toString(port));
        return service;
    }

    /** The port /metrics is served on, when metrics are enabled. */
    public java.util.OptionalInt metricsPort() {
        NodeMetrics m = metrics;
        return m == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(m.port());
    }

    public String name() {
        return name;
    }

    public NodeRole role() {
        return role;
    }

    public Address address() {
        return key.address();
    }

    /** Fault injection: see {@link PeerNetwork#setReachable}. */
    public void setReachablePeers(java.util.function.Predicate<Address> filter) {
        network.setReachable(filter);
    }

    public int rpcPort() {
        return rpc.port();
    }

    /** The EVM gas this node's JSON-RPC (eth_call, eth_estimateGas) has run since it started. */
    public long rpcEvmGas() {
        return api.evmGas();
    }

    // ---- NodeServices ----

    @Override
    public Blockchain chain() {
        return chain;
    }

    @Override
    public TransactionPool pool() {
        return pool;
    }

    @Override
    public Bytes32 submit(Transaction tx) throws InvalidTransactionException {
        pool.add(tx, validateForPool(tx));
        outgoing.add(tx);
        return tx.hash();
    }

    /** Checks {@code tx} against the head (allowlist first, as Besu); returns the sender's account nonce. */
    private long validateForPool(Transaction tx) throws InvalidTransactionException {
        var head = chain.head();
        chain.processor().validateStateless(tx, head.gasLimit(), java.math.BigInteger.ZERO);
        return chain.readState(head.stateRoot(), state -> {
            chain.processor().validateAgainstState(tx, state, false);
            return state.getNonce(EvmTypes.address(tx.from())).longValueExact();
        });
    }

    @Override
    public int peerCount() {
        return network.activePeers(PEER_WINDOW_MILLIS);
    }

    @Override
    public Optional<SyncStatus> syncing() {
        SyncStatus status = catchingUp;
        long head = chain.head().number();
        if (status == null || status.highestBlock() <= head) {
            return Optional.empty();
        }
        return Optional.of(new SyncStatus(status.startingBlock(), head, status.highestBlock()));
    }

    @Override
    public Map<Address, Boolean> proposals() {
        return proposals;
    }

    @Override
    public boolean isValidator() {
        return engine != null;
    }

    // ---- peers ----

    private Bytes onPeerMessage(PeerMessageKind kind, Bytes body, Address sender) throws Exception {
        switch (kind) {
            case QBFT -> {
                if (engine != null) {
                    engine.onMessage(SignedMessage.decode(body).orElseThrow(() -> new IllegalArgumentException("bad QBFT signature")));
                }
                return Bytes.EMPTY;
            }
            case TRANSACTIONS -> {
                for (Bytes raw : RlpLists.decode(body)) {
                    try {
                        Transaction tx = TransactionCodec.decode(raw);
                        pool.add(tx, validateForPool(tx));
                    } catch (InvalidTransactionException e) {
                        // stale nonces and duplicates are normal gossip; anything else is worth a line
                        if (e.reason() == InvalidTransactionException.Reason.NONCE_TOO_LOW
                                || e.reason() == InvalidTransactionException.Reason.ALREADY_KNOWN) {
                            LOG.debug("peer {} sent a transaction rejected: {}", sender, e.getMessage());
                        } else {
                            LOG.info("rejected a transaction from peer {}: {} ({})", sender, e.getMessage(), e.reason());
                        }
                    }
                }
                return Bytes.EMPTY;
            }
            case NEW_BLOCK -> {
                Block block = Block.decode(body);
                // the next block is verified in full (seals included) before anything believes it; a block
                // further ahead cannot be checked here, so it is only a hint to ask peers, never a height
                if (block.number() == chain.head().number() + 1) {
                    if (importVerified(block) == Blockchain.ImportResult.INVALID) {
                        throw new IllegalArgumentException("invalid block " + block.number());
                    }
                } else if (block.number() > chain.head().number() + 1) {
                    background.execute(this::syncOnce);
                }
                return Bytes.EMPTY;
            }
            case STATUS -> {
                var head = chain.head();
                return RLP.encodeList(w -> {
                    w.writeLong(head.number());
                    w.writeValue(chain.hash(head.number()).orElseThrow());
                });
            }
            case GET_BLOCKS -> {
                long[] range = RLP.decodeList(body, r -> new long[] {r.readLong(), r.readLong()});
                long from = range[0];
                long count = Math.min(range[1], SYNC_BATCH);
                List<Bytes> blocks = new ArrayList<>();
                for (long n = from; n < from + count; n++) {
                    Optional<Block> b = chain.store().block(n);
                    if (b.isEmpty()) {
                        break;
                    }
                    blocks.add(b.get().encode());
                }
                return RlpLists.encode(blocks);
            }
            default -> throw new IllegalArgumentException("unsupported peer message " + kind);
        }
    }

    /** Imports a block from a peer after full verification (seals, header rules, re-execution). */
    private Blockchain.ImportResult importVerified(Block block) {
        Blockchain.ImportResult result = chain.importBlock(block);
        if (result == Blockchain.ImportResult.IMPORTED && engine != null) {
            engine.onNewHead();
        }
        return result;
    }

    /**
     * Asks every peer for its head and fetches missing blocks; each is verified before it is stored.
     * A peer's claimed head is reported (eth_syncing) only while it serves blocks that verify, and
     * the report ends with the round: a claim nobody proves never leaves the node "syncing".
     */
    private void syncOnce() {
        if (!syncRound.tryLock()) {
            return;
        }
        try {
            syncFromPeers();
        } finally {
            catchingUp = null;
            syncRound.unlock();
        }
    }

    private void syncFromPeers() {
        try {
            for (Address peer : network.peerAddresses()) {
                Bytes status;
                try {
                    status = network.request(peer, PeerMessageKind.STATUS, Bytes.EMPTY).get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    continue;
                }
                long peerHead = RLP.decodeList(status, r -> r.readLong());
                long start = chain.head().number();
                while (peerHead > chain.head().number()) {
                    long from = chain.head().number() + 1;
                    Bytes body = RLP.encodeList(w -> {
                        w.writeLong(from);
                        w.writeLong(SYNC_BATCH);
                    });
                    List<Bytes> encoded = RlpLists.decode(network.request(peer, PeerMessageKind.GET_BLOCKS, body)
                            .get(10, TimeUnit.SECONDS));
                    if (encoded.isEmpty()) {
                        break;
                    }
                    boolean progressed = false;
                    for (Bytes e : encoded) {
                        Block block = Block.decode(e);
                        if (block.number() <= chain.head().number()) {
                            continue;
                        }
                        Blockchain.ImportResult result = importVerified(block);
                        if (result == Blockchain.ImportResult.INVALID) {
                            LOG.warn("{}: peer {} served an invalid block {}", name, peer, block.number());
                            break;
                        }
                        progressed |= result != Blockchain.ImportResult.NOT_NEXT;
                    }
                    if (!progressed) {
                        break;
                    }
                    SyncStatus previous = catchingUp;
                    catchingUp = new SyncStatus(previous == null ? start : previous.startingBlock(), chain.head().number(),
                            Math.max(peerHead, previous == null ? 0 : previous.highestBlock()));
                }
            }
        } catch (Exception e) {
            LOG.debug("{}: sync round failed: {}", name, e.toString());
        }
    }

    /** Sends transactions accepted here to the validators in batches (mirrors never keep them to themselves). */
    private void flushTransactions() {
        List<Bytes> batch = new ArrayList<>();
        long bytes = 0;
        Transaction tx;
        // a batch stays under the peers' body limit (a transaction is at most TransactionCodec.MAX_SIZE)
        while (batch.size() < 2_000 && bytes + TransactionCodec.MAX_SIZE < network.maxBody() / 2 && (tx = outgoing.poll()) != null) {
            batch.add(tx.raw());
            bytes += tx.raw().size();
        }
        if (batch.isEmpty()) {
            return;
        }
        Set<Address> validators = new HashSet<>(chain.validatorsFor(chain.head().number() + 1));
        validators.remove(key.address());
        network.send(PeerMessageKind.TRANSACTIONS, RlpLists.encode(batch), validators);
    }

    private void afterBlock(Block block, List<StoredReceipt> receipts) {
        chain.readState(block.header().stateRoot(), state -> {
            pool.prune(sender -> state.getNonce(EvmTypes.address(sender)).longValueExact(), List.of());
            return null;
        });
        events.onBlock(block, receipts);
        if (subscriptions.count() > 0) {
            List<Subscriptions.PublishedLog> logs = RpcJson.logsOf(block, receipts).stream()
                    .map(l -> new Subscriptions.PublishedLog(l.log(), RpcJson.logJson(l, block.header().timestamp()))).toList();
            subscriptions.publish(RpcJson.headerJson(block.header()), logs);
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        if (engine != null) {
            engine.close();
        }
        rpc.close();
        if (metrics != null) {
            metrics.close();
        }
        network.close();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chain.close();
    }
}
