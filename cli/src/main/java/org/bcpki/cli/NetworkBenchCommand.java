package org.bcpki.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.chain.bench.BenchResult;
import org.bcpki.chain.bench.NetworkBench;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the embedded network (4 validators + 1 mirror are created in --dir if it is empty):",
                "sustained TPS of storage writes, submit-to-finality p50/p95, eth_getProof p50/p99, disk per block and per tx.",
                "Senders wait rather than run further ahead of the chain than tx-pool-max-future-by-sender allows:",
                "the output gives the offered and the achieved submission rate."})
final class NetworkBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--dir", required = true, description = "network directory (created when it holds no network)")
    Path dir;
    @Option(names = "--duration", defaultValue = "20", description = "seconds of load (default ${DEFAULT-VALUE})")
    double duration;
    @Option(names = "--rate", defaultValue = "200", description = "transactions per second offered (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--block-period", defaultValue = "1", description = "block period in seconds for a new network (default ${DEFAULT-VALUE})")
    long blockPeriod;
    @Option(names = "--proof-samples", defaultValue = "500", description = "eth_getProof calls to time (default ${DEFAULT-VALUE})")
    int proofSamples;
    @Option(names = "--metrics", paramLabel = "on|off",
            description = "serve each node's Prometheus /metrics during the run (default: as the nodes' config.toml say)")
    String metrics;
    @CommandLine.Mixin
    LoggingOption logging = new LoggingOption();
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (duration <= 0 || rate < 1 || proofSamples < 1) {
            throw new UsageError("--duration, --rate and --proof-samples must be positive");
        }
        if (metrics != null && !metrics.equals("on") && !metrics.equals("off")) {
            throw new UsageError("--metrics must be on or off, not " + metrics);
        }
        if (!NetworkFiles.exists(dir)) {
            NetworkFiles.write(NetworkBench.defaultNetwork(blockPeriod, FreePorts::next), dir);
        }
        if (metrics != null) {
            NetworkBench.setMetrics(dir, metrics.equals("on"));
        }
        logging.apply();
        BenchResult r = NetworkBench.run(dir, new NetworkBench.Options(duration, rate, proofSamples));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, r);
        } else {
            out.printf("%d validators + %d mirrors, block period %d ms, %.1f s of load%n", r.validators(), r.mirrors(),
                    r.blockPeriodMillis(), r.durationSeconds());
            out.printf("offered %d tx/s, submitted at %.1f tx/s (senders held back %.1f s: at most %d unsealed per sender)%n",
                    r.offeredRate(), r.submittedRate(), r.heldBackSeconds(), r.senderWindow());
            out.printf("sustained TPS %.1f (%d of %d finalised)%n", r.sustainedTps(), r.finalised(), r.submitted());
            out.printf("submit-to-finality p50 %.0f ms, p95 %.0f ms%n", r.finalityP50Millis(), r.finalityP95Millis());
            out.printf("eth_getProof p50 %.2f ms, p99 %.2f ms (%d calls)%n", r.getProofP50Millis(), r.getProofP99Millis(), r.proofSamples());
            out.printf("disk %d bytes: %.0f per block, %.0f per transaction (%d blocks)%n", r.diskBytes(),
                    r.diskBytesPerBlock(), r.diskBytesPerTransaction(), r.blocks());
        }
        return r.finalised() == r.submitted() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
}
