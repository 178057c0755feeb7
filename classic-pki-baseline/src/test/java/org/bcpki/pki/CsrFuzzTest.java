package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The issuance service's reading of a registrar's PKCS#10 request ({@link Pem#csr} then
 * {@link Issuer#checkRequest}) on mutated requests. Input: one byte choosing role (bits 0-2), usage (bits
 * 3-4) and whether the rest is a CertificationRequestInfo the test signs with a fixed requester key (bit 5:
 * a requester signs whatever it likes, so the checks after the proof of possession are reached), then the
 * request (DER or PEM). Properties:
 * <ul>
 *   <li>a refusal is an IllegalArgumentException (HTTP 400) raised by the project with a reason, never an
 *       exception escaping from Bouncy Castle or the JDK;</li>
 *   <li>an accepted DER request is exactly the DER of what was parsed (no BER, no trailing bytes);</li>
 *   <li>unsigned by the test, an accepted request's signed part is byte for byte one of the seeds' (the
 *       fuzzer cannot sign, so anything else would be accepted without proof of possession);</li>
 *   <li>the CA certifies the request's key and the profile name of its only CN, and no SAN for SMGW/LMN.</li>
 * </ul>
 */
class CsrFuzzTest {
    private static final Role[] ROLES = SmPkiProfile.certifiedRoles();
    private static final CertificateUsage[] USAGES = CertificateUsage.values();
    private static final Set<ByteBuffer> SIGNED_BY_SEEDS = new HashSet<>();
    private static final PrivateKey REQUESTER = requesterKey();

    static {
        for (byte[] seed : FuzzFixture.seeds(CsrFuzzTest.class, "onlySignedWellFormedRequestsAreAccepted")) {
            try {
                SIGNED_BY_SEEDS.add(ByteBuffer.wrap(Pem.der(Pem.csr(Arrays.copyOfRange(seed, 1, seed.length))
                        .toASN1Structure().getCertificationRequestInfo())));
            } catch (IllegalArgumentException notAValidSeed) {
                // seeds of malformed requests sign nothing
            }
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void onlySignedWellFormedRequestsAreAccepted(byte[] input) {
        if (input.length < 1) {
            return;
        }
        Role role = ROLES[(input[0] & 0x07) % ROLES.length];
        CertificateUsage usage = USAGES[((input[0] >> 3) & 0x03) % USAGES.length];
        boolean signedHere = (input[0] & 0x20) != 0;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if (signedHere) {
            body = signedByRequester(body);
            if (body == null) {
                return;
            }
        }
        PKCS10CertificationRequest csr;
        Issuer.Request request;
        try {
            csr = Pem.csr(body);
            request = Issuer.checkRequest(csr, role, usage, PkiAlgorithm.ECDSA);
        } catch (IllegalArgumentException refused) {
            assertTrue(FuzzFixture.raisedByProject(refused), () -> "not a refusal of the project's own: " + refused);
            return;
        }
        if (!new String(body, StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
            assertArrayEquals(Pem.der(csr.toASN1Structure()), body, "accepted a request that is not exactly its DER");
        }
        if (!signedHere) {
            assertTrue(SIGNED_BY_SEEDS.contains(ByteBuffer.wrap(Pem.der(csr.toASN1Structure().getCertificationRequestInfo()))),
                    "accepted a request nobody signed");
        }
        assertEquals(csr.getSubjectPublicKeyInfo(), request.publicKey());
        assertEquals(SmPkiProfile.endUserCommonName(requestedIdentity(csr, role), role), request.commonName());
        if (!SmPkiProfile.requiresSubjectAltName(role)) {
            assertNull(request.subjectAltName());
        }
    }

    /** The CertificationRequestInfo signed by the requester key, as a DER request; null if the bytes are none. */
    private static byte[] signedByRequester(byte[] infoDer) {
        CertificationRequestInfo info;
        byte[] tbs;
        try {
            info = CertificationRequestInfo.getInstance(ASN1Primitive.fromByteArray(infoDer));
            tbs = Pem.der(info);
        } catch (Exception notARequestInfo) {
            return null;
        }
        ContentSigner signer = CertificateAuthority.signer(REQUESTER, "SHA256withECDSA");
        try (OutputStream out = signer.getOutputStream()) {
            out.write(tbs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Pem.der(new CertificationRequest(info, signer.getAlgorithmIdentifier(), new DERBitString(signer.getSignature())));
    }

    private static PrivateKey requesterKey() {
        try {
            return Pem.privateKey(Path.of(CsrFuzzTest.class.getResource("fuzz-requester.key").toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity the request's only CN names, read independently of the issuer's code. */
    private static String requestedIdentity(PKCS10CertificationRequest csr, Role role) {
        List<String> cns = new ArrayList<>();
        for (RDN rdn : csr.getSubject().getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(BCStyle.CN)) {
                    cns.add(((ASN1String) attribute.getValue()).getString());
                }
            }
        }
        assertEquals(1, cns.size(), "accepted a subject with " + cns.size() + " CNs");
        String suffix = "." + SmPkiProfile.suffix(role);
        return cns.get(0).endsWith(suffix) ? cns.get(0).substring(0, cns.get(0).length() - suffix.length()) : cns.get(0);
    }
}
