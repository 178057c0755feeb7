package org.bcpki.pki.codesign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.LdapDirectory;
import org.bcpki.pki.Serials;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.SmPkiProfile;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code-signing sub-CA inside the SM-PKI: persisted, published, and out of the registrars' reach. */
class CodeSigningCaTest {
    @TempDir static Path dir;
    static CodeSigningFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = CodeSigningFixture.start(dir.resolve("pki"), Duration.ofHours(24), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theSubCaIsKeptOwnerOnlyAndReopenedWithThePki() throws Exception {
        Path key = dir.resolve("pki").resolve("ca-cs.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (SmPki reopened = SmPki.open(dir.resolve("pki"))) {
            assertEquals(fixture.x509.ca().certificate(), reopened.authority(CodeSigningProfile.CA_ID).certificate());
            assertEquals(fixture.x509.ca().certificate(), CodeSigningCa.of(reopened, "test").certificate(), "made once, then reused");
        }
        assertThrows(IllegalArgumentException.class, () -> fixture.pki.profileSubCa("cs", "Other.CA", "test"));
        assertThrows(IllegalArgumentException.class, () -> fixture.pki.profileSubCa("emt", "EMT2-Sub.CA", "test"));
    }

    @Test
    void theProfileIsWhatTheReadmeSays() {
        X509CertificateHolder manufacturer = fixture.x509.manufacturer().certificate();
        assertEquals("acme.CS", SmPkiProfile.commonName(manufacturer.getSubject()));
        Extension eku = manufacturer.getExtension(Extension.extendedKeyUsage);
        assertTrue(eku.isCritical());
        assertTrue(ExtendedKeyUsage.getInstance(eku.getParsedValue()).hasKeyPurposeId(KeyPurposeId.id_kp_codeSigning));
        assertEquals(1, ExtendedKeyUsage.getInstance(eku.getParsedValue()).getUsages().length);
        X509CertificateHolder subCa = fixture.x509.ca().certificate();
        assertEquals(CodeSigningProfile.CA_COMMON_NAME, SmPkiProfile.commonName(subCa.getSubject()));
        assertEquals(fixture.pki.root().certificate().getSubject(), subCa.getIssuer());
    }

    @Test
    void theDirectoryKeepsPublishingAfterCodeSigningCertificates() throws Exception {
        fixture.server.syncDirectory(); // code-signing certificates (roles without an SM-PKI class) are skipped, not thrown on
        var emt = fixture.pki.issuer().issueNewKey("test", "after-codesign", Role.EMT, CertificateUsage.TLS);
        fixture.server.syncDirectory();
        List<X509CertificateHolder> found = LdapDirectory.findCertificates("127.0.0.1", fixture.server.ldapPort(), "after-codesign.EMT");
        assertEquals(List.of(emt.issued().certificate()), found);
        assertEquals(List.of(fixture.x509.ca().certificate()),
                LdapDirectory.findCertificates("127.0.0.1", fixture.server.ldapPort(), CodeSigningProfile.CA_COMMON_NAME));
    }

    @Test
    void aRegistrarCannotRevokeACodeSigningCertificate() throws Exception {
        X509CertificateHolder manufacturer = fixture.x509.manufacturer().certificate();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                fixture.server.httpUrl() + "/api/revocations?serial=" + Serials.toHex(manufacturer.getSerialNumber())
                        + "&reason=keyCompromise")).header("Authorization", "Bearer " + fixture.registrarToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(fixture.pki.store().revocation(manufacturer.getSerialNumber()).isEmpty());
        assertTrue(fixture.pki.currentCrl(CodeSigningProfile.CA_ID).getRevokedCertificates().isEmpty());
    }

    @Test
    void releaseKeysMustBeMlDsa65() {
        var ecdsa = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).generate(new SecureRandom());
        assertThrows(IllegalArgumentException.class, () -> fixture.x509.ca().certifyManufacturer("eckey", ecdsa.getPublic()));
        assertEquals(0, fixture.pki.store().certificatesByCommonName("eckey.CS").size());
    }
}
