package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * RFC 6960 responder: each CA answers for the certificates it issued and signs the response itself
 * (no delegated responder). Status comes from a {@link StatusSource} (the store for a running PKI), so a
 * revocation shows immediately.
 *
 * <p>{@link Signing#PER_REQUEST} signs every answer and echoes the request's nonce.
 * {@link Signing#PRESIGNED} follows the RFC 5019 profile: one response per serial, produced ahead
 * ({@link #presign}) or on first request, without nonce, served until half its validity has passed
 * (so its nextUpdate is always ahead) or the serial's status changes, then signed again.
 */
public final class OcspResponder {
    public enum Signing { PER_REQUEST, PRESIGNED }

    /** A serial's status; {@code revokedAt} and {@code reason} only for REVOKED. */
    public record SerialStatus(PkiStore.Status status, Instant revokedAt, int reason) {
        public static final SerialStatus GOOD = new SerialStatus(PkiStore.Status.GOOD, null, 0);
        public static final SerialStatus UNKNOWN = new SerialStatus(PkiStore.Status.UNKNOWN, null, 0);
    }

    /** The CAs a responder answers for and the status of their serials. */
    public interface StatusSource {
        List<CertificateAuthority> authorities();

        SerialStatus status(CertificateAuthority ca, BigInteger serial);
    }

    private record Key(String caId, BigInteger serial, ASN1ObjectIdentifier hash) {}

    private record Presigned(SerialStatus status, CertificateID id, Instant thisUpdate, byte[] der) {}

    private final StatusSource source;
    private final Duration validity;
    private final Signing signing;
    private final DigestCalculatorProvider digests;
    private final Map<Key, Presigned> presigned = new ConcurrentHashMap<>();

    public OcspResponder(SmPki pki) {
        this(pki, Signing.PER_REQUEST);
    }

    public OcspResponder(SmPki pki, Signing signing) {
        this(storeSource(pki), pki.settings().crlValidity(), signing);
    }

    public OcspResponder(StatusSource source, Duration validity, Signing signing) {
        this.source = source;
        this.validity = validity;
        this.signing = signing;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKI's store as status source: its CAs, and each serial's status as recorded. */
    public static StatusSource storeSource(SmPki pki) {
        return new StatusSource() {
            @Override
            public List<CertificateAuthority> authorities() {
                return pki.authorities();
            }

            @Override
            public SerialStatus status(CertificateAuthority ca, BigInteger serial) {
                return switch (pki.store().status(serial, ca.id())) {
                    case GOOD -> SerialStatus.GOOD;
                    case UNKNOWN -> SerialStatus.UNKNOWN;
                    case REVOKED -> {
                        PkiStore.Revocation revocation = pki.store().revocation(serial).orElseThrow();
                        yield new SerialStatus(PkiStore.Status.REVOKED, revocation.revokedAt(), revocation.reason().code());
                    }
                };
            }
        };
    }

    public Signing signing() {
        return signing;
    }

    /** Produces the RFC 5019 responses (SHA-1 certificate ids) for these serials ahead of any request. */
    public void presign(CertificateAuthority ca, Collection<BigInteger> serials) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            for (BigInteger serial : serials) {
                CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), ca.certificate(), serial);
                SerialStatus status = source.status(ca, serial);
                if (status.status() != PkiStore.Status.UNKNOWN) {
                    presigned.put(new Key(ca.id(), serial, id.getHashAlgOID()), new Presigned(status, id, now, sign(ca, id, status, now, null)));
                }
            }
        } catch (OCSPException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot pre-sign OCSP responses: " + e.getMessage(), e);
        }
    }

    /** A request read in full: its certificate ids and its nonce extension (null without one). */
    private record Parsed(List<CertificateID> ids, Extension nonce) {}

    /** Answers a DER OCSP request with a DER OCSP response; malformed input gets malformedRequest. */
    public byte[] respond(byte[] requestDer) {
        try {
            Parsed request = parse(requestDer);
            if (request == null || request.ids().isEmpty()) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            List<CertificateID> ids = request.ids();
            CertificateAuthority ca = issuerOf(ids.get(0));
            if (ca == null) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            if (signing == Signing.PRESIGNED && ids.size() == 1) {
                return presignedAnswer(ca, ids.get(0), now);
            }
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(ca.certificate().getSubject()));
            for (CertificateID id : ids) {
                CertificateStatus status = matches(id, ca) ? bcStatus(source.status(ca, id.getSerialNumber())) : new UnknownStatus();
                builder.addResponse(id, status, Date.from(now), Date.from(now.plus(validity)));
            }
            if (request.nonce() != null && signing == Signing.PER_REQUEST) {
                builder.setResponseExtensions(new Extensions(request.nonce()));
            }
            BasicOCSPResp basic = builder.build(ca.signer(), new X509CertificateHolder[0], Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an OCSP response: " + e.getMessage(), e);
        }
    }

    /**
     * The request's certificate ids and nonce, or null when any part of it is malformed. Bouncy Castle reads
     * the request list lazily, so an OCSPReq that parsed can still throw later (a ClassCastException from a
     * certificate id whose hash is no OCTET STRING, found by OcspResponderFuzzTest).
     */
    private static Parsed parse(byte[] der) {
        try {
            OCSPReq request = new OCSPReq(der);
            List<CertificateID> ids = new java.util.ArrayList<>();
            for (Req entry : request.getRequestList()) {
                ids.add(entry.getCertID());
            }
            return new Parsed(ids, request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
        } catch (Exception malformed) {
            return null;
        }
    }

    /**
     * The stored response while it is in the first half of its validity, the status has not changed and it
     * answers this very certificate id (the client compares the whole id, hash parameters included). Only
     * serials the CA issued are stored: one entry per certificate and hash algorithm, however many unknown
     * serials are asked for.
     */
    private byte[] presignedAnswer(CertificateAuthority ca, CertificateID id, Instant now) throws OCSPException, java.io.IOException {
        SerialStatus status = source.status(ca, id.getSerialNumber());
        Key key = new Key(ca.id(), id.getSerialNumber(), id.getHashAlgOID());
        Presigned stored = presigned.get(key);
        if (stored != null && stored.status().equals(status) && stored.id().equals(id)
                && now.isBefore(stored.thisUpdate().plus(validity.dividedBy(2)))) {
            return stored.der();
        }
        byte[] der = sign(ca, id, status, now, null);
        if (status.status() == PkiStore.Status.UNKNOWN) {
            presigned.remove(key);
        } else {
            presigned.put(key, new Presigned(status, id, now, der));
        }
        return der;
    }

    /** How many pre-signed responses are stored (bounded by the issued certificates times the hash algorithms). */
    int presignedCount() {
        return presigned.size();
    }

    private byte[] sign(CertificateAuthority ca, CertificateID id, SerialStatus status, Instant now, Extension nonce)
            throws OCSPException, java.io.IOException {
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(ca.certificate().getSubject()));
        builder.addResponse(id, bcStatus(status), Date.from(now), Date.from(now.plus(validity)));
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = builder.build(ca.signer(), new X509CertificateHolder[0], Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static CertificateStatus bcStatus(SerialStatus status) {
        return switch (status.status()) {
            case GOOD -> CertificateStatus.GOOD;
            case UNKNOWN -> new UnknownStatus();
            case REVOKED -> new RevokedStatus(Date.from(status.revokedAt()), status.reason());
        };
    }

    private CertificateAuthority issuerOf(CertificateID id) {
        for (CertificateAuthority ca : source.authorities()) {
            if (matches(id, ca)) {
                return ca;
            }
        }
        return null;
    }

    private boolean matches(CertificateID id, CertificateAuthority ca) {
        try {
            return id.matchesIssuer(ca.certificate(), digests);
        } catch (OCSPException e) {
            return false;
        }
    }

    private static byte[] status(int code) throws OCSPException, java.io.IOException {
        OCSPResp response = new OCSPRespBuilder().build(code, null);
        return response.getEncoded();
    }
}
