package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuance web service, CRL and OCSP endpoints, the LDAP directory and the SQLite state, over loopback. */
class PkiServerTest {
    @TempDir static Path dir;
    static TestPki test;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    private static HttpResponse<byte[]> post(String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(test.server.httpUrl() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] csr(String cn) {
        KeyPair key = TestPki.ecKey();
        return Pem.encode(Issuer.request(key, cn)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] csrWithSan(String cn) throws Exception {
        KeyPair key = TestPki.ecKey();
        var san = new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                org.bouncycastle.asn1.x509.GeneralName.dNSName, cn + ".example"));
        var extensions = new org.bouncycastle.asn1.x509.Extensions(org.bouncycastle.asn1.x509.Extension.create(
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, san));
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(SmPkiProfile.name(cn), key.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions)
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(org.bcpki.core.crypto.SignatureSuite.provider()).build(key.getPrivate()));
        return request.getEncoded();
    }

    @Test
    void aRegistrarPostsACsrAndGetsAProfileCertificate() throws Exception {
        HttpResponse<byte[]> response = post("/api/certificates?role=EMT&usage=signature", csr("energie-sued"), test.token);
        assertEquals(201, response.statusCode(), new String(response.body()));
        X509CertificateHolder certificate = Pem.certificate(response.body());
        assertEquals("energie-sued.EMT", SmPkiProfile.commonName(certificate.getSubject()));
        assertEquals(Serials.toHex(certificate.getSerialNumber()), response.headers().firstValue("X-Serial").orElseThrow());
        assertTrue(test.pki.store().certificate(certificate.getSerialNumber()).isPresent(), "stored in SQLite");
        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.action().equals("issue")
                && e.actor().equals(SmPki.DEFAULT_REGISTRAR) && e.detail().contains("energie-sued.EMT")));
    }

    @Test
    void callersWithoutAValidTokenAreRefused() throws Exception {
        assertEquals(401, post("/api/certificates?role=EMT", csr("anon"), null).statusCode());
        assertEquals(401, post("/api/certificates?role=EMT", csr("anon"), "not-a-token").statusCode());
        assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.outcome().equals("rejected: bad token")));
        assertTrue(test.pki.store().certificatesByCommonName("anon.EMT").isEmpty());
    }

    @Test
    void malformedAndUnacceptableRequestsGet400AndTheServiceKeepsRunning() throws Exception {
        HttpResponse<byte[]> garbage = post("/api/certificates?role=EMT", "not a CSR".getBytes(), test.token);
        assertEquals(400, garbage.statusCode());
        assertTrue(new String(garbage.body()).contains("malformed PKCS#10"), new String(garbage.body()));

        byte[] good = Pem.csr(csr("tampered")).getEncoded();
        good[good.length - 3] ^= 0x01; // breaks the proof of possession
        HttpResponse<byte[]> badSignature = post("/api/certificates?role=EMT", good, test.token);
        assertEquals(400, badSignature.statusCode());
        assertTrue(new String(badSignature.body()).contains("signature is invalid"), new String(badSignature.body()));

        HttpResponse<byte[]> wrongRole = post("/api/certificates?role=GWA", csr("x-emt.EMT"), test.token);
        assertEquals(400, wrongRole.statusCode());
        assertTrue(new String(wrongRole.body()).contains("request is for role GWA"), new String(wrongRole.body()));

        HttpResponse<byte[]> meterName = post("/api/certificates?role=METER", csr("not-a-meter"), test.token);
        assertEquals(400, meterName.statusCode());

        HttpResponse<byte[]> noRole = post("/api/certificates", csr("someone"), test.token);
        assertEquals(400, noRole.statusCode());

        KeyPair mlDsa = SignatureSuite.of(org.bcpki.core.crypto.KeyAlgorithm.ML_DSA_65).generate(new java.security.SecureRandom());
        HttpResponse<byte[]> wrongAlgorithm = post("/api/certificates?role=EMT",
                Pem.der(Issuer.request(mlDsa, "pq-emt").toASN1Structure()), test.token);
        assertEquals(400, wrongAlgorithm.statusCode());
        assertTrue(new String(wrongAlgorithm.body()).contains("certifies"), new String(wrongAlgorithm.body()));

        HttpResponse<byte[]> smgwWithSan = post("/api/certificates?role=SMGW", csrWithSan("gw-san"), test.token);
        assertEquals(400, smgwWithSan.statusCode());
        assertTrue(new String(smgwWithSan.body()).contains("must not carry a SubjectAltName"), new String(smgwWithSan.body()));
        HttpResponse<byte[]> emtWithSan = post("/api/certificates?role=EMT", csrWithSan("san-emt"), test.token);
        assertEquals(201, emtWithSan.statusCode(), "GWA/GWH/EMT keep the SubjectAltName they asked for");
        assertEquals("san-emt.example", org.bouncycastle.asn1.x509.GeneralNames.fromExtensions(
                Pem.certificate(emtWithSan.body()).getExtensions(), org.bouncycastle.asn1.x509.Extension.subjectAlternativeName)
                .getNames()[0].getName().toString());

        assertEquals(201, post("/api/certificates?role=GWA", csr("still-alive"), test.token).statusCode(), "still serving");
    }

    @Test
    void serialsAreUniqueAcrossManyIssuances() throws Exception {
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> response = post("/api/certificates?role=SMGW", csr("gw-" + i), test.token);
            assertEquals(201, response.statusCode());
            serials.add(Pem.certificate(response.body()).getSerialNumber());
        }
        assertEquals(20, serials.size());
    }

    @Test
    void revocationOverHttpShowsInTheCrlAndInOcspPostAndGet() throws Exception {
        X509CertificateHolder certificate = Pem.certificate(post("/api/certificates?role=GWH", csr("maker-x"), test.token).body());
        String serial = Serials.toHex(certificate.getSerialNumber());
        assertEquals(401, post("/api/revocations?serial=" + serial + "&reason=keyCompromise", new byte[0], null).statusCode());
        HttpResponse<byte[]> revoked = post("/api/revocations?serial=" + serial + "&reason=keyCompromise", new byte[0], test.token);
        assertEquals(200, revoked.statusCode(), new String(revoked.body()));
        assertEquals(400, post("/api/revocations?serial=" + serial, new byte[0], test.token).statusCode(), "already revoked");
        assertEquals(400, post("/api/revocations?serial=ABCDEF", new byte[0], test.token).statusCode(), "unknown serial");

        assertEquals(404, get(test.server.crlUrl("nope")).statusCode());
        assertEquals(test.pki.root().certificate(), Pem.certificate(get(test.server.httpUrl() + "/ca/root.pem").body()));
        X509CRLHolder crl = Pem.crl(get(test.server.crlUrl("gwh")).body());
        assertTrue(crl.getRevokedCertificate(certificate.getSerialNumber()) != null, "listed on the CRL");
        Duration validity = Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant());
        assertEquals(SmPki.DEFAULT_CRL_VALIDITY, validity, "nextUpdate as configured");

        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                test.pki.subCa(Role.GWH).certificate(), certificate.getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        OCSPResp viaPost = new OCSPResp(post("/ocsp", request, null).body());
        assertTrue(((BasicOCSPResp) viaPost.getResponseObject()).getResponses()[0].getCertStatus() instanceof RevokedStatus);
        String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
        HttpResponse<byte[]> getResponse = get(test.server.ocspUrl() + "/" + encoded);
        assertEquals(200, getResponse.statusCode(), new String(getResponse.body()));
        OCSPResp viaGet = new OCSPResp(getResponse.body());
        assertEquals(OCSPResp.SUCCESSFUL, viaGet.getStatus());
        assertTrue(((BasicOCSPResp) viaGet.getResponseObject()).getResponses()[0].getCertStatus() instanceof RevokedStatus);

        // A request whose Base64 holds '/' and '+' (URL-encoded as RFC 6960 asks) reaches the responder intact.
        String awkward;
        do {
            byte[] nonce = new byte[24];
            new java.security.SecureRandom().nextBytes(nonce);
            byte[] withNonce = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new org.bouncycastle.asn1.x509.Extensions(
                    org.bouncycastle.asn1.x509.Extension.create(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                            false, new org.bouncycastle.asn1.DEROctetString(nonce)))).build().getEncoded();
            awkward = Base64.getEncoder().encodeToString(withNonce);
        } while (!awkward.contains("/") || !awkward.contains("+"));
        OCSPResp awkwardGet = new OCSPResp(get(test.server.ocspUrl() + "/"
                + URLEncoder.encode(awkward, StandardCharsets.US_ASCII)).body());
        assertEquals(OCSPResp.SUCCESSFUL, awkwardGet.getStatus());

        OCSPResp malformed = new OCSPResp(post("/ocsp", "junk".getBytes(), null).body());
        assertEquals(OCSPResp.MALFORMED_REQUEST, malformed.getStatus());
    }

    @Test
    void theLdapDirectoryHoldsCertificatesAndCrlsSearchableBySubject() throws Exception {
        X509CertificateHolder tls = Pem.certificate(post("/api/certificates?role=GWA&usage=tls", csr("admin-dir"), test.token).body());
        X509CertificateHolder sig = Pem.certificate(post("/api/certificates?role=GWA&usage=signature", csr("admin-dir"), test.token).body());
        List<X509CertificateHolder> found = LdapDirectory.findCertificates("127.0.0.1", test.server.ldapPort(), "admin-dir.GWA");
        assertEquals(Set.of(tls, sig), new HashSet<>(found));
        assertEquals(List.of(test.pki.subCa(Role.GWA).certificate()),
                LdapDirectory.findCertificates("127.0.0.1", test.server.ldapPort(), "GWA-Sub.CA"));
        assertTrue(LdapDirectory.findCertificates("127.0.0.1", test.server.ldapPort(), "nobody.GWA").isEmpty());
        try (var connection = new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1", test.server.ldapPort())) {
            X509CRLHolder crl = LdapDirectory.findCrl(connection, "GWA-Sub.CA");
            assertEquals(test.pki.subCa(Role.GWA).certificate().getSubject(), crl.getIssuer());
            // Clients read; they cannot write.
            assertFalse(connection.processOperation(new com.unboundid.ldap.sdk.DeleteRequest(
                    LdapDirectory.userDn("admin-dir.GWA", Role.GWA))).getResultCode()
                    .equals(com.unboundid.ldap.sdk.ResultCode.SUCCESS));
        }
    }

    @Test
    void certificatesIssuedByAnotherProcessReachTheDirectory() throws Exception {
        try (SmPki second = SmPki.open(test.pki.dir())) {
            second.issuer().issueNewKey("cli", "1ESY1160000077", Role.METER, CertificateUsage.TLS);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<X509CertificateHolder> found = List.of();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = LdapDirectory.findCertificates("127.0.0.1", test.server.ldapPort(), "1ESY1160000077.LMN");
        }
        assertEquals(1, found.size(), "the directory follows the store");
    }

    @Test
    void stateSurvivesReopening() throws Exception {
        X509CertificateHolder certificate = test.issue("persist", Role.EMT).issued().certificate();
        test.pki.revoke(certificate.getSerialNumber(), RevocationReason.SUPERSEDED, "test");
        try (SmPki reopened = SmPki.open(test.pki.dir())) {
            assertTrue(reopened.store().revocation(certificate.getSerialNumber()).isPresent());
            assertEquals(RevocationReason.SUPERSEDED, reopened.store().revocation(certificate.getSerialNumber()).get().reason());
            assertTrue(reopened.store().auditLog().stream().anyMatch(e -> e.action().equals("revoke")));
            assertTrue(reopened.store().registrarOf(test.token).isPresent(), "the token hash is stored");
            assertEquals(test.pki.root().certificate(), reopened.root().certificate());
        }
    }
}
