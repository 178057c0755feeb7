package org.bcpki.authority;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.authority.AuthorityStore.GrantRow;
import org.bcpki.authority.AuthorityStore.GrantState;
import org.bcpki.authority.AuthorityStore.RevocationRow;
import org.bcpki.authority.AuthorityStore.RevocationState;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.OnChainRequest;
import org.bcpki.contracts.RegistryOperations;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.core.identity.SubjectId;
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
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "authority-chain-worker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String lastChainError;
    private volatile boolean started;

    ChainWorker(AuthorityStore store, RegistryOperations chain, Clock clock, CheckpointSigner checkpoints) {
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

    /** One pass over all pending work; returns how many items still wait for the chain. */
    synchronized int runOnce() throws SQLException {
        String error = null;
        for (GrantRow row : store.grantsNeedingChainWork()) {
            try {
                advance(row);
            } catch (IOException e) {
                error = e.getMessage();
                LOG.info("grant request {}: node unreachable, will retry: {}", row.id(), e.getMessage());
                break;
            }
        }
        if (error == null) {
            for (RevocationRow row : store.revocationsNeedingChainWork()) {
                try {
                    revoke(row);
                } catch (IOException e) {
                    error = e.getMessage();
                    break;
                }
            }
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

    private void advance(GrantRow row) throws IOException, SQLException {
        GrantState state = row.state();
        String id = row.id();
        byte[] requestId = hex(id);
        if (state == GrantState.ACCEPTED) {
            try {
                TxOutcome filed = chain.requestGrant(submission(row));
                store.updateGrant(id, GrantState.FILED, null, filed.transactionHash(), null, now());
            } catch (RegistryRejectedException e) {
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
                    closeExpired(id, requestId);
                }
            }
        }
    }

    /**
     * Best effort: closes the expired request on chain so that a new subject's staged record is
     * released for a new request. Anyone may do it later if the chain's time is not there yet.
     */
    private void closeExpired(String id, byte[] requestId) throws IOException {
        try {
            chain.closeExpired(requestId);
        } catch (RegistryRejectedException e) {
            LOG.info("grant request {}: not closed on chain: {}", id, e.getMessage());
        }
    }

    private void revoke(RevocationRow row) throws IOException, SQLException {
        SubjectId subject = SubjectId.ofHex(row.subjectId());
        try {
            TxOutcome outcome = chain.revoke(subject.bytes(), row.reason());
            RevocationState state = chain.grant(subject).status() == GrantStatus.REVOKED
                    ? RevocationState.REVOKED : RevocationState.VOTED;
            store.updateRevocation(row.id(), state, null, outcome.transactionHash(), now());
        } catch (RegistryRejectedException e) {
            if (e.errorName().equals("AlreadyVoted")) {
                store.updateRevocation(row.id(), RevocationState.VOTED, null, null, now());
            } else {
                store.updateRevocation(row.id(), RevocationState.FAILED, "the registry refused: " + e.getMessage(), null, now());
            }
        }
    }

    private void fail(String id, String step, RegistryRejectedException e) throws SQLException {
        LOG.warn("grant request {}: the registry refused {}: {}", id, step, e.getMessage());
        store.updateGrant(id, GrantState.FAILED, "the registry refused " + step + ": " + e.getMessage(), null, null, now());
    }

    private static GrantSubmission submission(GrantRow row) {
        return new GrantSubmission(SubjectId.ofHex(row.subjectId()).bytes(), row.role(), row.algorithm(),
                hex(row.keyHash()), hex(row.attestationHash()), row.notBefore(), row.notAfter(), row.publicKey());
    }

    private static byte[] hex(String value) {
        return HexFormat.of().parseHex(value.startsWith("0x") ? value.substring(2) : value);
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
