package org.bcpki.chain.block;

import io.horizen.evm.LevelDBDatabase;
import io.horizen.evm.StateDB;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.fixture.GenesisFixture;
import org.bcpki.chain.fixture.StorageLoader;
import org.bcpki.chain.exec.BlockEnv;
import org.bcpki.chain.exec.EvmTypes;
import org.bcpki.chain.exec.LogsBloom;
import org.bcpki.chain.exec.Receipt;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.chain.exec.TxResult;
import org.bcpki.chain.store.BlockStore;
import org.bcpki.chain.store.StoredReceipt;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.chain.tx.Transaction;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSealsRule;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.QbftHeaderValidator;
import org.bcpki.core.chain.ValidationContext;
import org.bcpki.core.chain.VoteTally;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's chain: finalised blocks (SQLite), world state (libevm StateDB on LevelDB, every
 * block's state kept so old roots stay provable), and the validator set over time. Blocks are
 * appended only after full verification: header rules and seals, re-execution, and equal roots.
 */
public final class Blockchain implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Blockchain.class);
    /** Every standard header rule except the commit seals (a proposal has no seals yet). */
    private static final QbftHeaderValidator UNSEALED_VALIDATOR = new QbftHeaderValidator(
            QbftHeaderValidator.standard().rules().stream().filter(r -> !(r instanceof CommitSealsRule)).toList());

    private static final long FIXTURE_BATCH = 50_000;
    /** Slots per loader call (64 bytes of call data each). */
    private static final int LOADER_SLOTS = 8_192;
    /** Genesis digest and the state root built for it, when the genesis names a fixture. */
    private static final String FIXTURE_ROOT_FILE = "genesis-fixture-root";
    private final GenesisConfig genesis;
    private final TransactionProcessor processor;
    private final BlockStore store;
    private final LevelDBDatabase stateDb;
    private final ReadOnlyStates readOnlyStates;
    /** Vote tally after each block (index = block number): validators for block n+1 and pending votes. */
    private final List<VoteTally> tallies = new CopyOnWriteArrayList<>();
    private final Map<Long, Bytes32> hashes = new ConcurrentHashMap<>();
    private final List<BiConsumer<Block, List<StoredReceipt>>> listeners = new CopyOnWriteArrayList<>();
    private volatile BlockHeader head;

    public Blockchain(Path dataDir, GenesisConfig genesis, TransactionProcessor processor) throws IOException {
        PrivateFiles.directory(dataDir);
        this.genesis = genesis;
        this.processor = processor;
        this.store = new BlockStore(PrivateFiles.ensureFile(dataDir.resolve("blocks.sqlite")));
        this.stateDb = new LevelDBDatabase(dataDir.resolve("state").toString());
        this.readOnlyStates = new ReadOnlyStates(stateDb);
        Block genesisBlock = buildGenesis(dataDir.resolve(FIXTURE_ROOT_FILE));
        Optional<BlockHeader> stored = store.header(0);
        if (stored.isEmpty()) {
            store.put(genesisBlock, List.of());
        } else if (!BftHashing.blockHash(stored.get()).equals(genesisBlock.hash())) {
            throw new IllegalStateException("data directory " + dataDir + " holds a different chain (genesis hash "
                    + BftHashing.blockHash(stored.get()) + ", expected " + genesisBlock.hash() + ")");
        }
        long headNumber = store.headNumber().orElse(0);
        VoteTally tally = VoteTally.genesis(QbftExtraDataCodec.decode(genesisBlock.header().extraData()).validators());
        tallies.add(tally);
        hashes.put(0L, genesisBlock.hash());
        BlockHeader last = genesisBlock.header();
        for (long n = 1; n <= headNumber; n++) {
            last = store.header(n).orElseThrow();
            tally = tally.afterBlock(last, genesis.epochLength());
            tallies.add(tally);
            hashes.put(n, BftHashing.blockHash(last));
        }
        head = last;
    }

    private Block buildGenesis(Path fixtureRootFile) throws IOException {
        Optional<Bytes32> built = genesis.fixture().isPresent() ? builtFixtureRoot(fixtureRootFile) : Optional.empty();
        Bytes32 root = built.isPresent() ? built.get() : buildGenesisState();
        if (genesis.fixture().isPresent() && built.isEmpty()) {
            Files.writeString(fixtureRootFile, genesisDigest() + " " + root.toHexString() + "\n");
        }
        BlockHeader header = BlockHeader.builder()
                .parentHash(Bytes32.ZERO)
                .ommersHash(BlockHeader.EMPTY_OMMERS_HASH)
                .coinbase(new Address(Bytes.wrap(new byte[20])))
                .stateRoot(root)
                .transactionsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .receiptsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .logsBloom(BlockHeader.EMPTY_LOGS_BLOOM)
                .difficulty(BigInteger.ONE)
                .number(0)
                .gasLimit(genesis.gasLimit())
                .gasUsed(0)
                .timestamp(genesis.timestamp())
                .extraData(genesis.extraData())
                .mixHash(BlockHeader.QBFT_MIX_HASH)
                .nonce(0)
                .baseFee(BigInteger.ZERO)
                .withdrawalsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .build();
        return new Block(header, List.of());
    }

    /**
     * The genesis state root this data directory built before for the same genesis file: a large
     * fixture takes minutes to build, so a restarting node reuses its state instead of rebuilding it.
     */
    private Optional<Bytes32> builtFixtureRoot(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file).trim().split(" ");
        return parts.length == 2 && parts[0].equals(genesisDigest()) ? Optional.of(Bytes32.fromHexString(parts[1]))
                : Optional.empty();
    }

    private String genesisDigest() {
        return Bytes.wrap(org.bcpki.core.crypto.Keccak.keccak256(
                genesis.toJson().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).toHexString();
    }

    private Bytes32 buildGenesisState() {
        Bytes32 root = readState(MerklePatriciaTrie.EMPTY_ROOT, state -> {
            genesis.alloc().forEach((address, account) -> {
                var a = EvmTypes.address(address);
                state.setBalance(a, account.balance());
                state.setNonce(a, BigInteger.valueOf(account.nonce()));
                if (!account.code().isEmpty()) {
                    state.setCode(a, account.code().toArray());
                }
                account.storage().forEach((k, v) -> state.setStorage(a, EvmTypes.hash(k), EvmTypes.hash(v)));
            });
            state.finalizeChanges();
            return EvmTypes.bytes32(state.commit());
        });
        return genesis.fixture().isPresent() ? writeFixture(root, genesis.fixture().get()) : root;
    }

    /**
     * Adds a large fixture's records to the registry's storage, committing every
     * {@value #FIXTURE_BATCH} records so that the state held in memory stays bounded.
     */
    private Bytes32 writeFixture(Bytes32 allocRoot, GenesisFixture fixture) {
        var registry = EvmTypes.address(fixture.registry().value());
        long grants = fixture.fixture().grants();
        Bytes32 root = allocRoot;
        for (long from = 0; from < grants; from += FIXTURE_BATCH) {
            long start = from;
            long end = Math.min(grants, from + FIXTURE_BATCH);
            root = readState(root, state -> {
                byte[] code = state.getCode(registry);
                if (code == null || code.length == 0) {
                    throw new IllegalArgumentException("genesis names a registry fixture at " + fixture.registry().toHex()
                            + " but allocates no contract code there");
                }
                StorageLoader loader = new StorageLoader(state, registry, LOADER_SLOTS);
                for (long i = start; i < end; i++) {
                    fixture.fixture().forEachSlot(i, fixture.enroller(), loader::put);
                }
                loader.flush();
                state.finalizeChanges();
                return EvmTypes.bytes32(state.commit());
            });
        }
        LOG.info("genesis registry fixture: {} records at {} built into the state", grants, fixture.registry().toHex());
        return root;
    }

    public GenesisConfig genesis() {
        return genesis;
    }

    public TransactionProcessor processor() {
        return processor;
    }

    public BlockStore store() {
        return store;
    }

    public BlockHeader head() {
        return head;
    }

    public Optional<BlockHeader> header(long number) {
        return number == head.number() ? Optional.of(head) : store.header(number);
    }

    public Optional<Bytes32> hash(long number) {
        return Optional.ofNullable(hashes.get(number));
    }

    /** Validators that must seal block {@code number} (from the tally after its parent). */
    public List<Address> validatorsFor(long number) {
        int index = (int) Math.max(0, Math.min(number - 1, tallies.size() - 1));
        return tallies.get(index).validators();
    }

    /** The tally after block {@code number} (pending votes, and the validators of the next block). */
    public VoteTally tallyAfter(long number) {
        return tallies.get((int) number);
    }

    public void onBlock(BiConsumer<Block, List<StoredReceipt>> listener) {
        listeners.add(listener);
    }

    /** Reads the world state at {@code root} (any finalised block's root works). */
    @FunctionalInterface
    public interface StateReader<T, E extends Exception> {
        T read(StateDB state) throws E;
    }

    /** Opens the state at {@code root} for {@code reader} and closes it afterwards. */
    public <T, E extends Exception> T readState(Bytes32 root, StateReader<T, E> reader) throws E {
        StateDB state = new StateDB(stateDb, EvmTypes.hash(root));
        try {
            return reader.read(state);
        } finally {
            closeQuietly(state);
        }
    }

    /**
     * Like {@link #readState} for readers that only read (RPC queries and proofs): the handle comes
     * from a pool of open states and goes back to it, so it must not be changed.
     */
    public <T, E extends Exception> T readStateShared(Bytes32 root, StateReader<T, E> reader) throws E {
        return readOnlyStates.read(root, reader);
    }

    static void closeQuietly(StateDB state) {
        try {
            state.close();
        } catch (Exception e) {
            LOG.warn("closing a state handle failed", e);
        }
    }

    public BlockEnv env(BlockHeader header) {
        return env(header.number(), header.timestamp(), header.coinbase(), header.gasLimit());
    }

    /** The EVM's view of block {@code number}; BLOCKHASH sees the 256 finalised blocks before it. */
    public BlockEnv env(long number, long timestamp, Address coinbase, long gasLimit) {
        return new BlockEnv(genesis.chainId(), coinbase.value(), gasLimit, number, timestamp, BigInteger.ZERO,
                n -> n < number && n >= number - 256 ? hashes.get(n) : null);
    }

    /**
     * Builds a block's content: executes candidates in order on the parent's state, skipping
     * invalid ones (reported in {@code rejected}) and stopping at the gas limit or at
     * {@code deadlineNanos} (System.nanoTime), whichever comes first.
     */
    public ExecutedBlock build(BlockHeader parent, List<Transaction> candidates, BlockEnv env, long deadlineNanos,
            List<Transaction> rejected) {
        try {
            return execute(parent, candidates, env, true, deadlineNanos, rejected);
        } catch (InvalidTransactionException e) {
            throw new IllegalStateException("building skips invalid transactions", e);
        }
    }

    /**
     * Executes transactions on the parent's state for a block with {@code env}. When building,
     * invalid transactions are skipped (and reported in {@code rejected}); when importing, any
     * invalid transaction fails the whole block.
     */
    private synchronized ExecutedBlock execute(BlockHeader parent, List<Transaction> candidates, BlockEnv env,
            boolean building, long deadlineNanos, List<Transaction> rejected) throws InvalidTransactionException {
        return readState(parent.stateRoot(), state -> {
            List<Transaction> included = new ArrayList<>();
            List<StoredReceipt> receipts = new ArrayList<>();
            long cumulative = 0;
            for (Transaction tx : candidates) {
                if (building && (cumulative + tx.gasLimit() > env.gasLimit() || System.nanoTime() > deadlineNanos)) {
                    break;
                }
                TxResult result;
                try {
                    result = processor.execute(state, tx, included.size(), env);
                } catch (InvalidTransactionException e) {
                    if (!building) {
                        throw e;
                    }
                    rejected.add(tx);
                    continue;
                }
                cumulative += result.gasUsed();
                included.add(tx);
                receipts.add(new StoredReceipt(Receipt.of(tx.type(), result.success(), cumulative, result.logs()),
                        result.gasUsed(), result.contractAddress(),
                        result.reverted() ? Optional.of(result.returnData()) : Optional.empty()));
            }
            Bytes32 root = EvmTypes.bytes32(state.commit());
            return new ExecutedBlock(included, receipts, root,
                    MerklePatriciaTrie.orderedRoot(included.stream().map(Transaction::raw).toList()),
                    MerklePatriciaTrie.orderedRoot(receipts.stream().map(r -> r.receipt().encode()).toList()),
                    LogsBloom.union(receipts.stream().map(r -> r.receipt().bloom()).toList()), cumulative);
        });
    }

    /** The header of a proposed block over {@code parent}, before any seal (round in extraData set by the caller). */
    public BlockHeader proposalHeader(BlockHeader parent, ExecutedBlock executed, Address proposer, long timestamp,
            QbftExtraData extraData) {
        return BlockHeader.builder()
                .parentHash(BftHashing.blockHash(parent))
                .ommersHash(BlockHeader.EMPTY_OMMERS_HASH)
                .coinbase(proposer)
                .stateRoot(executed.stateRoot())
                .transactionsRoot(executed.transactionsRoot())
                .receiptsRoot(executed.receiptsRoot())
                .logsBloom(executed.logsBloom())
                .difficulty(BigInteger.ONE)
                .number(parent.number() + 1)
                .gasLimit(parent.gasLimit())
                .gasUsed(executed.gasUsed())
                .timestamp(timestamp)
                .extraData(QbftExtraDataCodec.encode(extraData))
                .mixHash(BlockHeader.QBFT_MIX_HASH)
                .nonce(0)
                .baseFee(BigInteger.ZERO)
                .withdrawalsRoot(BlockHeader.EMPTY_TRIE_ROOT)
                .build();
    }

    /**
     * Checks everything about a block except its seals: header rules against the parent, then
     * re-execution and equal state, transactions and receipts roots, bloom and gas used.
     * Returns the receipts, or the list of problems.
     */
    public Verification verifyContent(Block block, boolean checkSeals) {
        BlockHeader header = block.header();
        BlockHeader parent = header(header.number() - 1).orElse(null);
        if (parent == null) {
            return Verification.invalid("unknown parent for block " + header.number());
        }
        QbftHeaderValidator validator = checkSeals ? QbftHeaderValidator.standard() : UNSEALED_VALIDATOR;
        List<String> problems = new ArrayList<>(validator.validate(header, parent,
                new ValidationContext(validatorsFor(header.number()), periodSecondsForRules())));
        if (!header.baseFee().equals(BigInteger.ZERO) || !BlockHeader.EMPTY_TRIE_ROOT.equals(header.withdrawalsRoot())
                || header.gasLimit() != parent.gasLimit()) {
            problems.add("base fee, withdrawals root or gas limit differ from this network's rules");
        }
        if (!problems.isEmpty()) {
            return Verification.invalid(String.join("; ", problems));
        }
        ExecutedBlock executed;
        try {
            executed = execute(parent, block.transactions(), env(header), false, Long.MAX_VALUE, new ArrayList<>());
        } catch (InvalidTransactionException e) {
            return Verification.invalid("invalid transaction in block " + header.number() + ": " + e.getMessage());
        }
        if (!executed.stateRoot().equals(header.stateRoot())) {
            problems.add("state root " + header.stateRoot() + " but re-execution gives " + executed.stateRoot());
        }
        if (!executed.transactionsRoot().equals(header.transactionsRoot())) {
            problems.add("transactions root mismatch");
        }
        if (!executed.receiptsRoot().equals(header.receiptsRoot())) {
            problems.add("receipts root mismatch");
        }
        if (!executed.logsBloom().equals(header.logsBloom()) || executed.gasUsed() != header.gasUsed()) {
            problems.add("logs bloom or gas used mismatch");
        }
        return problems.isEmpty() ? Verification.valid(executed) : Verification.invalid(String.join("; ", problems));
    }

    /** Header timestamps are whole seconds; a sub-second period only requires non-decreasing timestamps. */
    private long periodSecondsForRules() {
        return genesis.periodMillis() / 1000;
    }

    /** Outcome of verifying a block: its execution, or why it is invalid. */
    public record Verification(ExecutedBlock executed, String problem) {
        static Verification valid(ExecutedBlock executed) {
            return new Verification(executed, null);
        }

        static Verification invalid(String problem) {
            return new Verification(null, problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /** What happened to a block offered for import. */
    public enum ImportResult { IMPORTED, ALREADY_KNOWN, NOT_NEXT, INVALID }

    /** Fully verifies (seals included) and appends the next block; invalid blocks are logged and dropped. */
    public synchronized ImportResult importBlock(Block block) {
        if (block.number() <= head.number()) {
            return block.hash().equals(hashes.get(block.number())) ? ImportResult.ALREADY_KNOWN : ImportResult.INVALID;
        }
        if (block.number() != head.number() + 1) {
            return ImportResult.NOT_NEXT;
        }
        Verification v = verifyContent(block, true);
        if (!v.ok()) {
            LOG.warn("rejected block {} ({}): {}", block.number(), block.hash(), v.problem());
            return ImportResult.INVALID;
        }
        append(block, v.executed().receipts());
        return ImportResult.IMPORTED;
    }

    /** Appends a block whose content and seals the caller has verified (consensus commit). */
    public synchronized void append(Block block, List<StoredReceipt> receipts) {
        if (block.number() != head.number() + 1 || !block.header().parentHash().equals(BftHashing.blockHash(head))) {
            throw new IllegalStateException("block " + block.number() + " does not extend the head " + head.number());
        }
        store.put(block, receipts);
        tallies.add(tallies.get(tallies.size() - 1).afterBlock(block.header(), genesis.epochLength()));
        hashes.put(block.number(), block.hash());
        head = block.header();
        for (BiConsumer<Block, List<StoredReceipt>> listener : listeners) {
            try {
                listener.accept(block, receipts);
            } catch (RuntimeException e) {
                LOG.warn("block listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        store.close();
        readOnlyStates.close();
        stateDb.close();
    }
}
