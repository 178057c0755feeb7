package org.bcpki.gateway.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash chain of the metrological log: {@code hash = SHA-256("bcpki-log-v1" | seq | time |
 * each field as u32 length + UTF-8 | previous hash)}, the first entry chaining to 32 zero bytes.
 * Changing, inserting or removing any entry breaks every hash after it.
 */
public final class LogHash {
    public static final byte[] GENESIS = new byte[32];
    private static final byte[] DOMAIN = "bcpki-log-v1".getBytes(StandardCharsets.US_ASCII);

    private LogHash() {}

    public static byte[] of(long seq, long timeMillis, LogRecord record, byte[] previousHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(DOMAIN);
            out.writeLong(seq);
            out.writeLong(timeMillis);
            for (String field : new String[] {record.kind(), record.subject(), record.outcome(), record.reason(),
                    record.evidence(), record.detail()}) {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            out.write(previousHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
