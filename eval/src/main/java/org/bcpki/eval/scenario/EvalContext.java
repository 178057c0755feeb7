package org.bcpki.eval.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Progress;

/** What a scenario needs: output directory, quick mode, endpoints, progress and the charts it drew. */
public final class EvalContext {
    private final Path outDir;
    private final boolean quick;
    private final List<String> rpcUrls;
    private final Progress progress;
    private final List<String> charts = new ArrayList<>();

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

    public synchronized void addChart(String file) {
        charts.add(file);
    }

    public synchronized List<String> charts() {
        return List.copyOf(charts);
    }
}
