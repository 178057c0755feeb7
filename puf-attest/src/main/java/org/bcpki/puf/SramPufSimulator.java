package org.bcpki.puf;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A simulated SRAM PUF. Each cell's preferred power-up value (the fingerprint) and its aging drift
 * threshold come from SHAKE256 of the device seed, so a seed always names the same device; each read
 * then flips every cell independently with the model's read noise, drawn from the given generator.
 */
public final class SramPufSimulator implements PufSource {
    private static final String DOMAIN = "bcpki/sram-puf-sim/v1/";
    /** Cells a device has: enough for every construction this module uses (4 KiB of SRAM). */
    public static final int CELLS = 32_768;

    private final byte[] deviceSeed;
    private final SramPufModel model;
    private final RandomGenerator noise;
    private BitVector fingerprint = BitVector.zeros(0);
    private int[] agingRank = new int[0];

    public SramPufSimulator(byte[] deviceSeed, SramPufModel model, RandomGenerator noise) {
        this.deviceSeed = deviceSeed.clone();
        this.model = model;
        this.noise = noise;
    }

    /**
     * The same device (same cells, same noise source) under other conditions, e.g. enrolled at
     * {@link SramPufModel#atEnrollment()} and read later, older and hotter. The bias is the device's
     * and cannot change.
     */
    public synchronized SramPufSimulator under(SramPufModel conditions) {
        if (conditions.bias() != model.bias()) {
            throw new IllegalArgumentException("a device's bias is fixed: " + model.bias() + ", asked " + conditions.bias());
        }
        SramPufSimulator other = new SramPufSimulator(deviceSeed, conditions, noise);
        other.fingerprint = fingerprint;
        other.agingRank = agingRank;
        return other;
    }

    /** A device named by a text seed (the CLI's {@code --device-seed}). */
    public static SramPufSimulator of(String deviceSeed, SramPufModel model, RandomGenerator noise) {
        if (deviceSeed == null || deviceSeed.isEmpty()) {
            throw new IllegalArgumentException("a device seed must not be empty");
        }
        return new SramPufSimulator(deviceSeed.getBytes(StandardCharsets.UTF_8), model, noise);
    }

    public SramPufModel model() {
        return model;
    }

    /** The noiseless preferred values of the first {@code bits} cells, after aging drift. */
    public synchronized BitVector reference(int bits) {
        ensureCells(bits);
        BitVector aged = fingerprint.slice(0, bits);
        int driftThreshold = (int) Math.round(model.agingDrift() * 65536);
        for (int i = 0; i < bits; i++) {
            if (agingRank[i] < driftThreshold) {
                aged.flip(i);
            }
        }
        return aged;
    }

    @Override
    public byte[] read(int bytes) {
        return readBits(bytes * 8).toBytes();
    }

    @Override
    public synchronized BitVector readBits(int bits) {
        BitVector read = reference(bits);
        flipRandomly(read, model.readNoise(), noise);
        return read;
    }

    /**
     * Flips each bit independently with probability p, jumping from flip to flip with geometric gaps
     * (one random number per flip instead of one per bit).
     */
    public static void flipRandomly(BitVector bits, double p, RandomGenerator random) {
        if (p <= 0) {
            return;
        }
        if (p >= 0.5) {
            for (int i = 0; i < bits.length(); i++) {
                if (random.nextDouble() < p) {
                    bits.flip(i);
                }
            }
            return;
        }
        double logKeep = Math.log1p(-p);
        long position = -1;
        while (true) {
            double u = 1.0 - random.nextDouble(); // in (0, 1]
            position += 1 + (long) Math.floor(Math.log(u) / logKeep);
            if (position >= bits.length()) {
                return;
            }
            bits.flip((int) position);
        }
    }

    private void ensureCells(int bits) {
        if (bits < 0 || bits > CELLS) {
            throw new PufException(PufException.Kind.DEVICE_PROTOCOL,
                    "the simulated PUF has " + CELLS + " cells; cannot read " + bits);
        }
        if (bits <= fingerprint.length()) {
            return;
        }
        // Regenerate from the start: the stream is deterministic, so cells keep their values.
        SHAKEDigest shake = new SHAKEDigest(256);
        byte[] domain = DOMAIN.getBytes(StandardCharsets.US_ASCII);
        shake.update(domain, 0, domain.length);
        shake.update(deviceSeed, 0, deviceSeed.length);
        byte[] stream = new byte[4 * bits];
        shake.doOutput(stream, 0, stream.length);
        int oneThreshold = (int) Math.round(model.bias() * 65536);
        BitVector cells = BitVector.zeros(bits);
        int[] ranks = new int[bits];
        for (int i = 0; i < bits; i++) {
            int value = (stream[4 * i] & 0xFF) << 8 | (stream[4 * i + 1] & 0xFF);
            cells.set(i, value < oneThreshold);
            ranks[i] = (stream[4 * i + 2] & 0xFF) << 8 | (stream[4 * i + 3] & 0xFF);
        }
        fingerprint = cells;
        agingRank = ranks;
    }
}
