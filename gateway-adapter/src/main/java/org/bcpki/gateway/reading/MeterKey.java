package org.bcpki.gateway.reading;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;

/**
 * A meter's key directory: {@code meter-key.properties} with {@code algorithm} (e.g. ML-DSA-65) and
 * {@code seed} (64 hex digits), from which {@link SignatureSuite#fromSeed} derives the key pair.
 * A PUF enrollment directory (puf-attest) is the other way to get a meter key; it is wired in later.
 */
public record MeterKey(KeyAlgorithm algorithm, KeyPair keyPair) {
    public static final String FILE_NAME = "meter-key.properties";

    public static MeterKey load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + FILE_NAME + " in key directory " + dir);
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String algorithm = properties.getProperty("algorithm");
        String seed = properties.getProperty("seed");
        if (algorithm == null || seed == null) {
            throw new IllegalArgumentException(file + " must define 'algorithm' and 'seed'");
        }
        byte[] seedBytes;
        try {
            seedBytes = HexFormat.of().parseHex(seed.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": seed is not hex", e);
        }
        return fromSeed(KeyAlgorithm.parse(algorithm), seedBytes);
    }

    public static MeterKey fromSeed(KeyAlgorithm algorithm, byte[] seed) {
        return new MeterKey(algorithm, SignatureSuite.of(algorithm).fromSeed(seed));
    }

    /** Writes a fresh random key into {@code dir} (created, owner-only), refusing to overwrite one. */
    public static MeterKey create(Path dir, KeyAlgorithm algorithm, SecureRandom random) {
        byte[] seed = new byte[SignatureSuite.SEED_LENGTH];
        random.nextBytes(seed);
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists; refusing to overwrite a meter key");
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file)) {
                out.write("# bcpki meter key: the seed derives the key pair (SignatureSuite.fromSeed)\n");
                out.write("algorithm=" + algorithm.displayName() + "\n");
                out.write("seed=" + HexFormat.of().formatHex(seed) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return fromSeed(algorithm, seed);
    }

    public byte[] spki() {
        return SignatureSuite.of(algorithm).encodePublicKey(keyPair.getPublic());
    }

    public byte[] keyHash() {
        return SignatureSuite.keyHash(spki());
    }
}
