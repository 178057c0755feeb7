package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each hierarchy (Brainpool ECDSA, ML-DSA-65, composite) issues profile certificates that validate over live CRLs. */
class AlgorithmPathsTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(PkiAlgorithm.class)
    void validPathsPerAlgorithmWithProfileExtensions(PkiAlgorithm algorithm) throws Exception {
        try (TestPki test = TestPki.start(dir, algorithm)) {
            assertEquals(algorithm.rootKey(), test.pki.root().keyAlgorithm());
            assertEquals(algorithm.subKey(), test.pki.subCa(Role.SMGW).keyAlgorithm());
            if (algorithm == PkiAlgorithm.ECDSA) {
                assertEquals("1.2.840.10045.4.3.3", test.pki.root().certificate().getSignatureAlgorithm().getAlgorithm().getId(),
                        "root self-signed with ecdsa-with-SHA384");
                assertEquals("1.2.840.10045.4.3.3", test.pki.subCa(Role.EMT).certificate().getSignatureAlgorithm()
                        .getAlgorithm().getId(), "sub-CA certificates are signed by the root's brainpoolP384r1 key");
            }
            PathValidator validator = PathValidator.withCrlDistributionPoints(test.anchors());
            for (Role role : SmPkiProfile.certifiedRoles()) {
                String identity = role == Role.METER ? "1ESY1160000042" : "acme-" + role.name().toLowerCase();
                X509CertificateHolder certificate = test.issue(identity, role).issued().certificate();
                checkProfile(certificate, role, algorithm);
                ValidationResult result = validator.validate(test.chain(certificate, role), role, Instant.now());
                assertEquals(Decision.GRANTED, result.decision(), algorithm + " " + role + ": " + result.reason());
            }
        }
    }

    private static void checkProfile(X509CertificateHolder certificate, Role role, PkiAlgorithm algorithm) {
        assertEquals(algorithm.subKey(), SignatureSuite.identify(Pem.der(certificate.getSubjectPublicKeyInfo())));
        String cn = SmPkiProfile.commonName(certificate.getSubject());
        assertTrue(cn.endsWith("." + SmPkiProfile.suffix(role)), cn);
        assertTrue(certificate.getSubject().toString().contains("O=SM-Test-PKI-DE"), certificate.getSubject().toString());
        assertTrue(SmPkiProfile.commonName(certificate.getIssuer()).endsWith(".CA"));
        Extension keyUsage = certificate.getExtension(Extension.keyUsage);
        assertTrue(keyUsage.isCritical(), "keyUsage is critical");
        assertTrue(KeyUsage.fromExtensions(certificate.getExtensions()).hasUsages(KeyUsage.digitalSignature));
        for (var oid : new org.bouncycastle.asn1.ASN1ObjectIdentifier[] {Extension.authorityKeyIdentifier,
                Extension.subjectKeyIdentifier, Extension.certificatePolicies, Extension.issuerAlternativeName,
                Extension.basicConstraints, Extension.cRLDistributionPoints}) {
            assertNotNull(certificate.getExtension(oid), "end-user certificates carry " + oid);
        }
        assertTrue(!BasicConstraints.fromExtensions(certificate.getExtensions()).isCA());
        assertNull(certificate.getExtension(Extension.privateKeyUsagePeriod), "PrivateKeyUsagePeriod is forbidden");
        if (SmPkiProfile.requiresSubjectAltName(role)) {
            assertNotNull(certificate.getExtension(Extension.subjectAlternativeName), role + " needs a SubjectAltName");
        } else {
            assertNull(certificate.getExtension(Extension.subjectAlternativeName), role + " must not have a SubjectAltName");
        }
        if (algorithm == PkiAlgorithm.ECDSA) {
            assertEquals(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, SignatureSuite.identify(Pem.der(certificate.getSubjectPublicKeyInfo())));
            assertEquals("1.2.840.10045.4.3.2", certificate.getSignatureAlgorithm().getAlgorithm().getId(),
                    "sub-CAs sign with ecdsa-with-SHA256");
        }
    }
}
