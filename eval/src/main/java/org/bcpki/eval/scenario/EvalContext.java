package org.bcpki.eval.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Progress;
import org.bcpki.eval.testbed.WorkDirs;

/** What a scenario needs: output directory, quick mode, endpoints, progress and the charts it drew. */
public final class EvalContext implements AutoCloseable {
    private final Path outDir;
    private final boolean quick;
    private final List<String> rpcUrls;
    private final Progress progress;
    private final List<String> charts = new ArrayList<>();
    private Lab lab;
    private Path labDir;

    public EvalContext(Path outDir, boolean quick, List<String> rpcUrls, Progress progress) {
        this.outDir = outDir;
        this.quick = quick;
        this.rpcUrls = List.copyOf(rpcUrls);
        this.progress = progress;
    }

    public Path outDir() {
        return outDir;
    }

    public boolean quick() {
        return quick;
    }

    /** Besu-compatible endpoints to measure against; empty means the embedded network. */
    public List<String> rpcUrls() {
        return rpcUrls;
    }

    public Progress progress() {
        return progress;
    }

    /**
     * The shared testbed (embedded network, authorities, gateway light client, X.509 baseline),
     * started on first use and stopped by {@link #close()}.
     */
    public synchronized Lab lab() throws Exception {
        if (lab == null) {
            labDir = java.nio.file.Files.createTempDirectory("bcpki-eval-lab");
            lab = Lab.start(labDir);
        }
        return lab;
    }

    /** A note for chain metrics when endpoints were given but the scenario needs the embedded network. */
    public String embeddedNote() {
        return rpcUrls.isEmpty() ? null
                : "ran on the embedded network: needs a registry and authority services, not only JSON-RPC";
    }

    @Override
    public synchronized void close() {
        if (lab != null) {
            lab.close();
            lab = null;
            try {
                WorkDirs.deleteTree(labDir);
            } catch (java.io.IOException e) {
                // a temp directory: best effort
            }
        }
    }

    public synchronized void addChart(String file) {
        charts.add(file);
    }

    public synchronized List<String> charts() {
        return List.copyOf(charts);
    }
}
