package org.bcpki.authority;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.authority.AuthorityStore.GrantRow;
import org.bcpki.authority.AuthorityStore.GrantState;
import org.bcpki.authority.AuthorityStore.RevocationRow;
import org.bcpki.authority.AuthorityStore.RevocationState;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.OnChainRequest;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored requests through their on-chain steps: file the request (once: the registry's
 * content-derived id turns a repeat into RequestExists), approve it (once: AlreadyVoted), then
 * watch until the registry activates or closes it; and send revocations. Every step starts from
 * what SQLite says, so a restarted service simply carries on. A node that cannot be reached
 * leaves the work for the next pass.
 */
final class ChainWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainWorker.class);

    private final AuthorityStore store;
    private final RegistryOperations chain;
    private final Clock clock;
    private final CheckpointSigner checkpoints; // null: this authority signs no checkpoints
    private final RequestLog requestLog;
    /** How often a pending request is offered to closeExpired before its notAfter. */
    static final long CLOSE_PROBE_SECONDS = 3_600;
    private final java.util.Map<String, Long> nextCloseProbe = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "authority-chain-worker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String lastChainError;
    private volatile boolean started;

    ChainWorker(AuthorityStore store, RegistryOperations chain, Clock clock, CheckpointSigner checkpoints,
                RequestLog requestLog) {
        this.requestLog = requestLog;
        this.store = store;
        this.chain = chain;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    void start(long intervalMillis) {
        started = true;
        executor.scheduleWithFixedDelay(this::runSafely, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs a pass soon (after a new request), without waiting for the next interval. */
    void wakeUp() {
        if (started && !executor.isShutdown()) {
            executor.execute(this::runSafely);
        }
    }

    /** The last node error, or null when the last pass reached the node. */
    String lastChainError() {
        return lastChainError;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (Exception e) {
            LOG.warn("chain work pass failed: {}", e.toString());
        }
    }

    /**
     * One pass over all pending work; returns how many items still wait for the chain. Revocations
     * go first. A temporary failure leaves the item queued with its attempts, last error and next
     * attempt time (exponential backoff) and ends the pass: the node is likely refusing everyone.
     */
    synchronized int runOnce() throws SQLException {
        String error = null;
        long now = now();
        for (RevocationRow row : store.revocationsNeedingChainWork()) {
            if (row.retry().nextAttemptAt() > now) {
                continue;
            }
            try {
                revoke(row);
            } catch (IOException | RuntimeException e) {
                if (!ChainErrors.isTransient(e)) {
                    LOG.warn("revocation {} of {}: the node refused it for good: {}", row.id(), row.subjectId(), e.getMessage());
                    store.updateRevocation(row.id(), RevocationState.FAILED, "the node refused: " + ChainErrors.describe(e),
                            null, now);
                    continue;
                }
                error = ChainErrors.describe(e);
                long next = now + ChainErrors.backoffSeconds(row.retry().attempts());
                store.retryRevocation(row.id(), error, next, now);
                LOG.warn("revocation {} of {} NOT SEALED (attempt {}), retrying at {}: {}", row.id(), row.subjectId(),
                        row.retry().attempts() + 1, java.time.Instant.ofEpochSecond(next), error);
                break;
            }
        }
        if (error == null) {
            error = advanceGrants(now);
        }
        if (error == null) {
            error = closeExpiredRequests(now);
        }
        if (error == null && checkpoints != null) {
            try {
                checkpoints.runOnce(now()).ifPresent(n -> LOG.info("checkpoint {} signed and submitted", n));
            } catch (IOException e) {
                error = e.getMessage();
            } catch (RegistryRejectedException e) {
                error = "checkpoint refused: " + e.getMessage();
                LOG.warn("checkpoint refused by the registry: {}", e.getMessage());
            }
        }
        lastChainError = error;
        return store.countPendingChainWork();
    }

    private String advanceGrants(long now) throws SQLException {
        for (GrantRow row : store.grantsNeedingChainWork()) {
            if (row.retry().nextAttemptAt() > now) {
                continue;
            }
            try {
                advance(row);
            } catch (IOException | RuntimeException e) {
                if (!ChainErrors.isTransient(e)) {
                    LOG.warn("grant request {}: the node refused it for good: {}", row.id(), e.getMessage());
                    store.updateGrant(row.id(), GrantState.FAILED, "the node refused: " + ChainErrors.describe(e), null,
                            null, now);
                    continue;
                }
                String error = ChainErrors.describe(e);
                long next = now + ChainErrors.backoffSeconds(row.retry().attempts());
                store.retryGrant(row.id(), error, next, now);
                LOG.info("grant request {}: temporary chain error (attempt {}), retrying at {}: {}", row.id(),
                        row.retry().attempts() + 1, java.time.Instant.ofEpochSecond(next), error);
                return error;
            }
        }
        return null;
    }

    private void advance(GrantRow row) throws IOException, SQLException {
        GrantState state = row.state();
        String id = row.id();
        byte[] requestId = hex(id);
        // Neither filed (which would block the subject) nor approved if it became a re-key.
        if ((state == GrantState.ACCEPTED || state == GrantState.FILED) && keyChangedSinceChecked(row)) {
            return;
        }
        if (state == GrantState.ACCEPTED) {
            try {
                TxOutcome filed = chain.requestGrant(submission(row));
                store.updateGrant(id, GrantState.FILED, null, filed.transactionHash(), null, now());
            } catch (RegistryRejectedException e) {
                if (ChainErrors.isTransient(e)) {
                    throw new IOException("filing the request: " + e.getMessage(), e);
                }
                if (e.errorName().equals("SubjectHasPendingRequest")) {
                    // Another request squats on this new subject: close it once the chain allows, then retry.
                    if (!releaseSubject(row)) {
                        throw new IOException("SubjectHasPendingRequest: another pending request holds "
                                + row.subjectId() + "; it is closed (and this request filed) once the chain allows it", e);
                    }
                    advance(row);
                    return;
                }
                if (!e.errorName().equals("RequestExists")) {
                    fail(id, "filing the request", e);
                    return;
                }
                store.updateGrant(id, GrantState.FILED, null, null, null, now());
            }
            state = GrantState.FILED;
        }
        if (state == GrantState.FILED) {
            try {
                TxOutcome approved = chain.approve(requestId);
                store.updateGrant(id, GrantState.APPROVED, null, null, approved.transactionHash(), now());
            } catch (RegistryRejectedException e) {
                if (ChainErrors.isTransient(e)) {
                    throw new IOException("approving: " + e.getMessage(), e);
                }
                switch (e.errorName()) {
                    case "AlreadyVoted" -> store.updateGrant(id, GrantState.APPROVED, null, null, null, now());
                    case "AlreadyDecided" -> { /* settled without us: the state check below says how */ }
                    default -> {
                        fail(id, "approving", e);
                        return;
                    }
                }
            }
        }
        OnChainRequest onChain = chain.request(requestId);
        switch (onChain.state()) {
            case ACTIVATED -> store.updateGrant(id, GrantState.ACTIVE, null, null, null, now());
            case REJECTED -> store.updateGrant(id, GrantState.CLOSED, "rejected by the other authorities", null, null, now());
            default -> {
                // Still pending: wait for the other authorities, but not past the request's deadline
                // on chain (min of notAfter and pendingUntil = filing + requestTtl).
                if (now() >= onChain.deadline()) {
                    store.updateGrant(id, GrantState.FAILED, "expired before enough authorities approved", null, null, now());
                    store.setClosePending(id, true);
                    closeExpired(id, requestId);
                } else {
                    probeClose(row, requestId);
                }
            }
        }
    }

    /**
     * Finding 1 before filing and approving: the subject's key may have changed since intake
     * (another request activated meanwhile, or the node was down at intake). Going on would
     * re-key a subject whose current holder never agreed, so the request waits for this
     * authority's operator instead.
     */
    private boolean keyChangedSinceChecked(GrantRow row) throws IOException, SQLException {
        GrantRecord current = chain.grant(SubjectId.ofHex(row.subjectId()));
        if (current.status() != GrantStatus.ACTIVE && current.status() != GrantStatus.SUSPENDED) {
            return false;
        }
        String currentKey = current.keyHash().toHexString();
        if (currentKey.equalsIgnoreCase(row.keyHash()) || currentKey.equalsIgnoreCase(row.checkedKeyHash())) {
            return false;
        }
        store.updateGrant(row.id(), GrantState.HELD, "held: the subject has an " + current.status() + " grant with key "
                + currentKey + " that this request was not checked against; a re-key needs the holder's rotation proof or an operator's decision",
                null, null, now());
        LOG.warn("grant request {}: held for an operator, the subject's key changed since intake", row.id());
        return true;
    }

    /**
     * A registry with a pending-request time limit lets closeExpired succeed before notAfter; an
     * hourly pre-flighted attempt (a refusal costs one eth_call) closes such a request as soon as
     * the chain allows, without this service knowing the limit.
     */
    private void probeClose(GrantRow row, byte[] requestId) throws IOException, SQLException {
        long now = now();
        if (now < nextCloseProbe.getOrDefault(row.id(), row.createdAt() + CLOSE_PROBE_SECONDS)) {
            return;
        }
        nextCloseProbe.put(row.id(), now + CLOSE_PROBE_SECONDS);
        try {
            chain.closeExpired(requestId);
            nextCloseProbe.remove(row.id());
            store.updateGrant(row.id(), GrantState.CLOSED, "its pending time ran out; closed on chain", null, null, now);
        } catch (RegistryRejectedException e) {
            if (ChainErrors.isTransient(e)) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /**
     * Tries to close every other pending request for the row's subject (found in the registry's
     * logs); true when one was closed, so filing can be tried again.
     */
    private boolean releaseSubject(GrantRow row) throws IOException {
        boolean closed = false;
        for (byte[] other : requestLog.requestsFor(SubjectId.ofHex(row.subjectId()))) {
            if (java.util.Arrays.equals(other, hex(row.id()))
                    || chain.request(other).state() != OnChainRequest.State.PENDING) {
                continue;
            }
            try {
                chain.closeExpired(other);
                LOG.info("grant request {}: closed the expired request {} that held the subject", row.id(),
                        Hex.data(other));
                closed = true;
            } catch (RegistryRejectedException e) {
                if (ChainErrors.isTransient(e)) {
                    throw new IOException(e.getMessage(), e);
                }
                LOG.info("grant request {}: the request holding the subject is not closable yet: {}", row.id(), e.getMessage());
            }
        }
        return closed;
    }

    /**
     * Closes expired requests on chain so that a squatted new subject is released for a new
     * request; retried every pass until the chain's own time allows it (or someone else closed it).
     */
    private String closeExpiredRequests(long now) throws SQLException {
        for (GrantRow row : store.grantsToClose()) {
            if (row.retry().nextAttemptAt() > now) {
                continue;
            }
            try {
                closeExpired(row.id(), hex(row.id()));
            } catch (IOException | RuntimeException e) {
                String error = ChainErrors.describe(e);
                store.retryGrant(row.id(), error, now + ChainErrors.backoffSeconds(row.retry().attempts()), now);
                return error;
            }
        }
        return null;
    }

    /**
     * Closes the expired request on chain (anyone may); done once the request is no longer
     * pending. A refusal while the chain's time is behind the service's is retried next pass.
     */
    private void closeExpired(String id, byte[] requestId) throws IOException, SQLException {
        try {
            chain.closeExpired(requestId);
            store.setClosePending(id, false);
        } catch (RegistryRejectedException e) {
            if (chain.request(requestId).state() != OnChainRequest.State.PENDING) {
                store.setClosePending(id, false);
            } else {
                LOG.info("grant request {}: not closed on chain yet, will retry: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Sends this authority's revocation vote. Sealed (a receipt in a block) means VOTED or
     * REVOKED; a revert is final (FAILED with the registry's reason, unless the subject is already
     * revoked); anything temporary propagates to the caller, which keeps it RETRYING.
     */
    private void revoke(RevocationRow row) throws IOException, SQLException {
        SubjectId subject = SubjectId.ofHex(row.subjectId());
        try {
            TxOutcome outcome = chain.revoke(subject, row.reason());
            RevocationState state = chain.grant(subject).status() == GrantStatus.REVOKED
                    ? RevocationState.REVOKED : RevocationState.VOTED;
            store.updateRevocation(row.id(), state, null, outcome.transactionHash(), now());
            if (row.retry().attempts() > 0) {
                LOG.warn("revocation {} of {} sealed after {} temporary failures", row.id(), row.subjectId(),
                        row.retry().attempts());
            }
        } catch (RegistryRejectedException e) {
            if (ChainErrors.isTransient(e)) {
                throw new IOException(e.getMessage(), e);
            }
            if (e.errorName().equals("AlreadyVoted")) {
                store.updateRevocation(row.id(), RevocationState.VOTED, null, null, now());
            } else if (row.retry().attempts() > 0 && chain.grant(subject).status() == GrantStatus.REVOKED) {
                // An earlier attempt did land (its receipt was lost) and completed the revocation.
                store.updateRevocation(row.id(), RevocationState.REVOKED, null, null, now());
            } else {
                LOG.warn("revocation {} of {}: the registry refused: {}", row.id(), row.subjectId(), e.getMessage());
                store.updateRevocation(row.id(), RevocationState.FAILED, "the registry refused: " + e.getMessage(), null, now());
            }
        }
    }

    private void fail(String id, String step, RegistryRejectedException e) throws SQLException {
        LOG.warn("grant request {}: the registry refused {}: {}", id, step, e.getMessage());
        store.updateGrant(id, GrantState.FAILED, "the registry refused " + step + ": " + e.getMessage(), null, null, now());
    }

    private static GrantSubmission submission(GrantRow row) {
        return new GrantSubmission(SubjectId.ofHex(row.subjectId()), Role.fromCode(row.role()),
                KeyAlgorithm.fromCode(row.algorithm()),
                hex(row.keyHash()), hex(row.attestationHash()), row.notBefore(), row.notAfter(), row.publicKey());
    }

    /** A 32-byte value as this service stores it (0x and 64 digits). */
    private static byte[] hex(String value) {
        return Hex.bytes(value, 32, "stored hash");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
