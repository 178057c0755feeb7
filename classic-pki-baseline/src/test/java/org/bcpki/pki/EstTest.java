package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.HttpAuth;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EST (RFC 7030) on a real PkiServer over loopback HTTPS, driven by Bouncy Castle's independent EST client
 * ({@code org.bouncycastle.est}); raw HTTPS only for what that client never sends (bad base64, wrong media type).
 */
class EstTest {
    @TempDir static Path dir;
    static TestPki test;
    static ESTService est;

    @BeforeAll
    static void start() throws Exception {
        test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA);
        est = EstClients.bouncyCastle(test.server, null);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    private static HttpAuth registrar() {
        return new HttpAuth(SmPki.DEFAULT_REGISTRAR, test.token.toCharArray());
    }

    private static X509CertificateHolder enroll(KeyPair key, String commonName) throws Exception {
        List<X509CertificateHolder> issued = EstClients.certificates(est.simpleEnroll(false, EstClients.csr(key, commonName), registrar()));
        assertEquals(1, issued.size(), "certs-only with the issued certificate");
        return issued.get(0);
    }

    private static int status(ESTService service, boolean reenroll, PKCS10CertificationRequest csr, HttpAuth auth) {
        return assertThrows(ESTException.class, () -> service.simpleEnroll(reenroll, csr, auth)).getStatusCode();
    }

    /** The server's one-line reason, as the client hands it over with the status. */
    private static String message(ESTService service, boolean reenroll, PKCS10CertificationRequest csr, HttpAuth auth)
            throws java.io.IOException {
        ESTException refused = assertThrows(ESTException.class, () -> service.simpleEnroll(reenroll, csr, auth));
        assertTrue(refused.getBody() != null, refused.getMessage());
        return new String(refused.getBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> raw(String operation, String contentType, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.server.estUrl() + "/" + operation))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return EstClients.https(test.server).send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String name, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void caCertsAreTheRootAndTheFiveSubCas() throws Exception {
        Set<X509CertificateHolder> served = new HashSet<>(est.getCACerts().getCertificateStore().getMatches(null));
        Set<X509CertificateHolder> expected = new HashSet<>();
        test.pki.authorities().forEach(ca -> expected.add(ca.certificate()));
        assertEquals(expected, served);

        HttpResponse<String> response = EstClients.https(test.server).send(HttpRequest.newBuilder(
                URI.create(test.server.estUrl() + "/cacerts")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/pkcs7-mime", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("base64", response.headers().firstValue("Content-Transfer-Encoding").orElseThrow());
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(response.body()));
        assertTrue(cms.getSignerInfos().size() == 0, "degenerate SignedData (certs-only)");
    }

    @Test
    void aRegistrarEnrollsWithItsTokenThroughTheIssuancePath() throws Exception {
        KeyPair key = TestPki.ecKey();
        X509CertificateHolder certificate = enroll(key, "est-werke.EMT");
        assertEquals("est-werke.EMT", SmPkiProfile.commonName(certificate.getSubject()));
        assertArrayEquals(key.getPublic().getEncoded(), certificate.getSubjectPublicKeyInfo().getEncoded());
        assertEquals(test.pki.subCa(Role.EMT).certificate().getSubject(), certificate.getIssuer());
        var stored = test.pki.store().certificate(certificate.getSerialNumber()).orElseThrow();
        assertEquals("TLS", stored.usage());
        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.action().equals("issue")
                && e.actor().equals(SmPki.DEFAULT_REGISTRAR) && e.detail().contains("est-werke.EMT") && e.outcome().equals("ok")));

        ESTService signature = EstClients.bouncyCastle(test.server, "signature");
        X509CertificateHolder signing = EstClients.certificates(signature.simpleEnroll(false,
                EstClients.csr(TestPki.ecKey(), "1ESY1160000042.LMN"), registrar())).get(0);
        assertEquals("SIGNATURE", test.pki.store().certificate(signing.getSerialNumber()).orElseThrow().usage());
        assertEquals(test.pki.subCa(Role.METER).certificate().getSubject(), signing.getIssuer());
    }

    @Test
    void theHolderOfACurrentCertificateReenrollsWithItsKey() throws Exception {
        KeyPair key = TestPki.ecKey();
        X509CertificateHolder current = enroll(key, "renew-me.GWA");
        List<X509CertificateHolder> renewed = EstClients.certificates(est.simpleEnroll(true, EstClients.csr(key, "renew-me.GWA"), null));
        assertEquals(1, renewed.size());
        X509CertificateHolder next = renewed.get(0);
        assertNotEquals(current.getSerialNumber(), next.getSerialNumber());
        assertEquals(current.getSubject(), next.getSubject());
        assertEquals(current.getSubjectPublicKeyInfo(), next.getSubjectPublicKeyInfo());
        assertEquals(current.getExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName),
                next.getExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName));
        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.action().equals("issue") && e.outcome().equals("ok")
                && e.actor().equals("holder " + Serials.toHex(current.getSerialNumber()))));
    }

    @Test
    void wrongOrMissingCredentialsGet401WithABasicChallenge() throws Exception {
        PKCS10CertificationRequest csr = EstClients.csr(TestPki.ecKey(), "anon-est.EMT");
        assertEquals(401, status(est, false, csr, null));
        assertEquals(401, status(est, false, csr, new HttpAuth(SmPki.DEFAULT_REGISTRAR, "not-the-token".toCharArray())));
        assertEquals(401, status(est, false, csr, new HttpAuth("someone-else", test.token.toCharArray())), "name and token must agree");
        HttpResponse<String> bearerOnly = raw("simpleenroll", "application/pkcs10",
                Base64.getEncoder().encodeToString(csr.getEncoded()), "Bearer " + test.token);
        assertEquals(401, bearerOnly.statusCode());
        assertTrue(bearerOnly.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        assertEquals("", bearerOnly.body(), "the challenge alone (see PkiServer)");
        assertTrue(test.pki.store().certificatesByCommonName("anon-est.EMT").isEmpty());
        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.actor().equals("anonymous") && e.outcome().equals("rejected: bad token")));
    }

    @Test
    void malformedAndUnacceptableRequestsGetClearErrorsAndTheServiceKeepsServing() throws Exception {
        String token = basic(SmPki.DEFAULT_REGISTRAR, test.token);
        HttpResponse<String> notBase64 = raw("simpleenroll", "application/pkcs10", "MII!!not*base64", token);
        assertEquals(400, notBase64.statusCode());
        assertTrue(notBase64.body().contains("not base64"), notBase64.body());
        HttpResponse<String> notCsr = raw("simpleenroll", "application/pkcs10", Base64.getEncoder().encodeToString("junk".getBytes()), token);
        assertEquals(400, notCsr.statusCode());
        assertTrue(notCsr.body().startsWith("malformed PKCS#10"), notCsr.body());
        assertEquals(415, raw("simpleenroll", "text/plain", "MIIB", token).statusCode());
        assertEquals(404, raw("pkcs12/simpleenroll", "application/pkcs10", "MIIB", token).statusCode(), "unknown label");
        assertEquals(400, raw("simplereenroll", "application/pkcs10", "%%%", null).statusCode());
        assertTrue(!notBase64.body().contains("Exception") && !notBase64.body().contains("\tat "), "no stack traces");

        byte[] der = EstClients.csr(TestPki.ecKey(), "tampered-est.EMT").getEncoded();
        der[der.length - 3] ^= 0x01; // breaks the proof of possession
        PKCS10CertificationRequest tampered = new PKCS10CertificationRequest(der);
        assertEquals(400, status(est, false, tampered, registrar()));
        String tamperedMessage = message(est, false, tampered, registrar());
        assertTrue(tamperedMessage.contains("signature is invalid"), tamperedMessage);
        assertEquals(400, status(est, true, tampered, null), "re-enrolment checks the proof of possession first");

        assertEquals(400, status(est, false, EstClients.csr(TestPki.ecKey(), "no-role-suffix"), registrar()));
        KeyPair mlDsa = org.bcpki.core.crypto.SignatureSuite.of(org.bcpki.core.crypto.KeyAlgorithm.ML_DSA_65)
                .generate(new java.security.SecureRandom());
        assertTrue(message(est, false, EstClients.csr(mlDsa, "pq-est.EMT"), registrar()).contains("certifies"),
                "the ecdsa PKI's key algorithms, as on /api/certificates");

        String narrowToken = test.pki.putRegistrar("est-narrow", RegistrarScope.parse("EMT", "stadtwerke-*"), "test");
        HttpAuth narrow = new HttpAuth("est-narrow", narrowToken.toCharArray());
        assertEquals(403, status(est, false, EstClients.csr(TestPki.ecKey(), "elsewhere.EMT"), narrow), "outside the scope");
        assertEquals(403, status(est, false, EstClients.csr(TestPki.ecKey(), "stadtwerke-ost.GWA"), narrow), "role outside the scope");

        HttpResponse<String> plain = PkiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(test.server.httpUrl()
                + "/.well-known/est/cacerts")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plain.statusCode());
        assertTrue(plain.body().contains("HTTPS only"), plain.body());
        HttpResponse<String> plainEnroll = PkiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(test.server.httpUrl()
                + "/.well-known/est/simpleenroll")).header("Content-Type", "application/pkcs10").header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString(Base64.getEncoder().encodeToString(
                        EstClients.csr(TestPki.ecKey(), "plain-est.EMT").getEncoded()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plainEnroll.statusCode(), "no token over plain HTTP for EST");
        assertTrue(test.pki.store().certificatesByCommonName("plain-est.EMT").isEmpty());

        assertEquals("stadtwerke-ost.EMT", SmPkiProfile.commonName(EstClients.certificates(est.simpleEnroll(false,
                EstClients.csr(TestPki.ecKey(), "stadtwerke-ost.EMT"), narrow)).get(0).getSubject()), "still serving");
    }

    @Test
    void reenrolmentNeedsAValidUnrevokedCertificateOfThisPkiWithTheSameSubject() throws Exception {
        KeyPair revokedKey = TestPki.ecKey();
        X509CertificateHolder revoked = enroll(revokedKey, "revoked-est.EMT");
        test.pki.revoke(revoked.getSerialNumber(), RevocationReason.SUPERSEDED, "test");
        assertTrue(message(est, true, EstClients.csr(revokedKey, "revoked-est.EMT"), null).contains("is revoked"));

        KeyPair compromisedKey = TestPki.ecKey();
        X509CertificateHolder compromised = enroll(compromisedKey, "leaked-est.EMT");
        test.pki.revoke(compromised.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");
        assertEquals(403, status(est, true, EstClients.csr(compromisedKey, "leaked-est.EMT"), null));

        // A certificate for the same name from another CA (same issuer name, another key): not this PKI's.
        KeyPair foreignKey = TestPki.ecKey();
        CertificateAuthority foreignCa = new CertificateAuthority(Role.EMT, TestPki.custom(test.pki.subCa(Role.EMT),
                "EMT-Sub.CA", TestPki.ecKey(), Instant.now(), Instant.now().plusSeconds(3600), b -> {}), TestPki.ecKey().getPrivate());
        TestPki.custom(foreignCa, "foreign-est.EMT", foreignKey, Instant.now(), Instant.now().plusSeconds(3600), b -> {});
        String foreign = message(est, true, EstClients.csr(foreignKey, "foreign-est.EMT"), null);
        assertTrue(foreign.contains("no certificate of this PKI"), foreign);
        assertEquals(403, status(est, true, EstClients.csr(foreignKey, "foreign-est.EMT"), null));

        KeyPair key = TestPki.ecKey();
        enroll(key, "keeps-name.SMGW");
        assertEquals(403, status(est, true, EstClients.csr(key, "new-name.SMGW"), null), "another CN");
        PKCS10CertificationRequest otherOrganisation = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new X500Name("C=DE, O=Someone-Else, CN=keeps-name.SMGW"), key.getPublic())
                .build(CertificateAuthority.signer(key.getPrivate(), "SHA256withECDSA"));
        assertTrue(message(est, true, otherOrganisation, null).contains("differs from the current certificate"));
        assertEquals(403, status(est, true, EstClients.csr(TestPki.ecKey(), "keeps-name.SMGW"), null), "a new key is a new enrolment");

        KeyPair expiredKey = TestPki.ecKey();
        Instant past = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        test.pki.issuer().issue("test", EstClients.csr(expiredKey, "expired-est.GWH"), Role.GWH, CertificateUsage.TLS,
                past, past.plus(1, ChronoUnit.DAYS));
        assertTrue(message(est, true, EstClients.csr(expiredKey, "expired-est.GWH"), null).contains("not valid now"));

        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.action().equals("reenroll")
                && e.outcome().startsWith("rejected: ")));
        assertEquals(1, EstClients.certificates(est.simpleEnroll(true, EstClients.csr(key, "keeps-name.SMGW"), null)).size(),
                "a good re-enrolment after the refusals");
    }
}
