package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.jcajce.PKIXExtendedParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test (issue #17): the relying party's {@link PathValidator} against Bouncy Castle's PKIX
 * {@code CertPathValidator} on the project's own chains (all three algorithms) and on variants of them.
 * Both see the same certificates and the same CRLs: the validator fetches them over HTTP from the
 * distribution points, BC gets them in a CertStore (delta CRLs enabled). Every case states what each side
 * answers; where they differ the case names why, and classic-pki-baseline/README.md lists the same table.
 */
class PathValidatorDifferentialTest {
    @TempDir static Path dir;
    private static HttpServer http;
    private static final Map<String, byte[]> SERVED = new ConcurrentHashMap<>();
    /** Start of the test certificates' validity, a minute before the PKIs exist. */
    private static Instant NOW;
    /** Validation time: once every PKI exists, never in the future (BC checks revocation only up to its clock). */
    private static Instant AT;
    private static final Map<String, Hierarchy> HIERARCHIES = new LinkedHashMap<>();

    /** One PKI served under {@code /<prefix>} and the CRLs served for it, each also handed to BC. */
    private record Hierarchy(String prefix, SmPki pki, Map<String, X509CRLHolder> crls) {
        String url(String crlName) {
            return base() + "/crl/" + crlName + ".crl";
        }

        String base() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + prefix;
        }
    }

    /** A CA made by the test: its certificate and key, and the name its CRL is served under. */
    private record Ca(CertificateAuthority authority, String crlName) {
        X509CertificateHolder certificate() {
            return authority.certificate();
        }
    }

    /** What a case expects of BC, of the validator reading complete CRLs, and of the validator with the delta-aware index. */
    private record Expected(boolean bc, boolean plain, boolean indexed, String why) {
        static Expected allValid() {
            return new Expected(true, true, true, "");
        }

        static Expected allInvalid() {
            return new Expected(false, false, false, "");
        }
    }

    private static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = SERVED.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        http.start();
        NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        for (PkiAlgorithm algorithm : PkiAlgorithm.values()) {
            String prefix = algorithm.cliName();
            SmPki pki = SmPki.create(dir.resolve(prefix), new SmPki.Settings(algorithm,
                    new PublicationPoints("http://127.0.0.1:" + http.getAddress().getPort() + "/" + prefix, "ldap://127.0.0.1:1"),
                    SmPki.DEFAULT_CRL_VALIDITY)).pki();
            Hierarchy hierarchy = new Hierarchy(prefix, pki, new LinkedHashMap<>());
            HIERARCHIES.put(prefix, hierarchy);
            for (CertificateAuthority ca : pki.authorities()) {
                serve(hierarchy, ca.id(), CrlBuilder.build(ca, List.of(), NOW.minusSeconds(600), NOW.plusSeconds(86_400), BigInteger.ONE));
            }
        }
        AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        http.stop(0);
        for (Hierarchy hierarchy : HIERARCHIES.values()) {
            hierarchy.pki().close();
        }
        TABLE.forEach(System.out::println);
    }

    private static void serve(Hierarchy hierarchy, String crlName, X509CRLHolder crl) {
        hierarchy.crls().put(crlName, crl);
        SERVED.put("/" + hierarchy.prefix() + "/crl/" + crlName + ".crl", Pem.der(crl));
    }

    // ---- the cases

    @Test
    void theProjectsOwnChainsAgree() {
        for (Hierarchy h : HIERARCHIES.values()) {
            for (Role role : SmPkiProfile.certifiedRoles()) {
                X509CertificateHolder ee = issue(h, role, NOW, NOW.plus(730, ChronoUnit.DAYS));
                check(h.prefix() + " " + role + " end entity as issued", h, List.of(ee, h.pki().subCa(role).certificate()), AT,
                        Expected.allValid());
            }
            X509CertificateHolder emt = issue(h, Role.EMT, NOW, NOW.plus(730, ChronoUnit.DAYS));
            check(h.prefix() + " end entity with a bad signature", h, List.of(TestPki.tamperSignature(emt), subCa(h)), AT,
                    Expected.allInvalid());
            check(h.prefix() + " sub-CA with a bad signature", h, List.of(emt, TestPki.tamperSignature(subCa(h))), AT,
                    Expected.allInvalid());
            X509CertificateHolder revoked = issue(h, Role.EMT, NOW, NOW.plus(730, ChronoUnit.DAYS));
            revokeOnCrl(h, "emt", h.pki().subCa(Role.EMT), revoked.getSerialNumber(), NOW.minusSeconds(30));
            check(h.prefix() + " end entity revoked on the CRL", h, List.of(revoked, subCa(h)), AT, Expected.allInvalid());
        }
    }

    @Test
    void validityPeriods() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        check("end entity expired", h, List.of(issue(h, Role.EMT, NOW.minus(800, ChronoUnit.DAYS), NOW.minus(70, ChronoUnit.DAYS)),
                subCa(h)), AT, Expected.allInvalid());
        check("end entity not yet valid", h, List.of(issue(h, Role.EMT, NOW.plus(1, ChronoUnit.DAYS), NOW.plus(700, ChronoUnit.DAYS)),
                subCa(h)), AT, Expected.allInvalid());
        Ca expiredCa = subCa(h, "Expired-Sub.CA", NOW.minus(900, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.DAYS), b -> {});
        check("sub-CA expired", h, List.of(endEntity(h, expiredCa, "late.EMT", NOW.minus(10, ChronoUnit.DAYS), NOW.plusSeconds(86_400),
                b -> {}), expiredCa.certificate()), AT, Expected.allInvalid());
    }

    @Test
    void namesAndSignatures() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        Ca stranger = subCa(h, "EMT-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        X509CertificateHolder impostor = endEntity(h, stranger, "impostor.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        check("issued under the sub-CA's name by another key", h, List.of(impostor, subCa(h)), AT, Expected.allInvalid());
        KeyPair otherRootKey = TestPki.ecKey();
        Ca otherRoot = new Ca(new CertificateAuthority(null, selfSigned(otherRootKey, "Other-Root.CA", 1), otherRootKey.getPrivate()),
                "other-root");
        serveEmptyCrl(h, otherRoot);
        Ca otherSub = ca(h, otherRoot, "Other-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        check("path to another root only", h, List.of(endEntity(h, otherSub, "elsewhere.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {}),
                otherSub.certificate()), AT, Expected.allInvalid());
        CertificateAuthority emt = h.pki().subCa(Role.EMT);
        X500Name respelled = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "de").addRDN(BCStyle.O, new DERUTF8String("sm-test-pki-de"))
                .addRDN(BCStyle.CN, new DERUTF8String("emt-sub.ca")).build();
        X509CertificateHolder caseFolded = build(h, new Ca(emt, "emt"), respelled, SmPkiProfile.name("folded.EMT"), TestPki.ecKey(), NOW,
                NOW.plus(30, ChronoUnit.DAYS), false, b -> {});
        check("issuer name in other case and string type (RFC 5280 7.1 matching)", h, List.of(caseFolded, subCa(h)), AT,
                Expected.allValid());
    }

    @Test
    void caConstraints() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        checkUnder(h, "sub-CA without basicConstraints", b -> b.removeExtension(Extension.basicConstraints), Expected.allInvalid());
        checkUnder(h, "sub-CA with cA=false", b -> replace(b, Extension.basicConstraints, true, new BasicConstraints(false)),
                Expected.allInvalid());
        checkUnder(h, "sub-CA keyUsage without keyCertSign", b -> replace(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.cRLSign)),
                Expected.allInvalid());
        checkUnder(h, "sub-CA keyUsage without cRLSign (signs its CRL anyway)",
                b -> replace(b, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)), Expected.allInvalid());
        checkUnder(h, "sub-CA without keyUsage", b -> b.removeExtension(Extension.keyUsage), new Expected(true, false, false,
                "profile: TR-03109-4 makes keyUsage mandatory, so a CA certificate without it is refused; RFC 5280 6.1.4 (n) only"
                        + " checks keyCertSign when keyUsage is present"));
        Ca sub = subCa(h, "Deep-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        Ca subSub = ca(h, sub, "Deeper-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        check("path length exceeded (a CA below a pathLen 0 sub-CA)", h, List.of(endEntity(h, subSub, "deep.EMT", NOW,
                NOW.plus(30, ChronoUnit.DAYS), b -> {}), subSub.certificate(), sub.certificate()), AT, Expected.allInvalid());
        KeyPair anchorKey = TestPki.ecKey();
        Ca strictRoot = new Ca(new CertificateAuthority(null, selfSigned(anchorKey, "Strict-Root.CA", 0), anchorKey.getPrivate()), "strict-root");
        serveEmptyCrl(h, strictRoot);
        Ca belowStrict = ca(h, strictRoot, "Below-Strict.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        check("trust anchor with pathLen 0 above a sub-CA", h, List.of(endEntity(h, belowStrict, "strict.EMT", NOW,
                NOW.plus(30, ChronoUnit.DAYS), b -> {}), belowStrict.certificate()), AT, strictRoot.certificate(), new Expected(true,
                false, false, "stricter on purpose: the anchor's own basicConstraints bind (RFC 5937 lets a relying party apply them);"
                        + " BC's TrustAnchor ignores them"));
    }

    @Test
    void endEntityProfile() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        String profile = "profile: the SM-PKI end-entity rules (critical keyUsage for an end entity, cA=false, policy "
                + SmPkiProfile.POLICY + ") are not RFC 5280 path rules";
        checkEndEntity(h, "end entity without keyUsage", b -> b.removeExtension(Extension.keyUsage), new Expected(true, false, false, profile));
        checkEndEntity(h, "end entity keyUsage not critical", b -> replace(b, Extension.keyUsage, false,
                new KeyUsage(KeyUsage.digitalSignature)), new Expected(true, false, false, profile));
        checkEndEntity(h, "end entity with keyCertSign", b -> replace(b, Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)), new Expected(true, false, false, profile));
        checkEndEntity(h, "end entity with cA=true", b -> replace(b, Extension.basicConstraints, true, new BasicConstraints(true)),
                new Expected(true, false, false, profile));
        checkEndEntity(h, "end entity without the SM-PKI policy", b -> b.removeExtension(Extension.certificatePolicies),
                new Expected(true, false, false, profile));
        checkEndEntity(h, "end entity with an unknown critical extension", b -> add(b, new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                true, new DERUTF8String("?")), Expected.allInvalid());
        checkEndEntity(h, "end entity with an unknown non-critical extension", b -> add(b, new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                false, new DERUTF8String("?")), Expected.allValid());
    }

    @Test
    void revocation() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        Ca revokedCa = subCa(h, "Revoked-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        revokeOnCrl(h, "root", h.pki().root(), revokedCa.certificate().getSerialNumber(), NOW.minusSeconds(30));
        check("sub-CA revoked on the root CRL", h, List.of(endEntity(h, revokedCa, "under-revoked.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS),
                b -> {}), revokedCa.certificate()), AT, Expected.allInvalid());

        Ca staleCa = subCa(h, "Stale-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        serve(h, staleCa.crlName(), CrlBuilder.build(staleCa.authority(), List.of(), NOW.minusSeconds(7200), NOW.minusSeconds(3600),
                BigInteger.ONE));
        check("CRL past its nextUpdate", h, List.of(endEntity(h, staleCa, "stale.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {}),
                staleCa.certificate()), AT, Expected.allInvalid());

        Ca forgedCrlCa = subCa(h, "Forged-Crl-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        Ca sameName = new Ca(new CertificateAuthority(Role.EMT, forgedCrlCa.certificate(), TestPki.ecKey().getPrivate()), "x");
        serve(h, forgedCrlCa.crlName(), CrlBuilder.build(sameName.authority(), List.of(), NOW.minusSeconds(600), NOW.plusSeconds(86_400),
                BigInteger.ONE));
        check("CRL signed by another key", h, List.of(endEntity(h, forgedCrlCa, "forged-crl.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS),
                b -> {}), forgedCrlCa.certificate()), AT, Expected.allInvalid());

        Ca silentCa = subCa(h, "Silent-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        SERVED.remove("/ecdsa/crl/" + silentCa.crlName() + ".crl");
        h.crls().remove(silentCa.crlName());
        check("no CRL to be had", h, List.of(endEntity(h, silentCa, "silent.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {}),
                silentCa.certificate()), AT, Expected.allInvalid());

        Ca criticalCa = subCa(h, "Critical-Crl-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        serve(h, criticalCa.crlName(), crlWith(criticalCa, new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.2")));
        check("CRL with an unknown critical extension", h, List.of(endEntity(h, criticalCa, "critical-crl.EMT", NOW,
                NOW.plus(30, ChronoUnit.DAYS), b -> {}), criticalCa.certificate()), AT, Expected.allInvalid());

        Ca laterCa = subCa(h, "Later-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        X509CertificateHolder later = endEntity(h, laterCa, "later.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        serve(h, laterCa.crlName(), CrlBuilder.build(laterCa.authority(), List.of(new PkiStore.Revocation(later.getSerialNumber(), "x",
                RevocationReason.KEY_COMPROMISE, AT.plusSeconds(3600))), NOW.minusSeconds(600), NOW.plusSeconds(86_400), BigInteger.ONE));
        check("revoked (keyCompromise) only after the validation time", h, List.of(later, laterCa.certificate()), AT, new Expected(false,
                true, true, "design: the validator answers the status at the validation time; BC treats keyCompromise, CA compromise"
                        + " and unspecified as revoked even when dated after it (the key may have leaked earlier)"));
    }

    @Test
    void deltaCrls() {
        Hierarchy h = HIERARCHIES.get("ecdsa");
        Ca deltaCa = subCa(h, "Delta-Sub.CA", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        X509CertificateHolder inBase = endEntity(h, deltaCa, "in-base.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        X509CertificateHolder inDelta = endEntity(h, deltaCa, "in-delta.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        X509CertificateHolder untouched = endEntity(h, deltaCa, "untouched.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {});
        String deltaUrl = h.url(deltaCa.crlName() + "-delta");
        serve(h, deltaCa.crlName(), CrlBuilder.complete(deltaCa.authority(), List.of(new PkiStore.Revocation(inBase.getSerialNumber(),
                "x", RevocationReason.KEY_COMPROMISE, NOW.minusSeconds(900))), NOW.minusSeconds(600), NOW.plusSeconds(86_400),
                BigInteger.TWO, deltaUrl));
        serve(h, deltaCa.crlName() + "-delta", CrlBuilder.delta(deltaCa.authority(), List.of(new PkiStore.Revocation(
                inDelta.getSerialNumber(), "x", RevocationReason.KEY_COMPROMISE, NOW.minusSeconds(300))), NOW.minusSeconds(120),
                NOW.plusSeconds(3600), BigInteger.valueOf(3), BigInteger.TWO));
        check("revoked on the complete CRL that names a delta", h, List.of(inBase, deltaCa.certificate()), AT, Expected.allInvalid());
        check("revoked only on the delta CRL", h, List.of(inDelta, deltaCa.certificate()), AT, new Expected(false, true, false,
                "design: without the revocation index the validator reads complete CRLs only (RFC 5280 6.3.3 makes deltas optional;"
                        + " this CA re-signs its complete CRL on every revocation); the index applies the delta and agrees with BC"));
        check("on neither CRL, delta present", h, List.of(untouched, deltaCa.certificate()), AT, Expected.allValid());
    }

    // ---- running both sides

    private static void check(String name, Hierarchy h, List<X509CertificateHolder> chain, Instant at, Expected expected) {
        check(name, h, chain, at, h.pki().root().certificate(), expected);
    }

    private static void check(String name, Hierarchy h, List<X509CertificateHolder> chain, Instant at, X509CertificateHolder anchor,
                              Expected expected) {
        String bcReason = "valid";
        boolean bc;
        try {
            bouncyCastle(h, chain, anchor, at);
            bc = true;
        } catch (CertPathValidatorException e) {
            bc = false;
            bcReason = e.getMessage();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ValidationResult plain = PathValidator.builder(List.of(anchor)).fetcher(new CrlFetcher()).build().validate(chain, null, at);
        ValidationResult indexed = PathValidator.builder(List.of(anchor)).fetcher(new CrlFetcher()).revocationIndex(new RevocationIndex())
                .build().validate(chain, null, at);
        TABLE.add(String.format("| %s | %s | %s | %s | %s |", name, bc ? "valid" : "invalid: " + bcReason, verdict(plain), verdict(indexed),
                expected.why()));
        assertEquals(expected.bc(), bc, name + ": BC says " + bcReason);
        assertEquals(expected.plain(), plain.decision() == Decision.GRANTED, name + ": " + plain.reason());
        assertEquals(expected.indexed(), indexed.decision() == Decision.GRANTED, name + " (index): " + indexed.reason());
    }

    private static String verdict(ValidationResult result) {
        return result.decision() == Decision.GRANTED ? "valid" : result.decision() + "/" + result.failedCheck();
    }

    private static void bouncyCastle(Hierarchy h, List<X509CertificateHolder> chain, X509CertificateHolder anchor, Instant at) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509", SignatureSuite.provider());
        List<X509Certificate> path = new ArrayList<>();
        for (X509CertificateHolder certificate : chain) {
            path.add(Pem.toX509(certificate));
        }
        List<Object> store = new ArrayList<>();
        JcaX509CRLConverter crls = new JcaX509CRLConverter().setProvider(SignatureSuite.provider());
        for (X509CRLHolder crl : h.crls().values()) {
            X509CRL converted = crls.getCRL(crl);
            store.add(converted);
        }
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(Pem.toX509(anchor), null)));
        parameters.setDate(Date.from(at));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store), SignatureSuite.provider()));
        PKIXExtendedParameters extended = new PKIXExtendedParameters.Builder(parameters).setUseDeltasEnabled(true).build();
        CertPathValidator.getInstance("PKIX", SignatureSuite.provider()).validate(factory.generateCertPath(path), extended);
    }

    // ---- building variants

    private static X509CertificateHolder subCa(Hierarchy h) {
        return h.pki().subCa(Role.EMT).certificate();
    }

    private static X509CertificateHolder issue(Hierarchy h, Role role, Instant notBefore, Instant notAfter) {
        KeyPair key = SignatureSuite.of(h.pki().settings().algorithm().subKey()).generate(new SecureRandom());
        String identity = role == Role.METER ? "1ESY11" + (10_000_000 + new SecureRandom().nextInt(89_999_999)) : "diff-" + Long.toHexString(
                new SecureRandom().nextLong() & 0xffffffL);
        return h.pki().issuer().issue("test", Issuer.request(key, SmPkiProfile.endUserCommonName(identity, role)), role, CertificateUsage.TLS,
                notBefore, notAfter).certificate();
    }

    /** The case's sub-CA under the hierarchy's root (profile CA extensions, then {@code tweak}), with an empty CRL served. */
    private static Ca subCa(Hierarchy h, String cn, Instant notBefore, Instant notAfter, Consumer<X509v3CertificateBuilder> tweak) {
        return ca(h, new Ca(h.pki().root(), "root"), cn, notBefore, notAfter, tweak);
    }

    private static Ca ca(Hierarchy h, Ca issuer, String cn, Instant notBefore, Instant notAfter, Consumer<X509v3CertificateBuilder> tweak) {
        KeyPair key = TestPki.ecKey();
        X509CertificateHolder certificate = build(h, issuer, issuer.certificate().getSubject(), SmPkiProfile.name(cn), key, notBefore,
                notAfter, true, tweak);
        Ca ca = new Ca(new CertificateAuthority(Role.EMT, certificate, key.getPrivate()), cn.toLowerCase());
        serveEmptyCrl(h, ca);
        return ca;
    }

    private static void serveEmptyCrl(Hierarchy h, Ca ca) {
        serve(h, ca.crlName(), CrlBuilder.build(ca.authority(), List.of(), NOW.minusSeconds(600), NOW.plusSeconds(86_400), BigInteger.ONE));
    }

    private static X509CertificateHolder endEntity(Hierarchy h, Ca issuer, String cn, Instant notBefore, Instant notAfter,
                                                   Consumer<X509v3CertificateBuilder> tweak) {
        return build(h, issuer, issuer.certificate().getSubject(), SmPkiProfile.name(cn), TestPki.ecKey(), notBefore, notAfter, false, tweak);
    }

    private static void checkUnder(Hierarchy h, String name, Consumer<X509v3CertificateBuilder> caTweak, Expected expected) {
        Ca ca = subCa(h, name.replaceAll("[^A-Za-z]", "") + ".CA", NOW, NOW.plus(30, ChronoUnit.DAYS), caTweak);
        check(name, h, List.of(endEntity(h, ca, "below.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), b -> {}), ca.certificate()), AT, expected);
    }

    private static void checkEndEntity(Hierarchy h, String name, Consumer<X509v3CertificateBuilder> tweak, Expected expected) {
        check(name, h, List.of(endEntity(h, new Ca(h.pki().subCa(Role.EMT), "emt"), "variant.EMT", NOW, NOW.plus(30, ChronoUnit.DAYS), tweak),
                subCa(h)), AT, expected);
    }

    /** A certificate with the profile's extensions for a CA (pathLen 0) or an end entity, then {@code tweak}, signed by {@code issuer}. */
    private static X509CertificateHolder build(Hierarchy h, Ca issuer, X500Name issuerName, X500Name subject, KeyPair key, Instant notBefore,
                                               Instant notAfter, boolean ca, Consumer<X509v3CertificateBuilder> tweak) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, ProfileCertificates.randomSerial(), Date.from(notBefore),
                Date.from(notAfter), subject, ProfileCertificates.spki(key.getPublic()));
        add(builder, Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
        add(builder, Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        add(builder, Extension.authorityKeyIdentifier, false,
                ProfileCertificates.utils().createAuthorityKeyIdentifier(issuer.certificate().getSubjectPublicKeyInfo()));
        add(builder, Extension.subjectKeyIdentifier, false, ProfileCertificates.utils().createSubjectKeyIdentifier(
                ProfileCertificates.spki(key.getPublic())));
        add(builder, Extension.certificatePolicies, false, ProfileCertificates.policies());
        add(builder, Extension.cRLDistributionPoints, false, CrlBuilder.pointTo(h.url(issuer.crlName())));
        tweak.accept(builder);
        return builder.build(issuer.authority().signer());
    }

    private static X509CertificateHolder selfSigned(KeyPair key, String cn, int pathLength) {
        X500Name name = SmPkiProfile.name(cn);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, ProfileCertificates.randomSerial(), Date.from(NOW.minusSeconds(600)),
                Date.from(NOW.plus(30, ChronoUnit.DAYS)), name, ProfileCertificates.spki(key.getPublic()));
        add(builder, Extension.basicConstraints, true, new BasicConstraints(pathLength));
        add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        add(builder, Extension.subjectKeyIdentifier, false, ProfileCertificates.utils().createSubjectKeyIdentifier(
                ProfileCertificates.spki(key.getPublic())));
        return builder.build(CertificateAuthority.signer(key.getPrivate(), "SHA256withECDSA"));
    }

    /** An empty CRL of {@code ca} carrying the critical extension {@code oid}. */
    private static X509CRLHolder crlWith(Ca ca, ASN1ObjectIdentifier oid) {
        var builder = new org.bouncycastle.cert.X509v2CRLBuilder(ca.certificate().getSubject(), Date.from(NOW.minusSeconds(600)));
        builder.setNextUpdate(Date.from(NOW.plusSeconds(86_400)));
        try {
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
            builder.addExtension(oid, true, new DERUTF8String("?"));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return builder.build(ca.authority().signer());
    }

    private static void revokeOnCrl(Hierarchy h, String crlName, CertificateAuthority ca, BigInteger serial, Instant at) {
        X509CRLHolder current = h.crls().get(crlName);
        List<PkiStore.Revocation> listed = new ArrayList<>();
        current.getRevokedCertificates().forEach(entry -> listed.add(new PkiStore.Revocation(
                ((org.bouncycastle.cert.X509CRLEntryHolder) entry).getSerialNumber(), ca.id(), RevocationReason.KEY_COMPROMISE,
                ((org.bouncycastle.cert.X509CRLEntryHolder) entry).getRevocationDate().toInstant())));
        listed.add(new PkiStore.Revocation(serial, ca.id(), RevocationReason.KEY_COMPROMISE, at));
        serve(h, crlName, CrlBuilder.build(ca, listed, NOW.minusSeconds(600), NOW.plusSeconds(86_400),
                Crls.number(current).add(BigInteger.ONE)));
    }

    private static void add(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical,
                            org.bouncycastle.asn1.ASN1Encodable value) {
        TestPki.add(builder, oid, critical, value);
    }

    private static void replace(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical,
                                org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            builder.replaceExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }
}
