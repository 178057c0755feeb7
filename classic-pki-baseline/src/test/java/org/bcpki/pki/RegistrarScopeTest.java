package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registrar scopes on the real issuance service on loopback: who may issue and revoke what (issue #14, finding 13). */
class RegistrarScopeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    private static HttpResponse<String> post(TestPki test, String path, byte[] body, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(test.server.httpUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> revoke(TestPki test, BigInteger serial, String reason, String token) throws Exception {
        return post(test, "/api/revocations?serial=" + Serials.toHex(serial) + "&reason=" + reason, new byte[0], token);
    }

    private static X509CertificateHolder issue(TestPki test, String role, String commonName, String token) throws Exception {
        byte[] csr = Pem.encode(Issuer.request(TestPki.ecKey(), commonName)).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = post(test, "/api/certificates?role=" + role, csr, token);
        assertEquals(201, response.statusCode(), response.body());
        return Pem.certificate(response.body().getBytes(StandardCharsets.US_ASCII));
    }

    private static X509CRLHolder crl(TestPki test, String caId) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(test.server.crlUrl(caId)))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return Pem.crl(response.body());
    }

    private static ValidationResult viaCrls(TestPki test, X509CertificateHolder endEntity, Role role) {
        return PathValidator.withCrlDistributionPoints(test.anchors()).validate(test.chain(endEntity, role), role, Instant.now());
    }

    private static ValidationResult viaOcsp(TestPki test, X509CertificateHolder endEntity, Role role) {
        return PathValidator.builder(test.anchors()).ocsp(test.server.ocspUrl()).build()
                .validate(test.chain(endEntity, role), role, Instant.now());
    }

    @Test
    @DisplayName("finding 13: a registrar token cannot revoke the EMT sub-CA; the root CRL stays clean and EMT certificates stay valid")
    void aRegistrarCannotRevokeASubCa() throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA)) {
            X509CertificateHolder emt = issue(test, "EMT", "stadtwerke", test.token);
            BigInteger subCa = test.pki.subCa(Role.EMT).certificate().getSerialNumber();

            HttpResponse<String> attack = revoke(test, subCa, "cACompromise", test.token);

            assertEquals(403, attack.statusCode(), attack.body());
            assertTrue(attack.body().contains("EMT-Sub.CA is a CA certificate"), attack.body());
            assertTrue(test.pki.store().revocation(subCa).isEmpty(), "nothing recorded");
            assertNull(crl(test, "root").getRevokedCertificate(subCa), "the root CRL does not list the EMT sub-CA");
            assertEquals(Decision.GRANTED, viaCrls(test, emt, Role.EMT).decision(), viaCrls(test, emt, Role.EMT).reason());
            assertEquals(Decision.GRANTED, viaOcsp(test, emt, Role.EMT).decision());
            assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.actor().equals(SmPki.DEFAULT_REGISTRAR)
                    && e.action().equals("revoke") && e.outcome().equals("rejected: CA certificate")));
            // Every sub-CA is refused alike, and the service keeps serving afterwards.
            for (CertificateAuthority ca : test.pki.subCas()) {
                assertEquals(403, revoke(test, ca.certificate().getSerialNumber(), "keyCompromise", test.token).statusCode());
            }
            assertEquals(200, revoke(test, emt.getSerialNumber(), "keyCompromise", test.token).statusCode());
        }
    }

    @Test
    @DisplayName("finding 13: a registrar can neither revoke nor issue outside its scope (another registrar's end entities)")
    void aRegistrarStaysInsideItsScope() throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA)) {
            String nord = test.pki.putRegistrar("stadtwerke-nord", RegistrarScope.parse("EMT", "stadtwerke-nord*"), "test");
            String meters = test.pki.putRegistrar("meter-shop", RegistrarScope.parse("METER", "1ESY116*"), "test");
            X509CertificateHolder foreignEmt = issue(test, "EMT", "energie-sued", test.token);
            X509CertificateHolder foreignMeter = issue(test, "METER", "1ESY1160000001", meters);
            X509CertificateHolder own = issue(test, "EMT", "stadtwerke-nord-1", nord);

            HttpResponse<String> otherEmt = revoke(test, foreignEmt.getSerialNumber(), "keyCompromise", nord);
            assertEquals(403, otherEmt.statusCode(), otherEmt.body());
            assertTrue(otherEmt.body().contains("energie-sued.EMT is outside registrar 'stadtwerke-nord'"), otherEmt.body());
            HttpResponse<String> otherRole = revoke(test, foreignMeter.getSerialNumber(), "keyCompromise", nord);
            assertEquals(403, otherRole.statusCode(), otherRole.body());
            HttpResponse<String> nordByMeterShop = revoke(test, own.getSerialNumber(), "keyCompromise", meters);
            assertEquals(403, nordByMeterShop.statusCode(), nordByMeterShop.body());
            for (X509CertificateHolder untouched : List.of(foreignEmt, foreignMeter, own)) {
                assertTrue(test.pki.store().revocation(untouched.getSerialNumber()).isEmpty());
            }
            assertNull(crl(test, "emt").getRevokedCertificate(foreignEmt.getSerialNumber()));
            assertEquals(Decision.GRANTED, viaCrls(test, foreignEmt, Role.EMT).decision());

            byte[] csr = Pem.encode(Issuer.request(TestPki.ecKey(), "energie-sued")).getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> foreignName = post(test, "/api/certificates?role=EMT", csr, nord);
            assertEquals(403, foreignName.statusCode(), foreignName.body());
            assertTrue(foreignName.body().contains("energie-sued.EMT is outside"), foreignName.body());
            HttpResponse<String> foreignRole = post(test, "/api/certificates?role=GWA", csr, nord);
            assertEquals(403, foreignRole.statusCode(), foreignRole.body());
            assertTrue(foreignRole.body().contains("may not issue GWA certificates"), foreignRole.body());
            assertEquals(1, test.pki.store().certificatesByCommonName("energie-sued.EMT").size(), "nothing issued");
            assertTrue(test.pki.store().certificatesByCommonName("energie-sued.GWA").isEmpty());
            assertTrue(test.pki.store().auditLog().stream().anyMatch(e -> e.actor().equals("stadtwerke-nord")
                    && e.outcome().equals("rejected: outside scope")));

            // Inside its scope the same registrar revokes.
            assertEquals(200, revoke(test, own.getSerialNumber(), "keyCompromise", nord).statusCode());
            assertEquals(Decision.REVOKED, viaCrls(test, own, Role.EMT).decision());
        }
    }

    @Test
    @DisplayName("finding 13: a registrar's end-entity revocation in its scope shows up in the CRL and in OCSP")
    void legitimateRevocationIsPublished() throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA)) {
            X509CertificateHolder meter = issue(test, "METER", "1ESY1160000042", test.token);
            assertEquals(Decision.GRANTED, viaOcsp(test, meter, Role.METER).decision());

            HttpResponse<String> response = revoke(test, meter.getSerialNumber(), "keyCompromise", test.token);

            assertEquals(200, response.statusCode(), response.body());
            X509CRLHolder lmnCrl = crl(test, "lmn");
            assertNotNull(lmnCrl.getRevokedCertificate(meter.getSerialNumber()), "listed on the LMN sub-CA's CRL");
            ValidationResult byCrl = viaCrls(test, meter, Role.METER);
            assertEquals(Decision.REVOKED, byCrl.decision(), byCrl.reason());
            assertEquals(ValidationResult.Check.CRL, byCrl.failedCheck());
            ValidationResult byOcsp = viaOcsp(test, meter, Role.METER);
            assertEquals(Decision.REVOKED, byOcsp.decision(), byOcsp.reason());
            assertEquals(ValidationResult.Check.OCSP, byOcsp.failedCheck());
            assertTrue(crl(test, "root").getRevokedCertificates().isEmpty(), "no CA was revoked");
        }
    }

    @Test
    @DisplayName("finding 13: only the root operator revokes a sub-CA, offline on the CA directory; the root CRL then lists it")
    void theRootOperatorRevokesASubCaOffline() throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA)) {
            X509CertificateHolder emt = issue(test, "EMT", "stadtwerke", test.token);
            BigInteger subCa = test.pki.subCa(Role.EMT).certificate().getSerialNumber();
            IllegalArgumentException notThisWay = assertThrows(IllegalArgumentException.class,
                    () -> test.pki.revoke(subCa, RevocationReason.CA_COMPROMISE, "cli"));
            assertTrue(notThisWay.getMessage().contains("bcpki pki revoke-ca"), notThisWay.getMessage());

            // The operator works on the directory (another process's view of the same files), not over HTTP.
            try (SmPki offline = SmPki.open(test.pki.dir())) {
                SmPki.CaRevocation revocation = offline.revokeSubCa(Role.EMT, RevocationReason.CA_COMPROMISE, "root-operator");
                assertEquals("root", revocation.revocation().caId());
                assertNotNull(revocation.rootCrl().getRevokedCertificate(subCa), "the fresh root CRL lists it");
                assertTrue(revocation.rootCrl().isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                        .setProvider(org.bcpki.core.crypto.SignatureSuite.provider()).build(test.pki.root().certificate())));
            }
            assertNotNull(crl(test, "root").getRevokedCertificate(subCa), "the running service serves it too");
            ValidationResult result = viaCrls(test, emt, Role.EMT);
            assertEquals(Decision.REVOKED, result.decision(), result.reason());
            assertTrue(result.reason().contains("EMT-Sub.CA"), result.reason());
        }
    }

    @Test
    @DisplayName("finding 13: a registrar stored before scopes may do nothing until the operator gives it a scope")
    void aRegistrarWithoutScopeIsRefused() throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA)) {
            test.pki.store().putRegistrar("legacy", "legacy-token-0123456789", RegistrarScope.NONE);
            byte[] csr = Pem.encode(Issuer.request(TestPki.ecKey(), "legacy-emt")).getBytes(StandardCharsets.US_ASCII);
            assertEquals(403, post(test, "/api/certificates?role=EMT", csr, "legacy-token-0123456789").statusCode());
            assertThrows(IllegalArgumentException.class, () -> RegistrarScope.parse("EMT", "evil|*"));
            assertThrows(IllegalArgumentException.class, () -> test.pki.putRegistrar("cli", RegistrarScope.ALL_END_ENTITIES, "test"));
        }
    }

    @Test
    @DisplayName("finding 13: a database from before scopes keeps its registrars but gives them no scope (fail closed)")
    void anOldDatabaseGetsScopeColumnsAndItsRegistrarsNoScope() throws Exception {
        Path file = dir.resolve("old-pki.db");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE registrars (name TEXT PRIMARY KEY, token_sha256 BLOB NOT NULL, created_at INTEGER NOT NULL)");
            statement.execute("INSERT INTO registrars VALUES ('old', x'"
                    + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest("old-token".getBytes(StandardCharsets.UTF_8))) + "', 0)");
        }
        try (PkiStore store = PkiStore.open(file)) {
            Registrar old = store.registrarOf("old-token").orElseThrow();
            assertEquals(RegistrarScope.NONE, old.scope());
            assertFalse(old.scope().permitsCommonName("stadtwerke.EMT"));
            store.putRegistrar("old", "new-token", RegistrarScope.parse("EMT", "stadtwerke"));
            assertTrue(store.registrarOf("new-token").orElseThrow().scope().permitsCommonName("stadtwerke.EMT"));
            assertTrue(store.registrarOf("old-token").isEmpty(), "re-keyed");
        }
    }
}
