package org.bcpki.chain.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.GenesisAccount;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.chain.fixture.GenesisFixture;
import org.bcpki.chain.fixture.RegistryFixture;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.network.FreePorts;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.core.chain.Address;

/**
 * How long one node takes to build a genesis state holding an N-record registry fixture, how much
 * memory it needs and how large the state database becomes:
 * {@code GenesisFixtureBench N [revokedPercent]} (run one N per JVM, so that the process' peak
 * resident size belongs to that N). The registry account's code is a one-byte placeholder here:
 * building the storage does not execute it (the CLI places the real code and constructor storage).
 */
public final class GenesisFixtureBench {
    private GenesisFixtureBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenesisFixtureBench N [revokedPercent]");
            System.exit(2);
        }
        long grants = Long.parseLong(args[0]);
        double revoked = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        NetworkSpec spec = NetworkSpec.generate(1, 0, 1, 1337, 5, new SecureRandom(), FreePorts::next);
        RegistryFixture fixture = new RegistryFixture(grants, revoked, 1, spec.genesisTimestamp());
        Address enroller = spec.devAccounts().get(4).address();
        Map<Bytes, GenesisAccount> alloc = new TreeMap<>(spec.genesis().alloc());
        alloc.put(RegistryGenesis.DEFAULT_ADDRESS.value(), new GenesisAccount(java.math.BigInteger.ZERO, 1,
                Bytes.fromHexString("0x00"), Map.of(Bytes32.leftPad(Bytes.of(2)), Bytes32.leftPad(Bytes.of(1)))));
        GenesisConfig genesis = spec.genesis().withAlloc(alloc)
                .withFixture(Optional.of(new GenesisFixture(RegistryGenesis.DEFAULT_ADDRESS, enroller, fixture)));
        Path dir = Files.createTempDirectory("genesis-fixture-bench");
        try {
            long started = System.nanoTime();
            Bytes32 root;
            try (Blockchain chain = new Blockchain(dir, genesis, new TransactionProcessor(spec.chainId(), AccountPermissions.OPEN))) {
                root = chain.head().stateRoot();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long stateBytes = size(dir.resolve("state"));
            System.out.printf(java.util.Locale.ROOT,
                    "{\"grants\":%d,\"revokedPercent\":%.1f,\"buildSeconds\":%.1f,\"recordsPerSecond\":%.0f,"
                            + "\"stateDbBytes\":%d,\"stateDbBytesPerRecord\":%.0f,\"peakHeapBytes\":%d,\"peakRssBytes\":%d,"
                            + "\"cpus\":%d,\"loadAverage\":%.1f,\"stateRoot\":\"%s\"}%n",
                    grants, revoked, seconds, grants / seconds, stateBytes, (double) stateBytes / grants, peakHeap(),
                    peakRss(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), root);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** VmHWM of this process (Linux): the Go runtime of libevm allocates outside the Java heap. */
    private static long peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1);
    }
}
