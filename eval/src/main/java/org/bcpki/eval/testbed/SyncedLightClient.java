package org.bcpki.eval.testbed;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.mirror.MirrorClient;

/**
 * The gateway's light client for the measurements: a background thread keeps its verified header
 * window current (every {@code syncMillis}) while the scenarios call {@link MirrorClient#check}
 * directly, which gives them the proof bytes and cache flags of each decision. (The demo's gateway
 * uses gateway-adapter's own ChainVerifier, which wraps the same client the same way.)
 */
public final class SyncedLightClient implements AutoCloseable {
    private final MirrorClient client;
    private final ScheduledExecutorService syncer;
    private volatile String lastSyncProblem = "";

    public SyncedLightClient(MirrorClient client, long syncMillis) {
        this.client = client;
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "light-client-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::syncQuietly, 0, syncMillis, TimeUnit.MILLISECONDS);
    }

    private void syncQuietly() {
        try {
            client.sync();
            lastSyncProblem = "";
        } catch (Exception e) {
            lastSyncProblem = String.valueOf(e.getMessage());
        }
    }

    public MirrorClient client() {
        return client;
    }

    public String lastSyncProblem() {
        return lastSyncProblem;
    }

    @Override
    public void close() {
        syncer.shutdownNow();
        try {
            syncer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
