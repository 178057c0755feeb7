package org.bcpki.pki;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * The relying party's CRL cache: a CRL fetched over HTTP is reused until its nextUpdate, then fetched
 * again. Whether a CRL is trustworthy is the validator's decision, not the cache's.
 */
public final class CrlFetcher {
    /** A CRL from the cache or the network, and how long the network took (0 for a cache hit). */
    public record Fetched(X509CRLHolder crl, boolean fromNetwork, long nanos) {}

    private final HttpClient client;
    private final Map<String, X509CRLHolder> cache = new ConcurrentHashMap<>();
    private final AtomicLong bytesDownloaded = new AtomicLong();
    /** Cached CRLs whose signature already checked out against an issuer key (by identity: cache entries only). */
    private final Map<X509CRLHolder, Set<ByteBuffer>> verified = Collections.synchronizedMap(new IdentityHashMap<>());

    public CrlFetcher() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public CrlFetcher(HttpClient client) {
        this.client = client;
    }

    /** The cached CRL while {@code now} is before its nextUpdate, else a freshly fetched one. */
    public Fetched get(String url, Instant now) {
        X509CRLHolder cached = cache.get(url);
        if (cached != null && cached.getNextUpdate() != null && !now.isAfter(cached.getNextUpdate().toInstant())) {
            return new Fetched(cached, false, 0);
        }
        long start = System.nanoTime();
        X509CRLHolder fresh = fetchCrl(url);
        X509CRLHolder replaced = cache.put(url, fresh);
        if (replaced != null) {
            verified.remove(replaced);
        }
        return new Fetched(fresh, true, System.nanoTime() - start);
    }

    /** Downloads the CRL at {@code url} now, bypassing (and not filling) the cache. */
    public Fetched download(String url) {
        long start = System.nanoTime();
        return new Fetched(fetchCrl(url), true, System.nanoTime() - start);
    }

    /** True when this cached CRL was already verified against the issuer key {@code spki}. */
    boolean verifiedBy(X509CRLHolder crl, byte[] spki) {
        Set<ByteBuffer> keys = verified.get(crl);
        return keys != null && keys.contains(ByteBuffer.wrap(spki));
    }

    /** Remembers a successful signature check of a cached CRL, so warm validations skip it. */
    void markVerified(X509CRLHolder crl, byte[] spki) {
        if (cache.values().stream().anyMatch(cached -> cached == crl)) {
            verified.computeIfAbsent(crl, key -> ConcurrentHashMap.newKeySet()).add(ByteBuffer.wrap(spki.clone()));
        }
    }

    /** Bytes of every CRL response body downloaded so far (cache hits cost none): what the relying party paid. */
    public long bytesDownloaded() {
        return bytesDownloaded.get();
    }

    /** Forgets every cached CRL (a cold start). */
    public void clear() {
        cache.clear();
        verified.clear();
    }

    private X509CRLHolder fetchCrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RevocationUnavailable("bad CRL URL " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new RevocationUnavailable("CRL URL " + url + " is not HTTP");
        }
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new RevocationUnavailable("CRL " + url + " answered HTTP " + response.statusCode());
            }
            bytesDownloaded.addAndGet(response.body().length);
            return Pem.crl(response.body());
        } catch (IOException e) {
            throw new RevocationUnavailable("cannot fetch CRL " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevocationUnavailable("interrupted while fetching CRL " + url);
        } catch (IllegalArgumentException e) {
            throw new RevocationUnavailable("CRL " + url + " is malformed: " + e.getMessage());
        }
    }

    /** Revocation status could not be obtained: the validator fails closed. */
    public static final class RevocationUnavailable extends RuntimeException {
        public RevocationUnavailable(String message) {
            super(message);
        }
    }
}
