package org.bcpki.chain.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.node.ChainNode;
import org.bcpki.chain.node.EmbeddedNetwork;
import org.bcpki.chain.store.RetainedBytes;
import org.bcpki.core.chain.QbftExtraDataCodec;

/**
 * What an idle network stores: {@code validators} validators and one mirror, block period 1 s,
 * genesis {@code emptyblockperiodseconds} as given, left alone for {@code seconds}. Reports the
 * blocks validator-1 stored in that window (and how many needed a round change), blocks per hour
 * (linear extrapolation: blocks / window x 3600) and the bytes validator-1 retained per block
 * ({@link RetainedBytes#used()}, the byte-exact measure) and per hour.
 *
 * <pre>java -cp ... org.bcpki.chain.bench.IdleBench [--validators 4] [--empty-period 10] [--seconds 150]
 *     [--request-timeout-s 2] [--dir D]</pre>
 */
public final class IdleBench {
    private IdleBench() {}

    public static Map<String, Object> run(Path dir, int validators, long emptyPeriod, long seconds, long requestTimeoutSeconds)
            throws Exception {
        NetworkSpec spec = NetworkSpec.generate(validators, 1, 1, 1337, 1, new SecureRandom(), FreePorts::next)
                .withEmptyBlockPeriodSeconds(emptyPeriod).withRequestTimeoutMillis(requestTimeoutSeconds * 1000);
        NetworkFiles.write(spec, dir);
        Map<String, Object> out = new LinkedHashMap<>();
        try (EmbeddedNetwork network = EmbeddedNetwork.start(dir)) {
            ChainNode observer = network.nodes().get(0);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (observer.chain().head().number() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long h0 = observer.chain().head().number();
            RetainedBytes r0 = RetainedBytes.of(dir.resolve("validator-1").resolve("data"));
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000); // the measurement window itself, not a synchronisation
            long h1 = observer.chain().head().number();
            double window = (System.nanoTime() - t0) / 1e9;
            RetainedBytes grown = RetainedBytes.of(dir.resolve("validator-1").resolve("data")).minus(r0);
            long blocks = h1 - h0;
            long roundChanged = 0;
            for (long n = h0 + 1; n <= h1; n++) {
                if (QbftExtraDataCodec.decode(observer.chain().header(n).orElseThrow().extraData()).round() > 0) {
                    roundChanged++;
                }
            }
            long firstTs = observer.chain().header(h0).orElseThrow().timestamp();
            long lastTs = observer.chain().header(h1).orElseThrow().timestamp();
            double perHour = blocks / window * 3600;
            out.put("validators", validators);
            out.put("emptyBlockPeriodSeconds", emptyPeriod);
            out.put("requestTimeoutSeconds", requestTimeoutSeconds);
            out.put("windowSeconds", Math.round(window * 10) / 10.0);
            out.put("blocks", blocks);
            out.put("blocksAfterRoundChange", roundChanged);
            out.put("meanTimestampGapSeconds", blocks == 0 ? 0 : (double) (lastTs - firstTs) / blocks);
            out.put("blocksPerHour", Math.round(perHour));
            out.put("usedBytesPerBlock", blocks == 0 ? 0 : grown.used() / (double) blocks);
            out.put("usedBytesPerHour", Math.round(blocks == 0 ? 0 : grown.used() / (double) blocks * perHour));
            out.put("breakdownPerBlock", blocks == 0 ? Map.of() : grown.per(blocks));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int validators = 4;
        long empty = 10;
        long seconds = 150;
        long timeout = 2;
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--validators" -> validators = Integer.parseInt(value);
                case "--empty-period" -> empty = Long.parseLong(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--request-timeout-s" -> timeout = Long.parseLong(value);
                case "--dir" -> dir = Path.of(value);
                default -> {
                    System.err.println("usage: IdleBench [--validators V] [--empty-period E] [--seconds S] [--request-timeout-s T] [--dir D]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("bcpki-idle-bench");
        }
        Map<String, Object> r = run(dir, validators, empty, seconds, timeout);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
        System.exit(0);
    }
}
