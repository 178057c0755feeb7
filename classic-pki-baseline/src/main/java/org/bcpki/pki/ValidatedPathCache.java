package org.bcpki.pki;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Paths that passed full validation (signatures, profile, validity), keyed by the SHA-256 of the end
 * entity's DER, usable while the check time lies inside every certificate's validity on the path (up to
 * the earliest notAfter). Revocation and role are not cached: they are checked on every use.
 */
public final class ValidatedPathCache {
    /** A validated path (end entity first, anchor last) and the window in which all of it is valid. */
    public record Entry(List<X509CertificateHolder> path, Role role, Instant notBefore, Instant notAfter) {
        boolean usableAt(Instant at) {
            return !at.isBefore(notBefore) && !at.isAfter(notAfter);
        }
    }

    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** The cached path of {@code endEntity} if usable at {@code at}; an entry past its window is dropped. */
    public Entry get(X509CertificateHolder endEntity, Instant at) {
        ByteBuffer key = key(endEntity);
        Entry entry = entries.get(key);
        if (entry != null && !entry.usableAt(at)) {
            entries.remove(key, entry);
            entry = null;
        }
        (entry == null ? misses : hits).incrementAndGet();
        return entry;
    }

    void put(List<X509CertificateHolder> path, Role role) {
        Instant notBefore = Instant.MIN;
        Instant notAfter = Instant.MAX;
        for (X509CertificateHolder certificate : path) {
            Instant from = certificate.getNotBefore().toInstant();
            Instant until = certificate.getNotAfter().toInstant();
            notBefore = from.isAfter(notBefore) ? from : notBefore;
            notAfter = until.isBefore(notAfter) ? until : notAfter;
        }
        entries.put(key(path.get(0)), new Entry(List.copyOf(path), role, notBefore, notAfter));
    }

    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public void clear() {
        entries.clear();
    }

    private static ByteBuffer key(X509CertificateHolder certificate) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(Pem.der(certificate)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
