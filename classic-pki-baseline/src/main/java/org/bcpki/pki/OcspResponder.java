package org.bcpki.pki;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bcpki.core.crypto.SignatureSuite;
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
 * (no delegated responder). Status comes from the store, so a revocation shows immediately.
 */
public final class OcspResponder {
    private final SmPki pki;
    private final DigestCalculatorProvider digests;

    public OcspResponder(SmPki pki) {
        this.pki = pki;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(SignatureSuite.provider()).build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers a DER OCSP request with a DER OCSP response; malformed input gets malformedRequest. */
    public byte[] respond(byte[] requestDer) {
        try {
            OCSPReq request;
            try {
                request = new OCSPReq(requestDer);
            } catch (Exception e) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            Req[] entries = request.getRequestList();
            if (entries.length == 0) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            CertificateAuthority ca = issuerOf(entries[0].getCertID());
            if (ca == null) {
                return status(OCSPRespBuilder.UNAUTHORIZED);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(ca.certificate().getSubject()));
            for (Req entry : entries) {
                CertificateID id = entry.getCertID();
                CertificateStatus status = matches(id, ca) ? status(id, ca) : new UnknownStatus();
                builder.addResponse(id, status, Date.from(now), Date.from(now.plus(pki.settings().crlValidity())));
            }
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            BasicOCSPResp basic = builder.build(ca.signer(), new X509CertificateHolder[0], Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | java.io.IOException e) {
            throw new IllegalStateException("cannot build an OCSP response: " + e.getMessage(), e);
        }
    }

    private CertificateStatus status(CertificateID id, CertificateAuthority ca) {
        return switch (pki.store().status(id.getSerialNumber(), ca.id())) {
            case GOOD -> CertificateStatus.GOOD;
            case UNKNOWN -> new UnknownStatus();
            case REVOKED -> {
                PkiStore.Revocation revocation = pki.store().revocation(id.getSerialNumber()).orElseThrow();
                yield new RevokedStatus(Date.from(revocation.revokedAt()), revocation.reason().code());
            }
        };
    }

    private CertificateAuthority issuerOf(CertificateID id) {
        for (CertificateAuthority ca : pki.authorities()) {
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
