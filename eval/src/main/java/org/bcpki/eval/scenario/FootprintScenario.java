package org.bcpki.eval.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bcpki.eval.Charts;
import org.bcpki.eval.EvalResults;
import org.bcpki.eval.Metric;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.follow.HeaderStore;
import org.bcpki.mirror.follow.TrustAnchorFile;

/**
 * What the gateway side costs to carry: the light client's live heap (after GC, with its verified
 * header window and every identity checked once), the size of each module's jar and of the libraries
 * the light client needs, and a jlink runtime with only the JDK modules the light client uses.
 */
public final class FootprintScenario implements Scenario {
    static final String SECTION = "Footprint";
    private static final List<String> LIGHT_CLIENT_MODULES = List.of("java.base", "java.net.http", "java.logging");

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public int steps(EvalContext context) {
        return 3;
    }

    @Override
    public void run(EvalContext context, EvalResults results) throws Exception {
        context.progress().step("footprint: light client heap");
        Lab lab = context.lab();
        Path copy = Files.createTempDirectory("bcpki-eval-heap");
        try {
            Files.copy(lab.bed().dir().resolve("gateway-mirror").resolve(HeaderStore.FILE_NAME), copy.resolve(HeaderStore.FILE_NAME));
            MirrorClient gateway = lab.gateway().client();
            TrustAnchorFile.write(gateway.chain().anchor(), copy.resolve("anchor.json"));
            List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), LightClientHeapProbe.class.getName(),
                    copy.resolve("anchor.json").toString(), copy.toString(), String.join(",", lab.bed().mirrorUrls()),
                    lab.bed().registry().toHex()));
            lab.granted().forEach(identity -> command.add(identity.subject().toHex()));
            Process probe = new ProcessBuilder(command).redirectError(copy.resolve("probe.err").toFile()).start();
            String answer = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0 || answer.isEmpty()) {
                probe.destroyForcibly();
                throw new IllegalStateException("the heap probe failed: " + Files.readString(copy.resolve("probe.err")));
            }
            String[] fields = answer.split(" ");
            results.add(Metric.value(SECTION, "light client live heap", "chain", "bytes", Long.parseLong(fields[0]),
                    "own JVM: heap used after GC with the client synced (" + fields[1] + " headers in its window) and "
                            + fields[2] + " identities proven, minus before"));
        } finally {
            WorkDirs.deleteTree(copy);
        }
        context.progress().advance();

        context.progress().step("footprint: jar sizes");
        Map<String, Class<?>> artifacts = new LinkedHashMap<>();
        artifacts.put("mirror-client", MirrorClient.class);
        artifacts.put("core", org.bcpki.core.identity.SubjectId.class);
        artifacts.put("bcprov (Bouncy Castle)", org.bouncycastle.jce.provider.BouncyCastleProvider.class);
        artifacts.put("tuweni-bytes", org.apache.tuweni.bytes.Bytes.class);
        artifacts.put("tuweni-rlp", org.apache.tuweni.rlp.RLP.class);
        artifacts.put("gateway-adapter", org.bcpki.gateway.Gateway.class);
        artifacts.put("classic-pki-baseline", org.bcpki.pki.PathValidator.class);
        artifacts.put("bcpkix (Bouncy Castle PKIX)", org.bouncycastle.cert.X509CertificateHolder.class);
        artifacts.put("chain-node", org.bcpki.chain.node.ChainNode.class);
        Map<String, Double> sizes = new LinkedHashMap<>();
        long lightClientTotal = 0;
        for (Map.Entry<String, Class<?>> e : artifacts.entrySet()) {
            Path location = Path.of(e.getValue().getProtectionDomain().getCodeSource().getLocation().toURI());
            long bytes = DiskUsage.of(location);
            boolean jar = Files.isRegularFile(location);
            results.add(Metric.value(SECTION, "size of " + e.getKey(), system(e.getKey()), "bytes", bytes,
                    jar ? location.getFileName().toString() : "classes directory (not packaged in this run): " + location));
            sizes.put(e.getKey(), (double) bytes);
            if (List.of("mirror-client", "core", "bcprov (Bouncy Castle)", "tuweni-bytes", "tuweni-rlp").contains(e.getKey())) {
                lightClientTotal += bytes;
            }
        }
        // core's seal recovery: libsecp256k1 through secp256k1-kmp (four jars, Kotlin's stdlib for its loader)
        long nativeSecp = 0;
        for (String resource : List.of("fr/acinq/secp256k1/Secp256k1.class", "fr/acinq/secp256k1/Secp256k1CFunctions.class",
                "fr/acinq/secp256k1/jni/NativeSecp256k1JvmLoader.class",
                "fr/acinq/secp256k1/jni/native/linux-x86_64/libsecp256k1-jni.so", "kotlin/Unit.class")) {
            nativeSecp += DiskUsage.of(jarHolding(resource));
        }
        results.add(Metric.value(SECTION, "size of libsecp256k1 binding", "chain", "bytes", nativeSecp,
                "secp256k1-kmp jvm, jni-common, jni-jvm-extract, jni-jvm-linux + kotlin-stdlib"));
        sizes.put("libsecp256k1 binding", (double) nativeSecp);
        lightClientTotal += nativeSecp;
        results.add(Metric.value(SECTION, "light client with its libraries", "chain", "bytes", lightClientTotal,
                "mirror-client + core + bcprov + tuweni-bytes + tuweni-rlp + libsecp256k1 binding"));
        context.addChart(Charts.bars(context.outDir(), "footprint-bytes", "Code size (jar or classes)", "bytes", sizes, true));
        context.progress().advance();

        context.progress().step("footprint: jlink runtime");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (Files.isExecutable(jlink)) {
            Path work = Files.createTempDirectory("bcpki-eval-jlink");
            try {
                Path image = work.resolve("runtime");
                Process p = new ProcessBuilder(jlink.toString(), "--add-modules", String.join(",", LIGHT_CLIENT_MODULES),
                        "--strip-debug", "--no-header-files", "--no-man-pages", "--compress", "zip-6", "--output", image.toString())
                        .redirectErrorStream(true).redirectOutput(work.resolve("jlink.log").toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("jlink did not finish within 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("jlink failed: " + Files.readString(work.resolve("jlink.log")));
                }
                results.add(Metric.value(SECTION, "jlink runtime for the light client", "chain", "bytes", DiskUsage.of(image),
                        "modules " + LIGHT_CLIENT_MODULES + ", --strip-debug --compress zip-6, JDK " + Runtime.version()));
            } finally {
                WorkDirs.deleteTree(work);
            }
        }
        context.progress().advance();
    }

    /** The jar on the class path that holds {@code resource}. */
    private static Path jarHolding(String resource) throws Exception {
        java.net.URL url = FootprintScenario.class.getClassLoader().getResource(resource);
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("not in a jar on the class path: " + resource);
        }
        String spec = url.getPath(); // file:/...jar!/resource
        return Path.of(java.net.URI.create(spec.substring(0, spec.indexOf("!/"))));
    }

    private static String system(String artifact) {
        return switch (artifact) {
            case "classic-pki-baseline", "bcpkix (Bouncy Castle PKIX)" -> "x509";
            case "core", "bcprov (Bouncy Castle)", "gateway-adapter" -> "shared";
            default -> "chain";
        };
    }
}
