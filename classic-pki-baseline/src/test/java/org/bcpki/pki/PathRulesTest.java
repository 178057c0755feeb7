package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.Test;

/** RFC 5280 path rules the validator got wrong or skipped (issue #17, found with NIST PKITS and the differential test). */
class PathRulesTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final KeyPair ROOT_KEY = TestPki.ecKey();
    private static final CertificateAuthority ROOT = new CertificateAuthority(null, ProfileCertificates.root(ROOT_KEY,
            NOW.minusSeconds(3600)), ROOT_KEY.getPrivate());

    /** A certificate from {@code issuer} under {@code issuerName}: a CA (pathLen 0) or an end entity, with AKI and SKI. */
    private static X509CertificateHolder certificate(CertificateAuthority issuer, X500Name issuerName, X500Name subject, KeyPair key,
                                                     boolean ca) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, ProfileCertificates.randomSerial(),
                Date.from(NOW.minusSeconds(600)), Date.from(NOW.plus(1, ChronoUnit.DAYS)), subject, ProfileCertificates.spki(key.getPublic()));
        TestPki.add(builder, Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
        TestPki.add(builder, Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        TestPki.add(builder, Extension.certificatePolicies, false, ProfileCertificates.policies());
        TestPki.add(builder, Extension.authorityKeyIdentifier, false,
                ProfileCertificates.utils().createAuthorityKeyIdentifier(issuer.certificate().getSubjectPublicKeyInfo()));
        TestPki.add(builder, Extension.subjectKeyIdentifier, false,
                ProfileCertificates.utils().createSubjectKeyIdentifier(ProfileCertificates.spki(key.getPublic())));
        return builder.build(issuer.signer());
    }

    private static CertificateAuthority subCa(CertificateAuthority issuer, X500Name subject) {
        KeyPair key = TestPki.ecKey();
        return new CertificateAuthority(Role.EMT, certificate(issuer, issuer.certificate().getSubject(), subject, key, true), key.getPrivate());
    }

    /** Every CA's empty CRL, verified once and indexed, so the validator needs no network. */
    private static RevocationIndex crls(CertificateAuthority... cas) {
        RevocationIndex index = new RevocationIndex();
        for (CertificateAuthority ca : cas) {
            index.applyBase(CrlBuilder.build(ca, List.of(), NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.DAYS), BigInteger.ONE), ca.certificate());
        }
        return index;
    }

    @Test
    void aNameWithItsRdnsInAnotherOrderDoesNotChain() {
        X500Name forward = SmPkiProfile.name("Order-Sub.CA");
        X500Name reversed = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Order-Sub.CA").addRDN(BCStyle.O, SmPkiProfile.ORGANISATION)
                .addRDN(BCStyle.C, SmPkiProfile.COUNTRY).build();
        assertTrue(forward.equals(reversed), "Bouncy Castle's X500Name.equals ignores the RDN order");
        assertFalse(Names.same(forward, reversed));
        assertTrue(Names.same(forward, new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "de").addRDN(BCStyle.O, "sm-test-pki-de")
                .addRDN(BCStyle.CN, "order-sub.ca").build()), "case still folds");
        CertificateAuthority sub = subCa(ROOT, forward);
        X509CertificateHolder endEntity = certificate(sub, reversed, SmPkiProfile.name("ordered.EMT"), TestPki.ecKey(), false);
        ValidationResult result = PathValidator.builder(List.of(ROOT.certificate())).revocationIndex(crls(ROOT, sub))
                .crlFromDistributionPoints(false).build().validate(List.of(endEntity, sub.certificate()), null, NOW);
        assertEquals(ValidationResult.Check.PATH, result.failedCheck(), result.reason());
    }

    @Test
    void aSelfIssuedCertificateDoesNotCountTowardsThePathLength() {
        CertificateAuthority sub = subCa(ROOT, SmPkiProfile.name("Rollover-Sub.CA"));
        KeyPair newKey = TestPki.ecKey();
        X509CertificateHolder link = certificate(sub, sub.certificate().getSubject(), sub.certificate().getSubject(), newKey, true);
        CertificateAuthority renewed = new CertificateAuthority(Role.EMT, link, newKey.getPrivate());
        X509CertificateHolder endEntity = certificate(renewed, link.getSubject(), SmPkiProfile.name("rolled.EMT"), TestPki.ecKey(), false);
        ValidationResult result = PathValidator.builder(List.of(ROOT.certificate())).revocationIndex(crls(ROOT, sub, renewed))
                .crlFromDistributionPoints(false).build().validate(List.of(endEntity, link, sub.certificate()), null, NOW);
        assertEquals(Decision.GRANTED, result.decision(), result.reason());
    }

    @Test
    void aCertificateWhoseNameCannotBeReadIsUnknownNotThrown() throws Exception {
        CertificateAuthority sub = subCa(ROOT, SmPkiProfile.name("Odd-Sub.CA"));
        X509CertificateHolder endEntity = certificate(sub, sub.certificate().getSubject(), SmPkiProfile.name("odd.EMT"), TestPki.ecKey(), false);
        X509CertificateHolder unreadable = new X509CertificateHolder(TestPki.unreadableCommonNames(endEntity.getEncoded()));
        ValidationResult result = PathValidator.builder(List.of(ROOT.certificate())).revocationIndex(crls(ROOT, sub))
                .crlFromDistributionPoints(false).build().validate(List.of(unreadable, sub.certificate()), null, NOW);
        assertEquals(Decision.UNKNOWN, result.decision());
        assertTrue(result.reason().startsWith("malformed certificate name"), result.reason());
    }

    @Test
    void aValidatorWithoutAnyRevocationSourceFailsClosed() {
        CertificateAuthority sub = subCa(ROOT, SmPkiProfile.name("Nowhere-Sub.CA"));
        X509CertificateHolder endEntity = certificate(sub, sub.certificate().getSubject(), SmPkiProfile.name("nowhere.EMT"),
                TestPki.ecKey(), false);
        ValidationResult result = PathValidator.builder(List.of(ROOT.certificate())).crlFromDistributionPoints(false).build()
                .validate(List.of(endEntity, sub.certificate()), null, NOW);
        assertEquals(Decision.UNKNOWN, result.decision(), "revocation was skipped: " + result.reason());
        assertEquals(ValidationResult.Check.CRL, result.failedCheck());
        ValidationResult indexOnly = PathValidator.builder(List.of(ROOT.certificate())).revocationIndex(new RevocationIndex())
                .crlFromDistributionPoints(false).build().validate(List.of(endEntity, sub.certificate()), null, NOW);
        assertEquals(Decision.UNKNOWN, indexOnly.decision(), "revocation was skipped: " + indexOnly.reason());
    }
}
