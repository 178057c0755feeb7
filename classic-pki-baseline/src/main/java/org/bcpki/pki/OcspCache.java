package org.bcpki.pki;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The relying party's OCSP response cache (RFC 5019 profile): a verified answer is reused until its
 * nextUpdate; answers without nextUpdate are never cached. Keyed by issuer key and serial.
 */
public final class OcspCache {
    private record Key(ByteBuffer issuerKey, BigInteger serial) {}

    private final Map<Key, OcspClient.Answer> answers = new ConcurrentHashMap<>();

    /** The cached answer if it is current at {@code at}, else null (an expired one is dropped). */
    public OcspClient.Answer get(X509CertificateHolder issuer, BigInteger serial, Instant at) {
        Key key = key(issuer, serial);
        OcspClient.Answer answer = answers.get(key);
        if (answer == null) {
            return null;
        }
        if (at.isAfter(answer.nextUpdate()) || at.isBefore(answer.thisUpdate().minusSeconds(300))) {
            answers.remove(key, answer);
            return null;
        }
        return answer;
    }

    /** Caches an answer the client already verified; one without nextUpdate is not cacheable. */
    public void put(X509CertificateHolder issuer, BigInteger serial, OcspClient.Answer answer) {
        if (answer.nextUpdate() != null) {
            answers.put(key(issuer, serial), answer);
        }
    }

    public int size() {
        return answers.size();
    }

    public void clear() {
        answers.clear();
    }

    private static Key key(X509CertificateHolder issuer, BigInteger serial) {
        return new Key(ByteBuffer.wrap(Pem.der(issuer.getSubjectPublicKeyInfo())), serial);
    }
}
