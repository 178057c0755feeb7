package org.bcpki.puf;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;

/**
 * An enrollment on disk, one directory:
 * <ul>
 *   <li>{@code enrollment.properties}: {@code format=bcpki-puf-enrollment/1}, {@code subject} (the
 *       identity string, when known), {@code subjectId}, {@code algorithm}, {@code keyHash},
 *       {@code helperDataHash}, {@code attestationHash}, {@code keyCheck} (all 0x-hex);</li>
 *   <li>{@code helper-data.bin}: the canonical helper data encoding;</li>
 *   <li>{@code signing-public-key.der}, {@code classic-public-key.der}: SPKI DER of the ML-DSA-65 and
 *       ECDSA brainpoolP256r1 public keys.</li>
 * </ul>
 * Reading re-checks every hash, so a file edited by hand is reported, never silently used.
 */
public final class EnrollmentFiles {
    public static final String PROPERTIES = "enrollment.properties";
    public static final String HELPER_DATA = "helper-data.bin";
    public static final String SIGNING_KEY = "signing-public-key.der";
    public static final String CLASSIC_KEY = "classic-public-key.der";
    private static final String FORMAT = "bcpki-puf-enrollment/1";
    private static final int MAX_HEX_BYTES = 1024;

    private EnrollmentFiles() {}

    public static void write(Path dir, DeviceEnrollment enrollment) {
        try {
            Files.createDirectories(dir);
            EnrollmentRecord record = enrollment.record();
            Properties p = new Properties();
            p.setProperty("format", FORMAT);
            record.subjectId().canonical().ifPresent(s -> p.setProperty("subject", s));
            p.setProperty("subjectId", record.subjectId().toHex());
            p.setProperty("algorithm", record.algorithm().displayName());
            p.setProperty("keyHash", Hex.data(record.keyHash()));
            p.setProperty("helperDataHash", Hex.data(record.helperDataHash()));
            p.setProperty("attestationHash", Hex.data(record.attestationHash()));
            p.setProperty("keyCheck", Hex.data(enrollment.keyCheck()));
            Files.write(dir.resolve(HELPER_DATA), enrollment.helperData().encode());
            Files.write(dir.resolve(SIGNING_KEY), enrollment.signingPublicKey());
            Files.write(dir.resolve(CLASSIC_KEY), enrollment.classicPublicKey());
            try (Writer out = Files.newBufferedWriter(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
                p.store(out, "bcpki PUF enrollment (public data only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the enrollment to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and cross-checks an enrollment directory.
     *
     * @throws PufException HELPER_DATA_INVALID / HELPER_DATA_ALTERED for bad helper data
     * @throws IllegalArgumentException for missing files or inconsistent values
     */
    public static DeviceEnrollment read(Path dir) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no enrollment in " + dir + " (missing " + PROPERTIES + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve(PROPERTIES) + ": " + e.getMessage());
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException(dir.resolve(PROPERTIES) + " is not a " + FORMAT + " file");
        }
        String subject = p.getProperty("subject");
        SubjectId subjectId = subject != null ? SubjectId.parse(subject) : SubjectId.ofHex(require(p, "subjectId"));
        if (!subjectId.toHex().equalsIgnoreCase(require(p, "subjectId"))) {
            throw new IllegalArgumentException("subjectId does not match subject '" + subject + "'");
        }
        HelperData helper = HelperData.decode(readFile(dir, HELPER_DATA));
        EnrollmentRecord record = new EnrollmentRecord(subjectId, unhex(p, "keyHash"), unhex(p, "helperDataHash"),
                KeyAlgorithm.parse(require(p, "algorithm")));
        if (!java.util.Arrays.equals(record.attestationHash(), unhex(p, "attestationHash"))) {
            throw new IllegalArgumentException("attestationHash does not match the record's fields");
        }
        return new DeviceEnrollment(record, helper, unhex(p, "keyCheck"), readFile(dir, SIGNING_KEY),
                readFile(dir, CLASSIC_KEY));
    }

    private static byte[] readFile(Path dir, String name) {
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("enrollment in " + dir + " lacks " + name);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + dir.resolve(name) + ": " + e.getMessage());
        }
    }

    private static String require(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PROPERTIES + " lacks " + key);
        }
        return value.trim();
    }

    /** Hex with or without its 0x, as people edit these files. */
    private static byte[] unhex(Properties p, String key) {
        String value = require(p, key);
        String digits = value.regionMatches(true, 0, "0x", 0, 2) ? value.substring(2) : value;
        try {
            return Hex.data("0x" + digits, MAX_HEX_BYTES, key).toArray();
        } catch (MalformedDataException e) {
            throw new IllegalArgumentException(key + " in " + PROPERTIES + " is not hex");
        }
    }
}
