package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of the relying-party validator, each with its reason, on a live ECDSA SM-PKI. */
class PathValidatorTest {
    @TempDir static Path dir;
    static TestPki test;

    @BeforeAll
    static void start() throws Exception {
        test = TestPki.start(dir.resolve("ecdsa"), PkiAlgorithm.ECDSA);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    private static ValidationResult validate(List<X509CertificateHolder> chain, Role role) {
        return PathValidator.withCrlDistributionPoints(test.anchors()).validate(chain, role, Instant.now());
    }

    private static void assertRejected(ValidationResult result, Decision decision, ValidationResult.Check check, String reasonPart) {
        assertEquals(decision, result.decision(), result.reason());
        assertEquals(check, result.failedCheck(), result.reason());
        assertTrue(result.reason().contains(reasonPart), result.reason());
    }

    @Test
    void grantsAValidPathAndRejectsTheWrongRole() {
        X509CertificateHolder emt = test.issue("stadtwerke", Role.EMT).issued().certificate();
        ValidationResult granted = validate(test.chain(emt, Role.EMT), Role.EMT);
        assertEquals(Decision.GRANTED, granted.decision(), granted.reason());
        assertEquals(3, granted.path().size());
        assertEquals(Role.EMT, granted.role());
        assertRejected(validate(test.chain(emt, Role.EMT), Role.GWA), Decision.WRONG_ROLE, ValidationResult.Check.ROLE,
                "stadtwerke.EMT is certified for role EMT, not GWA");
    }

    @Test
    void rejectsABadSignatureOnTheEndEntityAndOnTheSubCa() {
        X509CertificateHolder emt = test.issue("forged-ee", Role.EMT).issued().certificate();
        assertRejected(validate(List.of(TestPki.tamperSignature(emt), test.pki.subCa(Role.EMT).certificate()), null),
                Decision.UNKNOWN, ValidationResult.Check.SIGNATURE, "bad signature on forged-ee.EMT");
        assertRejected(validate(List.of(emt, TestPki.tamperSignature(test.pki.subCa(Role.EMT).certificate())), null),
                Decision.UNKNOWN, ValidationResult.Check.SIGNATURE, "bad signature on EMT-Sub.CA");
    }

    @Test
    void rejectsAPathWithoutItsIntermediate() {
        X509CertificateHolder emt = test.issue("orphan", Role.EMT).issued().certificate();
        assertRejected(validate(List.of(emt), null), Decision.UNKNOWN, ValidationResult.Check.PATH, "no path from orphan.EMT");
    }

    @Test
    void rejectsExpiredAndNotYetValidCertificates() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair key = TestPki.ecKey();
        var csr = Issuer.request(key, "old-gw.SMGW");
        X509CertificateHolder expired = test.pki.issuer().issue("test", csr, Role.SMGW, CertificateUsage.TLS,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).certificate();
        assertRejected(validate(test.chain(expired, Role.SMGW), Role.SMGW), Decision.EXPIRED, ValidationResult.Check.VALIDITY,
                "old-gw.SMGW expired");
        X509CertificateHolder future = test.pki.issuer().issue("test", Issuer.request(key, "new-gw.SMGW"), Role.SMGW,
                CertificateUsage.TLS, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).certificate();
        assertRejected(validate(test.chain(future, Role.SMGW), Role.SMGW), Decision.EXPIRED, ValidationResult.Check.VALIDITY,
                "new-gw.SMGW is not valid yet");
    }

    @Test
    void rejectsACertificateRevokedOnTheCrl() {
        X509CertificateHolder meter = test.issue("1ESY1160000001", Role.METER).issued().certificate();
        assertEquals(Decision.GRANTED, validate(test.chain(meter, Role.METER), Role.METER).decision());
        test.pki.revoke(meter.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "test");
        // A fresh cache, as after the nextUpdate of the cached CRL: the new CRL lists the serial.
        assertRejected(validate(test.chain(meter, Role.METER), Role.METER), Decision.REVOKED, ValidationResult.Check.CRL,
                "1ESY1160000001.LMN (serial " + Serials.toHex(meter.getSerialNumber()) + ") revoked on");
        assertTrue(validate(test.chain(meter, Role.METER), Role.METER).reason().contains("KEY_COMPROMISE"));
    }

    @Test
    void rejectsACertificateRevokedAccordingToOcsp() {
        X509CertificateHolder gwa = test.issue("admin-ocsp", Role.GWA).issued().certificate();
        PathValidator ocspOnly = PathValidator.builder(test.anchors()).ocsp(test.server.ocspUrl()).build();
        ValidationResult good = ocspOnly.validate(test.chain(gwa, Role.GWA), Role.GWA, Instant.now());
        assertEquals(Decision.GRANTED, good.decision(), good.reason());
        assertEquals(2, good.fetches(), "OCSP for the end entity and for the sub-CA");
        test.pki.revoke(gwa.getSerialNumber(), RevocationReason.PRIVILEGE_WITHDRAWN, "test");
        assertRejected(ocspOnly.validate(test.chain(gwa, Role.GWA), Role.GWA, Instant.now()), Decision.REVOKED,
                ValidationResult.Check.OCSP, "revoked on");
    }

    @Test
    void aRevokedSubCaRevokesEverythingBelowIt() throws Exception {
        Path other = dir.resolve("revoked-sub");
        try (TestPki local = TestPki.start(other, PkiAlgorithm.ECDSA)) {
            X509CertificateHolder gwh = local.issue("maker", Role.GWH).issued().certificate();
            local.pki.revokeSubCa(Role.GWH, RevocationReason.CA_COMPROMISE, "test");
            ValidationResult result = PathValidator.withCrlDistributionPoints(local.anchors())
                    .validate(local.chain(gwh, Role.GWH), Role.GWH, Instant.now());
            assertRejected(result, Decision.REVOKED, ValidationResult.Check.CRL, "GWH-Sub.CA");
        }
    }

    @Test
    void rejectsACrlSignedByTheWrongKey() {
        X509CertificateHolder emt = test.issue("wrong-crl-key", Role.EMT).issued().certificate();
        CertificateAuthority real = test.pki.subCa(Role.EMT);
        CertificateAuthority impostor = new CertificateAuthority(Role.EMT, real.certificate(), TestPki.ecKey().getPrivate());
        Instant now = Instant.now();
        X509CRLHolder forged = CrlBuilder.build(impostor, List.of(), now, now.plus(Duration.ofHours(1)), java.math.BigInteger.ONE);
        ValidationResult result = PathValidator.builder(test.anchors()).crls(List.of(forged)).build()
                .validate(test.chain(emt, Role.EMT), Role.EMT, now);
        assertRejected(result, Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL of EMT-Sub.CA has an invalid signature");
    }

    @Test
    void failsClosedOnAStaleCrl() {
        X509CertificateHolder emt = test.issue("stale-view", Role.EMT).issued().certificate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CRLHolder stale = test.pki.buildCrl("emt", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        assertRejected(PathValidator.builder(test.anchors()).crls(List.of(stale)).build()
                .validate(test.chain(emt, Role.EMT), Role.EMT, now), Decision.STALE_VIEW, ValidationResult.Check.CRL, "is stale");
    }

    @Test
    void cachesCrlsUntilNextUpdateThenRefetchesAndFailsClosedWhenStillStale() {
        X509CertificateHolder emt = test.issue("cache-check", Role.EMT).issued().certificate();
        CrlFetcher fetcher = new CrlFetcher();
        PathValidator validator = PathValidator.builder(test.anchors()).fetcher(fetcher).build();
        Instant now = Instant.now();
        ValidationResult cold = validator.validate(test.chain(emt, Role.EMT), Role.EMT, now);
        assertEquals(Decision.GRANTED, cold.decision(), cold.reason());
        assertEquals(2, cold.fetches(), "sub-CA CRL and root CRL fetched");
        ValidationResult warm = validator.validate(test.chain(emt, Role.EMT), Role.EMT, now);
        assertEquals(Decision.GRANTED, warm.decision());
        assertEquals(0, warm.fetches(), "both CRLs from the cache");
        // Two days on, the cached CRLs (nextUpdate +24 h) are past nextUpdate: refetched, and the
        // server's CRLs are still only valid for 24 h from now, so the validator fails closed.
        ValidationResult later = validator.validate(test.chain(emt, Role.EMT), Role.EMT, now.plus(Duration.ofDays(2)));
        assertTrue(later.fetches() >= 1, "refetched after nextUpdate");
        assertRejected(later, Decision.STALE_VIEW, ValidationResult.Check.CRL, "is stale");
    }

    @Test
    void failsClosedWhenTheCrlCannotBeFetched() throws Exception {
        X509CertificateHolder emt = test.issue("no-crl", Role.EMT).issued().certificate();
        int closedPort = TestPki.freePort();
        ValidationResult result = PathValidator.builder(test.anchors())
                .crlUrls(List.of("http://127.0.0.1:" + closedPort + "/crl/emt.crl")).build()
                .validate(test.chain(emt, Role.EMT), Role.EMT, Instant.now());
        assertRejected(result, Decision.UNKNOWN, ValidationResult.Check.REVOCATION, "cannot fetch CRL");
    }

    @Test
    void rejectsWrongEndEntityKeyUsage() {
        CertificateAuthority ca = test.pki.subCa(Role.EMT);
        Instant now = Instant.now();
        X509CertificateHolder signer = TestPki.custom(ca, "bad-usage.EMT", TestPki.ecKey(), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
                    TestPki.add(b, Extension.certificatePolicies, false, ProfileCertificates.policies());
                });
        assertRejected(validate(test.chain(signer, Role.EMT), Role.EMT), Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE,
                "wrong keyUsage");
        X509CertificateHolder noUsage = TestPki.custom(ca, "no-usage.EMT", TestPki.ecKey(), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> TestPki.add(b, Extension.certificatePolicies, false, ProfileCertificates.policies()));
        assertRejected(validate(test.chain(noUsage, Role.EMT), Role.EMT), Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE,
                "lacks the critical keyUsage");
    }

    @Test
    void rejectsWrongBasicConstraints() {
        CertificateAuthority ca = test.pki.subCa(Role.EMT);
        Instant now = Instant.now();
        KeyPair key = TestPki.ecKey();
        X509CertificateHolder caAsEndEntity = TestPki.custom(ca, "ca-flag.EMT", key, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    TestPki.add(b, Extension.basicConstraints, true, new BasicConstraints(true));
                    TestPki.add(b, Extension.certificatePolicies, false, ProfileCertificates.policies());
                });
        assertRejected(validate(test.chain(caAsEndEntity, Role.EMT), Role.EMT), Decision.UNKNOWN,
                ValidationResult.Check.BASIC_CONSTRAINTS, "is a CA certificate");

        // An end entity (cA=false) that signs another certificate: not a CA in the path.
        X509CertificateHolder notCa = TestPki.custom(ca, "not-a-ca.EMT", key, now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
                    TestPki.add(b, Extension.basicConstraints, true, new BasicConstraints(false));
                });
        CertificateAuthority fakeCa = new CertificateAuthority(Role.EMT, notCa, key.getPrivate());
        X509CertificateHolder leaf = TestPki.custom(fakeCa, "leaf.EMT", TestPki.ecKey(), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        assertRejected(validate(List.of(leaf, notCa, ca.certificate()), Role.EMT), Decision.UNKNOWN,
                ValidationResult.Check.BASIC_CONSTRAINTS, "not-a-ca.EMT issues certificates but basicConstraints");
    }

    @Test
    void rejectsAPathLengthViolation() {
        CertificateAuthority sub = test.pki.subCa(Role.GWA);
        Instant now = Instant.now();
        KeyPair key = TestPki.ecKey();
        X509CertificateHolder subSub = TestPki.custom(sub, "Rogue-Sub.CA", key, now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    TestPki.add(b, Extension.basicConstraints, true, new BasicConstraints(true));
                });
        CertificateAuthority rogue = new CertificateAuthority(Role.GWA, subSub, key.getPrivate());
        X509CertificateHolder leaf = TestPki.custom(rogue, "rogue-admin.GWA", TestPki.ecKey(), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    TestPki.add(b, Extension.certificatePolicies, false, ProfileCertificates.policies());
                });
        assertRejected(validate(List.of(leaf, subSub, sub.certificate()), Role.GWA), Decision.UNKNOWN,
                ValidationResult.Check.PATH_LENGTH, "path length constraint exceeded: GWA-Sub.CA allows no further CA");
    }

    @Test
    void rejectsAnUnknownCriticalExtension() {
        Instant now = Instant.now();
        X509CertificateHolder odd = TestPki.custom(test.pki.subCa(Role.EMT), "odd.EMT", TestPki.ecKey(), now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), b -> {
                    TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    TestPki.add(b, new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true,
                            new DEROctetString(new byte[] {1}));
                });
        assertRejected(validate(test.chain(odd, Role.EMT), Role.EMT), Decision.UNKNOWN, ValidationResult.Check.CRITICAL_EXTENSION,
                "unknown critical extension 1.3.6.1.4.1.99999.1 in odd.EMT");
    }

    @Test
    void rejectsAnEndEntityWithoutTheSmPkiPolicy() {
        Instant now = Instant.now();
        X509CertificateHolder noPolicy = TestPki.custom(test.pki.subCa(Role.EMT), "nopolicy.EMT", TestPki.ecKey(),
                now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                b -> TestPki.add(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        assertRejected(validate(test.chain(noPolicy, Role.EMT), Role.EMT), Decision.UNKNOWN, ValidationResult.Check.POLICY,
                "certificate policy");
    }
}
