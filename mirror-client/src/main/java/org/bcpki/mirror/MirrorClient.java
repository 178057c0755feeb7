package org.bcpki.mirror;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.mirror.json.JsonValue;
import org.bcpki.mirror.pqc.CheckpointFeed;
import org.bcpki.mirror.pqc.CheckpointSignature;
import org.bcpki.mirror.pqc.CheckpointVerdict;
import org.bcpki.mirror.proof.ProofVerdict;
import org.bcpki.mirror.proof.ProofVerifier;
import org.bcpki.mirror.proof.RecordOfCall;
import org.bcpki.mirror.rpc.EndpointPool;
import org.bcpki.core.codec.Hex;
import org.bcpki.mirror.rpc.JsonRpcClient;
import org.bcpki.mirror.rpc.LyingEndpointException;
import org.bcpki.mirror.rpc.NoHonestEndpointException;
import org.bcpki.mirror.rpc.RpcException;
import org.bcpki.mirror.sync.HeaderFetcher;
import org.bcpki.mirror.sync.HeaderStore;
import org.bcpki.mirror.sync.HeaderSync;
import org.bcpki.mirror.sync.SyncReport;
import org.bcpki.mirror.sync.TrustAnchor;
import org.bcpki.mirror.sync.VerifiedChain;

/**
 * The gateway's light client: follows verified headers and decides identities from proven registry
 * storage. The trust decision is {@link #check}: find the newest verified block (fail closed when it
 * is too old), take the subject's record proven at that block (from the cache when it was proven at
 * that very block, else fetched and verified now), and let core's {@link GrantRecord#decide} judge.
 * Thread-safe: checks run concurrently; sync and checkpoint submission are serialized.
 */
public final class MirrorClient implements AutoCloseable {
    /** Subjects per batched {@code eth_getProof} during {@link #refreshAll}. */
    static final int SUBJECTS_PER_BATCH = 32;
    /** How many recent blocks are searched for checkpoint signatures (bounds the eth_getLogs answer). */
    static final long CHECKPOINT_LOG_WINDOW = 64;

    private final TrustAnchor anchor;
    private final EndpointPool pool;
    private final HeaderStore store; // null: nothing persisted
    private final Bytes registry; // null: a client that only follows headers
    private final MirrorSettings settings;
    private final VerifiedChain chain;
    private final HeaderSync sync;
    private final SubjectCache<CachedRecord> cache;
    private volatile BlockRef sealedHead;
    private volatile BlockRef pqcAttested;

    /** A subject's record as proven at one block. */
    /** A subject's record as proven at one block, under the registry storage root of that block. */
    private record CachedRecord(GrantRecord record, BlockRef block, Bytes32 storageRoot, String problem) {
        CachedRecord at(BlockRef newer) {
            return new CachedRecord(record, newer, storageRoot, problem);
        }
    }

    /** The registry's storage root proven at a block (one account proof serves every cached subject). */
    private record RootAt(BlockRef block, Bytes32 storageRoot, int bytes) {}

    private volatile RootAt registryRoot;

    public MirrorClient(TrustAnchor anchor, EndpointPool pool, HeaderStore store, Bytes registry, MirrorSettings settings) {
        if (registry != null && registry.size() != 20) {
            throw new IllegalArgumentException("the registry address must be 20 bytes");
        }
        this.anchor = anchor;
        this.pool = pool;
        this.store = store;
        this.registry = registry;
        this.settings = settings;
        this.cache = new SubjectCache<>(settings.maxSubjects());
        this.chain = new VerifiedChain(anchor, settings.retainedHeaders());
        this.sync = new HeaderSync(chain, pool, settings.sync(), settings.clock());
    }

    /** Resumes from the store, when there is one; returns whether it did. */
    public synchronized boolean resume() throws IOException {
        boolean resumed = store != null && store.load(chain);
        chain.head().ifPresent(head -> sealedHead = BlockRef.of(head));
        return resumed;
    }

    /**
     * One sync round, then the store is rewritten; with trust {@code pqc-checkpoints} or {@code both}
     * and a checkpoint registry in the anchor, the newest published checkpoint is then taken up too.
     */
    public synchronized SyncReport sync() throws IOException {
        SyncReport report = sync.sync();
        chain.head().ifPresent(head -> sealedHead = BlockRef.of(head));
        if (store != null && chain.started()) {
            store.save(chain);
        }
        if (anchor.trust().needsCheckpoints() && anchor.checkpointRegistry() != null) {
            lastCheckpointVerdict = syncCheckpoints();
        }
        return report;
    }

    /** What the last {@link #syncCheckpoints} concluded (null before any). */
    public CheckpointVerdict lastCheckpointVerdict() {
        return lastCheckpointVerdict;
    }

    private volatile CheckpointVerdict lastCheckpointVerdict;

    /**
     * Fetches the signatures published in the anchor's CheckpointRegistry over the last
     * {@value #CHECKPOINT_LOG_WINDOW} blocks ({@code eth_getLogs}) and accepts the newest checkpoint
     * that k anchored authorities signed. Every signature is verified against the message built from
     * a header this client hashed itself (from the verified window, else fetched from the endpoint):
     * an endpoint can withhold checkpoints but not forge one.
     */
    public synchronized CheckpointVerdict syncCheckpoints() {
        if (!anchor.trust().needsCheckpoints() || anchor.checkpointRegistry() == null) {
            return new CheckpointVerdict(false, 0, 0, List.of("the anchor names no checkpoint registry"));
        }
        CheckpointFeed feed = new CheckpointFeed(anchor.checkpointRegistry());
        HeaderFetcher headers = new HeaderFetcher();
        try {
            return pool.attempt(endpoint -> {
                long head = headers.headNumber(endpoint);
                BlockRef attested = pqcAttested;
                long from = Math.max(attested == null ? 0 : attested.number() + 1, head - CHECKPOINT_LOG_WINDOW);
                if (from > head) {
                    return new CheckpointVerdict(false, 0, anchor.checkpointThreshold(), List.of("no newer block"));
                }
                java.util.TreeMap<Long, List<CheckpointFeed.Published>> byNumber = new java.util.TreeMap<>();
                for (CheckpointFeed.Published p : feed.fetch(endpoint, from, head)) {
                    byNumber.computeIfAbsent(p.number(), n -> new ArrayList<>()).add(p);
                }
                CheckpointVerdict last = new CheckpointVerdict(false, 0, anchor.checkpointThreshold(),
                        List.of("no checkpoint with enough valid signatures in blocks " + from + ".." + head));
                for (Long number : byNumber.descendingKeySet()) {
                    if (attested != null && number <= attested.number()) {
                        break;
                    }
                    BlockHeader header = chain.header(number).orElse(null);
                    if (header == null) {
                        header = headers.header(endpoint, number).orElse(null);
                    }
                    if (header == null) {
                        continue;
                    }
                    List<CheckpointSignature> valid = validSignatures(header, byNumber.get(number));
                    if (valid.size() < anchor.checkpointThreshold()) {
                        continue;
                    }
                    CheckpointVerdict verdict = submitCheckpoint(header, valid);
                    if (verdict.valid()) {
                        return verdict;
                    }
                    last = verdict;
                }
                return last;
            });
        } catch (NoHonestEndpointException e) {
            return new CheckpointVerdict(false, 0, anchor.checkpointThreshold(), List.of(e.getMessage()));
        }
    }

    /** The published signatures that verify over {@code header}'s checkpoint, one per authority. */
    private List<CheckpointSignature> validSignatures(BlockHeader header, List<CheckpointFeed.Published> published) {
        CheckpointMessage checkpoint;
        try {
            checkpoint = checkpointOf(header);
        } catch (RuntimeException e) {
            return List.of();
        }
        Map<Bytes32, CheckpointSignature> bySigner = new java.util.LinkedHashMap<>();
        for (CheckpointFeed.Published p : published) {
            if (p.blockHash().equals(checkpoint.blockHash())) {
                anchor.checkpointVerifier().signerOf(checkpoint, p.signature())
                        .ifPresent(signer -> bySigner.putIfAbsent(signer, new CheckpointSignature(signer, p.signature())));
            }
        }
        return List.copyOf(bySigner.values());
    }

    private CheckpointMessage checkpointOf(BlockHeader header) {
        return CheckpointMessage.of(anchor.chainId(), header);
    }

    /** Closes the endpoint connections. */
    @Override
    public void close() {
        pool.close();
    }

    public VerifiedChain chain() {
        return chain;
    }

    public EndpointPool pool() {
        return pool;
    }

    /**
     * Accepts a block attested by k-of-n ML-DSA-65 authority checkpoint signatures (for trust
     * {@code pqc-checkpoints} or {@code both}). With {@code both} the block must also be one the
     * seal-verified chain holds. The block's own extraData validators give the validator-set hash.
     */
    public synchronized CheckpointVerdict submitCheckpoint(BlockHeader header, List<CheckpointSignature> signatures) {
        if (!anchor.trust().needsCheckpoints()) {
            return new CheckpointVerdict(false, 0, 0, List.of("this client trusts seals only"));
        }
        List<String> problems = new ArrayList<>();
        Bytes32 hash;
        CheckpointMessage checkpoint;
        try {
            checkpoint = checkpointOf(header);
            hash = checkpoint.blockHash();
        } catch (RuntimeException e) {
            return new CheckpointVerdict(false, 0, 0, List.of("checkpoint header cannot be read: " + e.getMessage()));
        }
        if (anchor.trust().needsSeals()) {
            boolean sealed = chain.header(header.number()).map(h -> BftHashing.blockHash(h).equals(hash)).orElse(false);
            if (!sealed) {
                problems.add("block " + header.number() + " is not a seal-verified block of the retained chain");
            }
        }
        BlockRef current = pqcAttested;
        if (current != null && header.number() <= current.number()) {
            problems.add("block " + header.number() + " is not newer than the attested block " + current.number());
        }
        CheckpointVerdict verdict = anchor.checkpointVerifier().verify(checkpoint, signatures);
        problems.addAll(verdict.problems());
        if (!problems.isEmpty() || !verdict.valid()) {
            return new CheckpointVerdict(false, verdict.validSignatures(), verdict.threshold(), problems);
        }
        pqcAttested = BlockRef.of(header);
        return verdict;
    }

    /** The block decisions rest on now, per the anchor's trust mode (null when there is none yet). */
    public BlockRef decisionBlock() {
        return switch (anchor.trust()) {
            case SEALS -> sealedHead;
            case PQC_CHECKPOINTS, BOTH -> pqcAttested;
        };
    }

    /** Adds subjects to the set {@link #refreshAll} keeps proven (bounded by {@link MirrorSettings#maxSubjects}). */
    public void track(SubjectId subject) {
        cache.track(subject);
    }

    /** Subjects held now: never more than {@link MirrorSettings#maxSubjects}. */
    public int trackedCount() {
        return cache.size();
    }

    /** Subjects dropped to stay within {@link MirrorSettings#maxSubjects} (least recently checked first). */
    public long evictedCount() {
        return cache.evictions();
    }

    /**
     * Decides whether {@code subject} may act in {@code role} with the presented key (SPKI DER; null
     * to skip the key check). Never throws for untrusted input: failures to obtain a verified answer
     * yield STALE_VIEW (fail closed), with the reason in {@code detail}.
     */
    public CheckResult check(SubjectId subject, Role role, byte[] presentedPublicKey) {
        long started = System.nanoTime();
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        if (registry == null) {
            throw new IllegalStateException("this client was made without a registry address");
        }
        cache.track(subject);
        BlockRef block = decisionBlock();
        if (block == null) {
            return result(Decision.STALE_VIEW, null, 0, started, false, "no verified block yet");
        }
        long ageSeconds = settings.clock().instant().getEpochSecond() - block.timestamp();
        if (ageSeconds > settings.maxStaleness().toSeconds()) {
            return result(Decision.STALE_VIEW, block, 0, started, false,
                    "newest verified block is " + ageSeconds + " s old, more than " + settings.maxStaleness().toSeconds() + " s");
        }
        Bytes32 keyHash = presentedPublicKey == null ? null : Bytes32.wrap(SignatureSuite.keyHash(presentedPublicKey));
        CachedRecord cached = cache.get(subject);
        if (cached != null && cached.block().equals(block)) {
            return decide(cached, role, keyHash, 0, started, true);
        }
        try {
            if (cached != null) {
                // Unchanged registry storage root: every record proven under it still holds.
                RootAt root = registryRootAt(block);
                if (root.storageRoot().equals(cached.storageRoot())) {
                    CachedRecord carried = cached.at(block);
                    cache.put(subject, carried);
                    return decide(carried, role, keyHash, root.bytes(), started, true);
                }
            }
            Proven proven = prove(List.of(subject), block);
            CachedRecord fresh = proven.records().get(0);
            cache.put(subject, fresh);
            return decide(fresh, role, keyHash, proven.bytes(), started, false);
        } catch (NoHonestEndpointException e) {
            return result(Decision.STALE_VIEW, block, 0, started, false, e.getMessage());
        }
    }

    /**
     * Proves every tracked subject at the current decision block, in batches; returns how many were
     * refreshed. Subjects last proven absent (no record) are left to {@link #check}: strangers' made-up
     * names must not cost a proof at every block.
     */
    public int refreshAll() throws NoHonestEndpointException {
        BlockRef block = decisionBlock();
        if (block == null || registry == null) {
            return 0;
        }
        List<SubjectId> stale = new ArrayList<>();
        Bytes32 root = null;
        for (SubjectId subject : cache.subjects(cached -> cached.record().status() != GrantStatus.NONE)) {
            CachedRecord cached = cache.get(subject);
            if (cached != null && cached.block().equals(block)) {
                continue;
            }
            if (cached != null) {
                root = root != null ? root : registryRootAt(block).storageRoot();
                if (root.equals(cached.storageRoot())) {
                    cache.put(subject, cached.at(block));
                    continue;
                }
            }
            stale.add(subject);
        }
        for (int i = 0; i < stale.size(); i += SUBJECTS_PER_BATCH) {
            List<SubjectId> batch = stale.subList(i, Math.min(stale.size(), i + SUBJECTS_PER_BATCH));
            List<CachedRecord> records = prove(batch, block).records();
            for (int j = 0; j < batch.size(); j++) {
                cache.put(batch.get(j), records.get(j));
            }
        }
        return stale.size();
    }

    private record Proven(List<CachedRecord> records, int bytes) {}

    /**
     * Proves {@code recordHashes[subject]} of {@code subjects} at {@code block}, then fetches the
     * records with a hash (one {@code eth_call} of recordOf each, batched) and keeps them only if they
     * hash to the proven value; a liar, in either answer, is dropped and the next endpoint asked.
     */
    private Proven prove(List<SubjectId> subjects, BlockRef block) throws NoHonestEndpointException {
        List<Bytes32> slots = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            slots.add(RegistryLayout.recordHashSlot(subject));
        }
        List<JsonValue> slotParams = new ArrayList<>();
        for (Bytes32 slot : slots) {
            slotParams.add(JsonValue.of(slot.toHexString()));
        }
        List<JsonValue> params = List.of(JsonValue.of(registry.toHexString()), new JsonValue.JsonArray(slotParams),
                JsonValue.of(Hex.quantity(block.number())));
        return pool.attempt((JsonRpcClient endpoint) -> {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_getProof", params);
            ProofVerdict verdict = ProofVerifier.verify(block.stateRoot(), answer.result(), registry, slots);
            if (!verdict.valid()) {
                throw new LyingEndpointException(endpoint + ": eth_getProof at block " + block.number() + ": "
                        + String.join("; ", verdict.problems()));
            }
            Bytes32 storageRoot = verdict.account().map(a -> a.storageRoot()).orElse(MerklePatriciaTrie.EMPTY_ROOT);
            registryRoot = new RootAt(block, storageRoot, 0);
            Map<Bytes32, Bytes32> values = new java.util.HashMap<>();
            verdict.storage().forEach(entry -> values.put(entry.key(), entry.value()));
            List<SubjectId> withRecord = new ArrayList<>();
            for (SubjectId subject : subjects) {
                if (!values.get(RegistryLayout.recordHashSlot(subject)).isZero()) {
                    withRecord.add(subject);
                }
            }
            Fetched fetched = recordsOf(endpoint, withRecord, block);
            List<CachedRecord> records = new ArrayList<>(subjects.size());
            for (SubjectId subject : subjects) {
                Bytes32 hash = values.get(RegistryLayout.recordHashSlot(subject));
                if (hash.isZero()) {
                    records.add(new CachedRecord(GrantRecord.NONE, block, storageRoot, null));
                    continue;
                }
                List<Bytes32> words = fetched.words().get(withRecord.indexOf(subject));
                if (!RecordOfCall.matches(hash, words)) {
                    throw new LyingEndpointException(endpoint + ": recordOf(" + subject + ") at block " + block.number()
                            + " does not hash to the proven record hash " + hash.toHexString());
                }
                records.add(record(words.get(0), words.get(1), words.get(2), block, storageRoot));
            }
            return new Proven(records, answer.responseBytes() + fetched.bytes());
        });
    }

    private record Fetched(List<List<Bytes32>> words, int bytes) {}

    /** The unproven words of {@code subjects}' records at {@code block}: one eth_call, or one batch of them. */
    private Fetched recordsOf(JsonRpcClient endpoint, List<SubjectId> subjects, BlockRef block)
            throws RpcException, LyingEndpointException {
        if (subjects.isEmpty()) {
            return new Fetched(List.of(), 0);
        }
        List<JsonValue> results;
        int bytes;
        if (subjects.size() == 1) {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_call",
                    RecordOfCall.params(registry, subjects.get(0), block.number()));
            results = List.of(answer.result());
            bytes = answer.responseBytes();
        } else {
            List<List<JsonValue>> params = new ArrayList<>(subjects.size());
            for (SubjectId subject : subjects) {
                params.add(RecordOfCall.params(registry, subject, block.number()));
            }
            try {
                results = endpoint.callBatch("eth_call", params);
                bytes = endpoint.lastResponseBytes();
            } catch (RpcException batchRefused) {
                // Nodes may refuse batches (as header sync allows): one call each.
                results = new ArrayList<>(params.size());
                bytes = endpoint.lastResponseBytes();
                for (List<JsonValue> single : params) {
                    JsonRpcClient.Answer answer = endpoint.callMeasured("eth_call", single);
                    results.add(answer.result());
                    bytes += answer.responseBytes();
                }
            }
        }
        List<List<Bytes32>> words = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            try {
                words.add(RecordOfCall.words(results.get(i)));
            } catch (IllegalArgumentException e) {
                throw new LyingEndpointException(endpoint + ": recordOf(" + subjects.get(i) + ") at block "
                        + block.number() + ": " + e.getMessage());
            }
        }
        return new Fetched(words, bytes);
    }

    /** The registry's storage root at {@code block}: proven once per block by an account-only proof. */
    private RootAt registryRootAt(BlockRef block) throws NoHonestEndpointException {
        RootAt known = registryRoot;
        if (known != null && known.block().equals(block)) {
            return new RootAt(block, known.storageRoot(), 0);
        }
        List<JsonValue> params = List.of(JsonValue.of(registry.toHexString()), new JsonValue.JsonArray(List.of()),
                JsonValue.of(Hex.quantity(block.number())));
        RootAt proven = pool.attempt((JsonRpcClient endpoint) -> {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_getProof", params);
            ProofVerdict verdict = ProofVerifier.verify(block.stateRoot(), answer.result(), registry, List.of());
            if (!verdict.valid()) {
                throw new LyingEndpointException(endpoint + ": eth_getProof (account) at block " + block.number() + ": "
                        + String.join("; ", verdict.problems()));
            }
            return new RootAt(block, verdict.account().map(a -> a.storageRoot()).orElse(MerklePatriciaTrie.EMPTY_ROOT),
                    answer.responseBytes());
        });
        registryRoot = proven;
        return proven;
    }

    private static CachedRecord record(Bytes32 packed, Bytes32 keyHash, Bytes32 attestation, BlockRef block,
            Bytes32 storageRoot) {
        try {
            // Copies: the proven values may be views into whole proof nodes, which the cache must not pin.
            return new CachedRecord(RegistryLayout.decode(compact(packed), compact(keyHash), compact(attestation)), block,
                    storageRoot, null);
        } catch (IllegalArgumentException e) {
            // Proven, so not a lie, but not a record this client understands: fail closed.
            return new CachedRecord(GrantRecord.NONE, block, storageRoot, "undecodable registry record: " + e.getMessage());
        }
    }

    private static Bytes32 compact(Bytes32 value) {
        return value.isZero() ? Bytes32.ZERO : Bytes32.wrap(value.toArray());
    }

    private CheckResult decide(CachedRecord cached, Role role, Bytes32 keyHash, int bytes, long started, boolean fromCache) {
        Decision decision = cached.record().decide(role, keyHash, cached.block().timestamp());
        return result(decision, cached.block(), bytes, started, fromCache, cached.problem());
    }

    private static CheckResult result(Decision decision, BlockRef block, int bytes, long started, boolean fromCache,
            String detail) {
        return new CheckResult(decision, block == null ? -1 : block.number(), block == null ? null : block.hash(), bytes,
                (System.nanoTime() - started) / 1_000, fromCache, detail);
    }
}
