package org.bcpki.gateway.meter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.gateway.reading.CertificateChain;
import org.bcpki.gateway.reading.KeyReference;
import org.bcpki.gateway.reading.MeterKey;
import org.bcpki.gateway.reading.MeterServerId;
import org.bcpki.gateway.reading.ObisCode;
import org.bcpki.gateway.reading.ObisValue;
import org.bcpki.gateway.reading.Reading;
import org.bcpki.gateway.reading.ReadingCodec;
import org.bcpki.gateway.reading.SignedReading;
import org.bcpki.gateway.sml.SmlTransport;

/**
 * A smart meter on a serial line: every interval it sends one signed SML reading (energy import
 * 1-0:1.8.0 and power 1-0:16.7.0), followed by the faulty traffic asked for. The counter lives in
 * the key directory ({@code meter-counter}), like a meter's non-volatile memory, so restarting the
 * simulator never replays counters. Large keys (ML-DSA) are sent in full on the first reading and
 * every {@value #FULL_KEY_EVERY}th, by hash otherwise; small ones always in full.
 */
public final class MeterSimulator {
    public static final String COUNTER_FILE = "meter-counter";
    static final int FULL_KEY_EVERY = 16;
    private static final int SMALL_KEY_BYTES = 256;
    private static final int OVERSIZED_PAYLOAD = 20 * 1024;

    private final String meterId;
    private final MeterKey key;
    private final MeterKey wrongKey;
    private final CertificateChain certificates; // null: the key is presented as a bare SPKI
    private final Path keyDir;
    private final List<FaultKind> faults;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> sent = new LinkedHashMap<>();
    private long counter;
    private long energyTenthsWh = 12_345_670;
    private boolean keyPresented;
    private byte[] lastGoodFrame;

    public MeterSimulator(String meterId, MeterKey key, Path keyDir, List<FaultKind> faults) {
        this(meterId, key, keyDir, faults, null);
    }

    /**
     * A meter that presents its X.509 certificate chain (leaf first) wherever it would present its key
     * in full, for gateways checking with {@code --trust x509} or {@code both}.
     */
    public MeterSimulator(String meterId, MeterKey key, Path keyDir, List<FaultKind> faults,
            CertificateChain certificates) {
        if (certificates != null && !Arrays.equals(certificates.leafSpki(), key.spki())) {
            throw new IllegalArgumentException("the certificate does not carry this meter's key");
        }
        this.certificates = certificates;
        this.meterId = meterId;
        this.key = key;
        this.keyDir = keyDir;
        this.faults = faults.stream().distinct().sorted().toList();
        byte[] otherSeed = new byte[SignatureSuite.SEED_LENGTH];
        random.nextBytes(otherSeed);
        this.wrongKey = MeterKey.fromSeed(key.algorithm(), otherSeed);
        this.counter = readCounter();
        MeterServerId.encode(meterId); // fails early on an ID that is not DIN 43863-5
    }

    /**
     * Runs {@code count} ticks (0 = until {@code keepRunning} says stop), writing each tick's bytes
     * through {@code line} and waiting {@code interval} between ticks.
     */
    public Map<String, Long> run(Consumer<byte[]> line, Duration interval, long count,
            java.util.function.BooleanSupplier keepRunning) {
        for (long tick = 0; (count == 0 || tick < count) && keepRunning.getAsBoolean(); tick++) {
            if (tick > 0) {
                sleep(interval);
            }
            for (byte[] chunk : tick()) {
                line.accept(chunk);
            }
        }
        return Map.copyOf(sent);
    }

    /** One interval's traffic: a good reading, then one item of every requested fault. */
    public List<byte[]> tick() {
        List<byte[]> chunks = new ArrayList<>();
        lastGoodFrame = frame(key, nextReading(), presentation(!keyPresented || needsFullKey()));
        keyPresented = true;
        chunks.add(lastGoodFrame);
        count("reading");
        for (FaultKind fault : faults) {
            chunks.add(fault(fault));
            count(fault.option());
        }
        return chunks;
    }

    private byte[] fault(FaultKind fault) {
        return switch (fault) {
            case BAD_CRC -> {
                byte[] frame = frame(key, nextReading(), presentation(true));
                frame[frame.length - 1] ^= 0x01;
                yield frame;
            }
            case TRUNCATED -> {
                byte[] frame = frame(key, nextReading(), presentation(true));
                yield Arrays.copyOf(frame, (frame.length / 2) | 1); // odd length: off the 4-byte grid
            }
            case GARBAGE -> {
                byte[] garbage = new byte[64];
                random.nextBytes(garbage);
                yield garbage;
            }
            case OVERSIZED -> SmlTransport.encode(new byte[OVERSIZED_PAYLOAD]);
            case REPLAY -> lastGoodFrame.clone();
            case WRONG_KEY -> frame(wrongKey, nextReading(), KeyReference.spki(wrongKey.spki()));
        };
    }

    /**
     * Seconds of line time one reading (key named by hash) needs at {@code baud} with 10 bits per
     * byte (8N1): an ML-DSA-65 reading is about 3.5 KB, so 3.7 s at 9600 baud. Pseudo-terminals
     * ignore the baud rate; a real optical port does not.
     */
    public double lineSecondsPerReading(int baud) {
        Reading sample = new Reading(meterId, 1, 0, List.of(
                new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, energyTenthsWh),
                new ObisValue(ObisCode.POWER_TOTAL, ObisValue.UNIT_WATT, 0, 0)));
        return frame(key, sample, presentation(false)).length * 10.0 / baud;
    }

    private boolean needsFullKey() {
        return key.spki().length <= SMALL_KEY_BYTES || counter % FULL_KEY_EVERY == 0;
    }

    private Reading nextReading() {
        counter++;
        writeCounter();
        long powerWatts = 300 + random.nextInt(2700);
        energyTenthsWh += powerWatts * 10 / 360; // about one second of that power, in 0.1 Wh
        return new Reading(meterId, counter, java.time.Instant.now().getEpochSecond(), List.of(
                new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, energyTenthsWh),
                new ObisValue(ObisCode.POWER_TOTAL, ObisValue.UNIT_WATT, 0, powerWatts)));
    }

    /** The key in full (its certificate chain when it has one) or by hash. */
    private KeyReference presentation(boolean full) {
        if (!full) {
            return KeyReference.hash(key.keyHash());
        }
        return certificates != null ? KeyReference.certificates(certificates) : KeyReference.spki(key.spki());
    }

    private static byte[] frame(MeterKey signer, Reading reading, KeyReference presented) {
        return SmlTransport.encode(ReadingCodec.toSml(
                SignedReading.sign(reading, signer.algorithm(), signer.keyPair(), presented)));
    }

    private void count(String what) {
        sent.merge(what, 1L, Long::sum);
    }

    private long readCounter() {
        Path file = keyDir.resolve(COUNTER_FILE);
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("unreadable meter counter " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeCounter() {
        Path file = keyDir.resolve(COUNTER_FILE);
        Path temp = keyDir.resolve(COUNTER_FILE + ".tmp");
        try {
            Files.writeString(temp, Long.toString(counter), StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the meter counter in " + keyDir, e);
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
