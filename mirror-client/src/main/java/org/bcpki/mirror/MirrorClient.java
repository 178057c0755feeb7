package org.bcpki.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.mirror.follow.CheckpointFollower;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.HeaderSync;
import org.bcpki.mirror.follow.RecordProver;
import org.bcpki.mirror.follow.ReleaseProver;
import org.bcpki.mirror.follow.SubjectCache;
import org.bcpki.mirror.follow.SyncReport;
import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.CheckpointSignature;
import org.bcpki.mirror.trust.CheckpointVerdict;
import org.bcpki.mirror.trust.ProvenRecord;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.JsonRpcClient;
import org.bcpki.mirror.wire.NoHonestEndpointException;

/**
 * The gateway's light client, opened with {@link #open(MirrorConfig)}: follows verified headers
 * ({@code follow/} over {@code wire/}) and decides identities from proven registry storage
 * ({@code trust/}). The decision is {@link #check}: find the newest verified block (fail closed when
 * it is too old), take the subject's record proven at that block (from the cache when it was proven
 * at that very block or under the same registry storage root, else proven now), and let core's
 * {@link org.bcpki.core.registry.GrantRecord#decide} judge. Thread-safe: checks run concurrently;
 * sync and checkpoint submission are serialized.
 */
public final class MirrorClient implements AutoCloseable {
    /** Subjects per batched {@code eth_getProof} during {@link #refreshAll}. */
    static final int SUBJECTS_PER_BATCH = 32;

    private final TrustAnchor anchor;
    private final EndpointPool pool;
    private final HeaderStore store; // null: nothing persisted
    private final RecordProver prover; // null: a client that only follows headers
    private final MirrorSettings settings;
    private final VerifiedChain chain;
    private final HeaderSync sync;
    private final CheckpointFollower checkpoints;
    private final SubjectCache<ProvenRecord> cache;
    private volatile BlockRef sealedHead;

    MirrorClient(TrustAnchor anchor, EndpointPool pool, HeaderStore store, Address registry, MirrorSettings settings) {
        this.anchor = anchor;
        this.pool = pool;
        this.store = store;
        this.prover = registry == null ? null : new RecordProver(pool, registry.value());
        this.settings = settings;
        this.cache = new SubjectCache<>(settings.maxSubjects());
        this.chain = new VerifiedChain(anchor, settings.retainedHeaders());
        this.sync = new HeaderSync(chain, pool, settings.sync(), settings.clock());
        this.checkpoints = new CheckpointFollower(anchor, chain, pool);
    }

    /**
     * A client for {@code config}: its store directory is created when missing and, when it holds a
     * verified chain, resumed from.
     */
    public static MirrorClient open(MirrorConfig config) throws IOException {
        HeaderStore store = null;
        if (config.store() != null) {
            Files.createDirectories(config.store());
            store = new HeaderStore(config.store());
        }
        MirrorClient client = new MirrorClient(config.anchor(), EndpointPool.of(config.endpoints(),
                JsonRpcClient.DEFAULT_TIMEOUT, JsonRpcClient.DEFAULT_MAX_RESPONSE_BYTES), store, config.registry(),
                config.settings());
        try {
            client.resume();
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
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
            checkpoints.follow();
        }
        return report;
    }

    /** What the last {@link #syncCheckpoints} concluded (null before any). */
    public CheckpointVerdict lastCheckpointVerdict() {
        return checkpoints.lastVerdict();
    }

    /** Takes up the newest checkpoint the anchor's CheckpointRegistry published, as {@link CheckpointFollower} does. */
    public synchronized CheckpointVerdict syncCheckpoints() {
        return checkpoints.follow();
    }

    /**
     * Accepts a block attested by k-of-n ML-DSA-65 authority checkpoint signatures (for trust
     * {@code pqc-checkpoints} or {@code both}), by {@link org.bcpki.mirror.trust.CheckpointRule}.
     */
    public synchronized CheckpointVerdict submitCheckpoint(BlockHeader header, List<CheckpointSignature> signatures) {
        return checkpoints.submit(header, signatures);
    }

    /** Closes the endpoint connections. */
    @Override
    public void close() {
        pool.close();
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    public VerifiedChain chain() {
        return chain;
    }

    public EndpointPool pool() {
        return pool;
    }

    /** The block decisions rest on now, per the anchor's trust mode (null when there is none yet). */
    public BlockRef decisionBlock() {
        return switch (anchor.trust()) {
            case SEALS -> sealedHead;
            case PQC_CHECKPOINTS, BOTH -> checkpoints.attested();
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
        if (prover == null) {
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
        ProvenRecord cached = cache.get(subject);
        if (cached != null && cached.block().equals(block)) {
            return decide(cached, role, keyHash, 0, started, true);
        }
        try {
            if (cached != null) {
                // Unchanged registry storage root: every record proven under it still holds.
                RecordProver.RootAt root = prover.registryRootAt(block);
                if (root.storageRoot().equals(cached.storageRoot())) {
                    ProvenRecord carried = cached.at(block);
                    cache.put(subject, carried);
                    return decide(carried, role, keyHash, root.bytes(), started, true);
                }
            }
            RecordProver.Proven proven = prover.prove(List.of(subject), block);
            ProvenRecord fresh = proven.records().get(0);
            cache.put(subject, fresh);
            return decide(fresh, role, keyHash, proven.bytes(), started, false);
        } catch (NoHonestEndpointException e) {
            return result(Decision.STALE_VIEW, block, 0, started, false, e.getMessage());
        }
    }

    /**
     * Proves a release of the SoftwareRegistry at {@code softwareRegistry} and the state of its
     * device type ({@code typeKey}) at the decision block. Never throws for untrusted input: no fresh
     * verified block or no honest endpoint yields a stale check (fail closed), with the reason.
     */
    public ReleaseCheck checkRelease(Address softwareRegistry, Bytes32 releaseId, Bytes32 typeKey) {
        BlockRef block = decisionBlock();
        if (block == null) {
            return ReleaseCheck.stale(null, "no verified block yet");
        }
        long ageSeconds = settings.clock().instant().getEpochSecond() - block.timestamp();
        if (ageSeconds > settings.maxStaleness().toSeconds()) {
            return ReleaseCheck.stale(block, "newest verified block is " + ageSeconds + " s old, more than "
                    + settings.maxStaleness().toSeconds() + " s");
        }
        try {
            return new ReleaseCheck(new ReleaseProver(pool, softwareRegistry.value()).prove(releaseId, typeKey, block),
                    block, null);
        } catch (NoHonestEndpointException e) {
            return ReleaseCheck.stale(block, e.getMessage());
        }
    }

    /**
     * Proves every tracked subject at the current decision block, in batches; returns how many were
     * refreshed. Subjects last proven absent (no record) are left to {@link #check}: strangers' made-up
     * names must not cost a proof at every block.
     */
    public int refreshAll() throws NoHonestEndpointException {
        BlockRef block = decisionBlock();
        if (block == null || prover == null) {
            return 0;
        }
        List<SubjectId> stale = new ArrayList<>();
        Bytes32 root = null;
        for (SubjectId subject : cache.subjects(cached -> cached.record().status() != GrantStatus.NONE)) {
            ProvenRecord cached = cache.get(subject);
            if (cached != null && cached.block().equals(block)) {
                continue;
            }
            if (cached != null) {
                root = root != null ? root : prover.registryRootAt(block).storageRoot();
                if (root.equals(cached.storageRoot())) {
                    cache.put(subject, cached.at(block));
                    continue;
                }
            }
            stale.add(subject);
        }
        for (int i = 0; i < stale.size(); i += SUBJECTS_PER_BATCH) {
            List<SubjectId> batch = stale.subList(i, Math.min(stale.size(), i + SUBJECTS_PER_BATCH));
            List<ProvenRecord> records = prover.prove(batch, block).records();
            for (int j = 0; j < batch.size(); j++) {
                cache.put(batch.get(j), records.get(j));
            }
        }
        return stale.size();
    }

    private CheckResult decide(ProvenRecord cached, Role role, Bytes32 keyHash, int bytes, long started, boolean fromCache) {
        return result(cached.decide(role, keyHash), cached.block(), bytes, started, fromCache, cached.problem());
    }

    private static CheckResult result(Decision decision, BlockRef block, int bytes, long started, boolean fromCache,
            String detail) {
        return new CheckResult(decision, block == null ? -1 : block.number(), block == null ? null : block.hash(), bytes,
                (System.nanoTime() - started) / 1_000, fromCache, detail);
    }
}
