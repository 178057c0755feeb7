package org.bcpki.gateway.reading;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;

/**
 * What a meter asserts: its server ID, a counter that increases with every reading it sends, the
 * time (Unix seconds) and its OBIS values.
 */
public record Reading(String meterId, long counter, long time, List<ObisValue> values) {
    private static final byte[] DOMAIN = "bcpki-sml-reading-v1\0".getBytes(StandardCharsets.US_ASCII);

    public Reading {
        MeterServerId.encode(meterId); // validates
        if (counter < 0 || time < 0) {
            throw new IllegalArgumentException("counter and time must not be negative");
        }
        if (values.isEmpty() || values.size() > 255) {
            throw new IllegalArgumentException("a reading carries 1..255 values, got " + values.size());
        }
        values = List.copyOf(values);
    }

    public SubjectId subject() {
        return SubjectId.parse(meterId);
    }

    /**
     * The bytes the meter signs (see the README): a domain tag, then the server ID, counter, time,
     * algorithm code and key hash (binding the signature to the presented key), then every value.
     * Independent of the SML encoding, so re-encoding a message never changes what was signed.
     */
    public byte[] signedContent(KeyAlgorithm algorithm, byte[] keyHash) {
        if (keyHash.length != 32) {
            throw new IllegalArgumentException("a key hash has 32 bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96 + 16 * values.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(DOMAIN);
            out.write(MeterServerId.encode(meterId));
            out.writeLong(counter);
            out.writeLong(time);
            out.writeShort(algorithm.code());
            out.write(keyHash);
            out.writeByte(values.size());
            for (ObisValue value : values) {
                out.write(value.obis().bytes());
                out.writeByte(value.unit());
                out.writeByte(value.scaler());
                out.writeLong(value.raw());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The value of one OBIS code, when the reading carries it. */
    public java.util.Optional<ObisValue> value(ObisCode obis) {
        return values.stream().filter(v -> v.obis().equals(obis)).findFirst();
    }
}
