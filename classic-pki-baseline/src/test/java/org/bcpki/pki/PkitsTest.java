package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.jcajce.PKIXExtendedBuilderParameters;
import org.bouncycastle.jcajce.PKIXExtendedParameters;
import org.junit.jupiter.api.Test;

/**
 * NIST PKITS (the sections that apply to what {@link PathValidator} checks; see README.md next to the data
 * and the table in classic-pki-baseline/README.md) against the validator, run twice: reading the given CRLs
 * as complete CRLs, and with the delta-aware {@link RevocationIndex} loaded with them. The end-entity SM-PKI
 * profile is off (PKITS end entities are generic RFC 5280 certificates). Bouncy Castle's PKIX path builder
 * runs on the same data as a check of the harness. Every result must match PKITS, unless the case is listed
 * in {@link #DEVIATIONS} with the reason.
 */
class PkitsTest {
    /** PKITS (2001 edition) certificates and CRLs are valid from 2001-04-19 to 2011-04-19; its date-sensitive tests need a time after 2003. */
    private static final Instant AT = Instant.parse("2010-01-01T00:00:00Z");

    private static final String INHERITED_DSA = "DSA parameter inheritance (RFC 3279 2.3.2) is not supported: a key must carry its"
            + " own parameters, as EC and ML-DSA keys always do; the signature does not verify, the path fails closed";
    private static final String OTHER_CRL_KEY = "the CRL is signed by another key of the CA than the one that issued the certificate"
            + " (separate CRL key, or a key rollover with self-issued certificates); the validator accepts only CRLs signed by the"
            + " issuing key, as every SM-PKI CA signs its CRLs with its certificate key: fails closed";
    private static final String SCOPED_CRL = "the path needs a CRL scoped to one distribution point (issuingDistributionPoint),"
            + " which the validator refuses (each SM-PKI CA publishes one full CRL): fails closed";
    private static final String DELTA_IGNORED = "without the revocation index the validator reads complete CRLs only, so a revocation"
            + " or removeFromCRL in a delta CRL is not seen (RFC 5280 makes delta CRLs optional); with the index it matches PKITS";

    /** Mode ("plain", "index" or "bc") and case to the reason the outcome differs from PKITS. */
    private static final Map<String, String> DEVIATIONS = Map.ofEntries(
            Map.entry("plain 4.1.5", INHERITED_DSA), Map.entry("index 4.1.5", INHERITED_DSA),
            Map.entry("plain 4.4.19", OTHER_CRL_KEY), Map.entry("index 4.4.19", OTHER_CRL_KEY),
            Map.entry("plain 4.5.1", OTHER_CRL_KEY), Map.entry("index 4.5.1", OTHER_CRL_KEY),
            Map.entry("plain 4.6.15", OTHER_CRL_KEY), Map.entry("index 4.6.15", OTHER_CRL_KEY),
            Map.entry("plain 4.6.17", OTHER_CRL_KEY), Map.entry("index 4.6.17", OTHER_CRL_KEY),
            Map.entry("plain 4.5.3", SCOPED_CRL), Map.entry("index 4.5.3", SCOPED_CRL),
            Map.entry("plain 4.5.4", SCOPED_CRL), Map.entry("index 4.5.4", SCOPED_CRL),
            Map.entry("plain 4.5.6", SCOPED_CRL), Map.entry("index 4.5.6", SCOPED_CRL),
            Map.entry("plain 4.15.4", DELTA_IGNORED), Map.entry("plain 4.15.5", DELTA_IGNORED));

    private record Case(String id, String endEntity, List<String> intermediates, List<String> crls) {
        boolean valid() {
            return endEntity.startsWith("Valid");
        }
    }

    @Test
    void applicableSectionsMatchPkits() throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        X509CertificateHolder anchor = certificate("TrustAnchorRootCertificate");
        for (Case c : cases()) {
            X509CertificateHolder endEntity = certificate(c.endEntity());
            List<X509CertificateHolder> chain = new ArrayList<>();
            chain.add(endEntity);
            for (String name : c.intermediates()) {
                chain.add(certificate(name));
            }
            List<X509CRLHolder> crls = new ArrayList<>();
            crls.add(crl("TrustAnchorRootCRL"));
            for (String name : c.crls()) {
                crls.add(crl(name));
            }
            ValidationResult plain = PathValidator.builder(List.of(anchor)).crls(crls).crlFromDistributionPoints(false)
                    .endEntityProfile(false).build().validate(chain, null, AT);
            ValidationResult indexed = PathValidator.builder(List.of(anchor)).revocationIndex(loaded(crls, chain, anchor))
                    .crlFromDistributionPoints(false).endEntityProfile(false).build().validate(chain, null, AT);
            String bc = bouncyCastle(anchor, chain, crls);
            check(c, "plain", plain.decision() == Decision.GRANTED, mismatches);
            check(c, "index", indexed.decision() == Decision.GRANTED, mismatches);
            check(c, "bc", bc == null, mismatches);
            rows.add(String.format("| %s %s | %s | %s | %s | %s |", c.id(), c.endEntity(), c.valid() ? "valid" : "invalid",
                    verdict(plain), verdict(indexed), bc == null ? "valid" : "invalid: " + bc));
        }
        rows.forEach(System.out::println);
        assertEquals(List.of(), mismatches);
    }

    private static void check(Case c, String mode, boolean valid, List<String> mismatches) {
        boolean deviates = DEVIATIONS.containsKey(mode + " " + c.id());
        if ((valid == c.valid()) == deviates) {
            mismatches.add(mode + " " + c.id() + (deviates ? " now matches PKITS: drop its deviation" : " differs from PKITS"));
        }
    }

    private static String verdict(ValidationResult result) {
        return result.decision() == Decision.GRANTED ? "valid" : result.decision() + "/" + result.failedCheck() + ": " + result.reason();
    }

    /** A revocation index loaded with the case's CRLs, each under every certificate of its issuer's name that verifies it. */
    private static RevocationIndex loaded(List<X509CRLHolder> crls, List<X509CertificateHolder> chain, X509CertificateHolder anchor) {
        RevocationIndex index = new RevocationIndex();
        List<X509CertificateHolder> candidates = new ArrayList<>(chain);
        candidates.add(anchor);
        for (X509CRLHolder crl : crls) {
            for (X509CertificateHolder issuer : candidates) {
                if (!issuer.getSubject().equals(crl.getIssuer())) {
                    continue;
                }
                try {
                    if (Crls.baseNumber(crl) == null) {
                        index.applyBase(crl, issuer);
                    } else {
                        index.applyDelta(crl, issuer);
                    }
                } catch (CrlIndex.InvalidCrl refused) {
                    // not this issuer's, or not usable at all: the validator finds no CRL then
                }
            }
        }
        return index;
    }

    /** Null when BC's PKIX builder finds a valid path, else its reason. */
    private static String bouncyCastle(X509CertificateHolder anchor, List<X509CertificateHolder> chain, List<X509CRLHolder> crls)
            throws Exception {
        List<Object> store = new ArrayList<>();
        for (X509CertificateHolder certificate : chain) {
            store.add(Pem.toX509(certificate));
        }
        JcaX509CRLConverter converter = new JcaX509CRLConverter().setProvider(SignatureSuite.provider());
        for (X509CRLHolder crl : crls) {
            store.add(converter.getCRL(crl));
        }
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(Pem.toX509(chain.get(0)));
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(Set.of(new TrustAnchor(Pem.toX509(anchor), null)), target);
        parameters.setDate(Date.from(AT));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store), SignatureSuite.provider()));
        PKIXExtendedParameters base = new PKIXExtendedParameters.Builder(parameters).setUseDeltasEnabled(true).build();
        try {
            CertPathBuilder.getInstance("PKIX", SignatureSuite.provider()).build(new PKIXExtendedBuilderParameters.Builder(base).build());
            return null;
        } catch (CertPathBuilderException e) {
            return e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
        }
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = PkitsTest.class.getResourceAsStream("/pkits/cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] halves = line.split("\\|", -1);
                String[] head = halves[0].trim().split(" +");
                cases.add(new Case(head[0], head[1], List.of(head).subList(2, head.length), words(halves[1])));
            }
        }
        return cases;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split(" +"));
    }

    private static X509CertificateHolder certificate(String name) throws IOException {
        try (InputStream in = PkitsTest.class.getResourceAsStream("/pkits/certs/" + name + ".crt")) {
            return new X509CertificateHolder(in.readAllBytes());
        }
    }

    private static X509CRLHolder crl(String name) throws IOException {
        try (InputStream in = PkitsTest.class.getResourceAsStream("/pkits/crls/" + name + ".crl")) {
            return new X509CRLHolder(in.readAllBytes());
        }
    }
}
