package org.bcpki.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The gateway's relying-party check of an X.509 path, answering in the mirror client's vocabulary.
 *
 * <p>It builds the path from the end entity through the given intermediates to a trust anchor and
 * then applies, in this order, one rule at a time: signatures along the path; unknown critical
 * extensions; CA basicConstraints, keyCertSign and pathLenConstraint; the end entity's keyUsage,
 * basicConstraints and SM-PKI policy; validity at the given time; revocation of every certificate
 * below the anchor (CRL from the given files/URLs or the CRLDistributionPoints, cached until
 * nextUpdate; optionally OCSP); and finally the role named by the end entity's CN. Anything that
 * cannot be established fails closed.
 */
public final class PathValidator {
    private static final int MAX_PATH = 8;
    /** Extensions this validator processes; any other critical extension rejects the certificate. */
    private static final Set<ASN1ObjectIdentifier> KNOWN = Set.of(Extension.keyUsage, Extension.basicConstraints,
            Extension.certificatePolicies, Extension.subjectAlternativeName, Extension.issuerAlternativeName,
            Extension.authorityKeyIdentifier, Extension.subjectKeyIdentifier, Extension.cRLDistributionPoints,
            Extension.extendedKeyUsage, Extension.authorityInfoAccess);
    private static final Set<ASN1ObjectIdentifier> KNOWN_CRL = Set.of(Extension.cRLNumber, Extension.authorityKeyIdentifier);
    private static final int EE_USAGES = KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyAgreement
            | KeyUsage.keyEncipherment;

    private final List<X509CertificateHolder> anchors;
    private final List<X509CRLHolder> fixedCrls;
    private final List<String> crlUrls;
    private final boolean crlFromDistributionPoints;
    private final boolean useCrls;
    private final String ocspUrl;
    private final CrlFetcher fetcher;
    private final OcspClient ocsp;
    private final ValidatedPathCache pathCache;
    private final RevocationIndex revocationIndex;
    private final OcspCache ocspCache;
    private final boolean endEntityProfile;

    private PathValidator(Builder builder) {
        this.anchors = List.copyOf(builder.anchors);
        this.fixedCrls = List.copyOf(builder.fixedCrls);
        this.crlUrls = List.copyOf(builder.crlUrls);
        this.ocspUrl = builder.ocspUrl;
        this.crlFromDistributionPoints = builder.crlFromDistributionPoints
                .orElse(builder.ocspUrl == null || !builder.fixedCrls.isEmpty() || !builder.crlUrls.isEmpty());
        // Without OCSP, CRLs are the only revocation source: checked even when none is configured, so that
        // the validator then fails closed ("no CRL") instead of skipping revocation.
        this.useCrls = builder.ocspUrl == null || crlFromDistributionPoints || !fixedCrls.isEmpty() || !crlUrls.isEmpty();
        this.fetcher = builder.fetcher;
        this.ocsp = builder.ocsp;
        this.pathCache = builder.pathCache;
        this.revocationIndex = builder.revocationIndex;
        this.ocspCache = builder.ocspCache;
        this.endEntityProfile = builder.endEntityProfile;
    }

    public static Builder builder(List<X509CertificateHolder> anchors) {
        return new Builder(anchors);
    }

    /** Validates with CRLs from the certificates' distribution points (the gateway's default). */
    public static PathValidator withCrlDistributionPoints(List<X509CertificateHolder> anchors) {
        return builder(anchors).build();
    }

    /**
     * Validates {@code chain} (end entity first, then any intermediates in any order) for {@code wanted}
     * (null: any role) at time {@code at}.
     */
    public ValidationResult validate(List<X509CertificateHolder> chain, Role wanted, Instant at) {
        Run run = new Run(at);
        if (pathCache != null && chain != null && !chain.isEmpty()) {
            ValidatedPathCache.Entry cached = pathCache.get(chain.get(0), at);
            if (cached != null && anchors.contains(cached.path().get(cached.path().size() - 1))) {
                return run.warm(cached, wanted);
            }
        }
        ValidationResult result = run.validate(chain, wanted);
        if (pathCache != null && result.decision() == Decision.GRANTED) {
            pathCache.put(run.path, run.role);
        }
        return result;
    }

    /** The same for JCA certificates (e.g. a TLS peer's chain from {@code SSLSession.getPeerCertificates()}). */
    public ValidationResult validateX509(List<java.security.cert.X509Certificate> chain, Role wanted, Instant at) {
        List<X509CertificateHolder> holders = new ArrayList<>();
        for (java.security.cert.X509Certificate certificate : chain) {
            try {
                holders.add(new X509CertificateHolder(certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException | java.io.IOException e) {
                return new ValidationResult(Decision.UNKNOWN, "malformed certificate: " + e.getMessage(),
                        ValidationResult.Check.PATH, List.of(), null, 0, 0, 0);
            }
        }
        return validate(holders, wanted, at);
    }

    /** One validation: collects timing and fetch counts while the rules run. */
    private final class Run {
        private final Instant at;
        private final long start = System.nanoTime();
        private int fetches;
        private long fetchNanos;
        private List<String> pathNames = List.of();
        private List<X509CertificateHolder> path = List.of();
        private Role role;

        Run(Instant at) {
            this.at = at;
        }

        ValidationResult validate(List<X509CertificateHolder> chain, Role wanted) {
            if (chain == null || chain.isEmpty()) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.PATH, "no certificate given");
            }
            for (X509CertificateHolder certificate : chain) {
                try {
                    Pem.readable(certificate.getSubject());
                    Pem.readable(certificate.getIssuer());
                } catch (RuntimeException e) {
                    // A peer's certificate is parsed lazily: a name that cannot be read is refused, not thrown.
                    return fail(Decision.UNKNOWN, ValidationResult.Check.PATH, "malformed certificate name: " + e.getMessage());
                }
            }
            X509CertificateHolder endEntity = chain.get(0);
            role = SmPkiProfile.roleOfCommonName(SmPkiProfile.commonName(endEntity.getSubject())).orElse(null);
            path = buildPath(endEntity, chain.subList(1, chain.size()));
            if (path == null) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.PATH, "no path from " + name(endEntity)
                        + " to a trust anchor (issuer " + endEntity.getIssuer() + " not found)");
            }
            ValidationResult failure = checkStructure(path);
            if (failure == null) failure = checkValidity(path);
            if (failure == null) failure = checkRevocation(path);
            if (failure == null) failure = checkRole(endEntity, wanted);
            return failure != null ? failure
                    : result(Decision.GRANTED, ValidationResult.Check.NONE, "valid path to " + name(path.get(path.size() - 1))
                    + (role == null ? "" : " for role " + role));
        }

        /**
         * Warm per reading: the path's signatures, profile and validity were established when it was
         * cached; only revocation (index or OCSP cache, fetching when those cannot answer) and role remain.
         */
        ValidationResult warm(ValidatedPathCache.Entry cached, Role wanted) {
            role = cached.role();
            path = cached.path();
            pathNames = path.stream().map(c -> c.getSubject().toString()).toList();
            ValidationResult failure = checkRevocation(path);
            if (failure == null) failure = checkRole(path.get(0), wanted);
            return failure != null ? failure
                    : result(Decision.GRANTED, ValidationResult.Check.NONE, "valid cached path to " + name(path.get(path.size() - 1))
                    + (role == null ? "" : " for role " + role));
        }

        /** End entity first, anchor last; null when no anchor is reachable. */
        private List<X509CertificateHolder> buildPath(X509CertificateHolder endEntity, List<X509CertificateHolder> intermediates) {
            List<X509CertificateHolder> path = new ArrayList<>();
            path.add(endEntity);
            X509CertificateHolder current = endEntity;
            while (path.size() <= MAX_PATH) {
                for (X509CertificateHolder anchor : anchors) {
                    if (issuedBy(current, anchor)) {
                        path.add(anchor);
                        pathNames = path.stream().map(c -> c.getSubject().toString()).toList();
                        return path;
                    }
                }
                X509CertificateHolder next = null;
                for (X509CertificateHolder candidate : intermediates) {
                    if (!path.contains(candidate) && issuedBy(current, candidate)) {
                        next = candidate;
                        break;
                    }
                }
                if (next == null) {
                    pathNames = path.stream().map(c -> c.getSubject().toString()).toList();
                    return null;
                }
                path.add(next);
                current = next;
            }
            return null;
        }

        private ValidationResult checkStructure(List<X509CertificateHolder> path) {
            int last = path.size() - 1;
            for (int i = 0; i < last; i++) {
                if (!signatureValid(path.get(i), path.get(i + 1))) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.SIGNATURE, "bad signature on " + name(path.get(i))
                            + " (not signed by the key of " + name(path.get(i + 1)) + ")");
                }
            }
            for (int i = 0; i < last; i++) {
                for (ASN1ObjectIdentifier oid : path.get(i).getExtensions() == null ? new ASN1ObjectIdentifier[0]
                        : path.get(i).getExtensions().getCriticalExtensionOIDs()) {
                    if (!KNOWN.contains(oid)) {
                        return fail(Decision.UNKNOWN, ValidationResult.Check.CRITICAL_EXTENSION,
                                "unknown critical extension " + oid + " in " + name(path.get(i)));
                    }
                }
            }
            // CA certificates from the top down, tracking the remaining path length (RFC 5280 6.1.4).
            int remaining = pathLength(path.get(last)).orElse(Integer.MAX_VALUE);
            for (int i = last - 1; i >= 1; i--) {
                X509CertificateHolder ca = path.get(i);
                BasicConstraints constraints = BasicConstraints.fromExtensions(ca.getExtensions());
                if (constraints == null || !constraints.isCA()) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.BASIC_CONSTRAINTS, name(ca)
                            + " issues certificates but basicConstraints does not make it a CA");
                }
                if (!hasKeyUsage(ca, KeyUsage.keyCertSign)) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE, name(ca)
                            + " issues certificates but its keyUsage lacks keyCertSign");
                }
                // RFC 5280 6.1.4 (l): a self-issued certificate (a CA's key rollover) does not count.
                if (!selfIssued(ca)) {
                    if (remaining <= 0) {
                        return fail(Decision.UNKNOWN, ValidationResult.Check.PATH_LENGTH, "path length constraint exceeded: "
                                + name(path.get(i + 1)) + " allows no further CA below it, found " + name(ca));
                    }
                    remaining--;
                }
                remaining = Math.min(remaining, pathLength(ca).orElse(Integer.MAX_VALUE));
            }
            if (!hasKeyUsage(path.get(last), KeyUsage.keyCertSign) && keyUsage(path.get(last)) != null) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE, "trust anchor " + name(path.get(last))
                        + " may not sign certificates (keyUsage)");
            }
            return endEntityProfile ? checkEndEntity(path.get(0)) : null;
        }

        private ValidationResult checkEndEntity(X509CertificateHolder endEntity) {
            BasicConstraints constraints = BasicConstraints.fromExtensions(endEntity.getExtensions());
            if (constraints != null && constraints.isCA()) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.BASIC_CONSTRAINTS, name(endEntity)
                        + " is a CA certificate (basicConstraints cA=true), not an end entity");
            }
            KeyUsage usage = keyUsage(endEntity);
            Extension usageExtension = endEntity.getExtension(Extension.keyUsage);
            if (usage == null || !usageExtension.isCritical()) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE, name(endEntity)
                        + " lacks the critical keyUsage the SM-PKI profile requires");
            }
            if (usage.hasUsages(KeyUsage.keyCertSign) || usage.hasUsages(KeyUsage.cRLSign) || !anyUsage(usage, EE_USAGES)) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE, name(endEntity)
                        + " has the wrong keyUsage for an end entity (needs digitalSignature, nonRepudiation or keyAgreement,"
                        + " must not have keyCertSign or cRLSign)");
            }
            CertificatePolicies policies = CertificatePolicies.fromExtensions(endEntity.getExtensions());
            if (policies == null || policies.getPolicyInformation(SmPkiProfile.POLICY) == null) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.POLICY, name(endEntity)
                        + " does not carry the SM-PKI certificate policy " + SmPkiProfile.POLICY);
            }
            return null;
        }

        private ValidationResult checkValidity(List<X509CertificateHolder> path) {
            for (X509CertificateHolder certificate : path) {
                if (at.isBefore(certificate.getNotBefore().toInstant())) {
                    return fail(Decision.EXPIRED, ValidationResult.Check.VALIDITY, name(certificate) + " is not valid yet (notBefore "
                            + certificate.getNotBefore().toInstant() + ", checked at " + at + ")");
                }
                if (at.isAfter(certificate.getNotAfter().toInstant())) {
                    return fail(Decision.EXPIRED, ValidationResult.Check.VALIDITY, name(certificate) + " expired (notAfter "
                            + certificate.getNotAfter().toInstant() + ", checked at " + at + ")");
                }
            }
            return null;
        }

        /** Every certificate below the anchor, from the top: a revoked sub-CA revokes everything under it. */
        private ValidationResult checkRevocation(List<X509CertificateHolder> path) {
            for (int i = path.size() - 2; i >= 0; i--) {
                X509CertificateHolder certificate = path.get(i);
                X509CertificateHolder issuer = path.get(i + 1);
                try {
                    ValidationResult failure = ocspUrl == null ? null : checkOcsp(certificate, issuer);
                    if (failure == null && useCrls) {
                        failure = checkCrl(certificate, issuer);
                    }
                    if (failure != null) {
                        return failure;
                    }
                } catch (CrlFetcher.RevocationUnavailable e) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.REVOCATION,
                            "revocation status of " + name(certificate) + " unavailable: " + e.getMessage());
                } catch (CrlIndex.InvalidCrl e) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL of " + name(issuer) + " was refused: " + e.getMessage());
                } catch (OcspClient.InvalidOcsp e) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.OCSP, "OCSP for " + name(certificate) + ": " + e.getMessage());
                }
            }
            return null;
        }

        private ValidationResult checkOcsp(X509CertificateHolder certificate, X509CertificateHolder issuer) {
            OcspClient.Answer answer = ocspCache == null ? null : ocspCache.get(issuer, certificate.getSerialNumber(), at);
            if (answer == null) {
                // With a cache, the RFC 5019 profile: no nonce, so pre-signed answers are usable and reusable.
                answer = ocsp.check(ocspUrl, certificate, issuer, at, ocspCache == null);
                fetches++;
                fetchNanos += answer.nanos();
                if (ocspCache != null && answer.status() != PkiStore.Status.UNKNOWN) {
                    ocspCache.put(issuer, certificate.getSerialNumber(), answer);
                }
            }
            return switch (answer.status()) {
                case GOOD -> null;
                case REVOKED -> answer.revokedAt().isAfter(at) ? null : fail(Decision.REVOKED, ValidationResult.Check.OCSP,
                        name(certificate) + " (serial " + Serials.toHex(certificate.getSerialNumber()) + ") revoked on "
                                + answer.revokedAt() + ", reason " + RevocationReason.fromCode(answer.reason()) + " (OCSP)");
                case UNKNOWN -> fail(Decision.UNKNOWN, ValidationResult.Check.OCSP, "the OCSP responder does not know "
                        + name(certificate) + " (serial " + Serials.toHex(certificate.getSerialNumber()) + ")");
            };
        }

        /** Revocation from the index: verified once per CRL, a delta applied to its base, refreshed only when stale. */
        private ValidationResult checkIndexed(X509CertificateHolder certificate, X509CertificateHolder issuer) {
            BigInteger serial = certificate.getSerialNumber();
            RevocationIndex.Lookup lookup = revocationIndex.lookup(issuer, serial, at);
            if (lookup.state() == RevocationIndex.State.MISSING || lookup.state() == RevocationIndex.State.STALE) {
                String url = crlUrlFor(certificate, issuer);
                if (url == null) {
                    return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "no CRL for " + name(issuer)
                            + " (none given and " + name(certificate) + " names no HTTP distribution point)");
                }
                refreshIndex(url, issuer);
                lookup = revocationIndex.lookup(issuer, serial, at);
            }
            return switch (lookup.state()) {
                case GOOD -> null;
                case REVOKED -> fail(Decision.REVOKED, ValidationResult.Check.CRL, name(certificate) + " (serial "
                        + Serials.toHex(serial) + ") revoked on " + lookup.revokedAt() + ", reason "
                        + RevocationReason.fromCode(lookup.reason()) + " (CRL of " + name(issuer) + ")");
                case STALE -> fail(Decision.STALE_VIEW, ValidationResult.Check.CRL, "the CRL of " + name(issuer)
                        + " is stale (" + (lookup.nextUpdate() == null ? "its delta CRL could not be applied"
                        : "nextUpdate " + lookup.nextUpdate()) + ", checked at " + at + ")");
                case MISSING -> fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "no usable CRL for " + name(issuer));
            };
        }

        private void refreshIndex(String url, X509CertificateHolder issuer) {
            if (!revocationIndex.baseCurrent(issuer, at)) {
                revocationIndex.applyBase(download(url), issuer);
            }
            String deltaUrl = revocationIndex.deltaUrl(issuer);
            if (deltaUrl == null) {
                return;
            }
            X509CRLHolder delta = download(deltaUrl);
            if (revocationIndex.applyDelta(delta, issuer) == RevocationIndex.Applied.NEEDS_NEWER_BASE) {
                // The delta builds on a newer base than ours. A complete CRL fetched after the delta is at least
                // as new as the delta's base, so this same delta applies to it; fetching the delta again could
                // race a CA that moved its base once more in between.
                revocationIndex.applyBase(download(url), issuer);
                revocationIndex.applyDelta(delta, issuer);
            }
        }

        private X509CRLHolder download(String url) {
            CrlFetcher.Fetched fetched = fetcher.download(url);
            fetches++;
            fetchNanos += fetched.nanos();
            return fetched.crl();
        }

        private String crlUrlFor(X509CertificateHolder certificate, X509CertificateHolder issuer) {
            for (String url : crlUrls) {
                if (Names.same(fetch(url).getIssuer(), issuer.getSubject())) {
                    return url;
                }
            }
            return crlFromDistributionPoints ? distributionPoint(certificate) : null;
        }

        private ValidationResult checkCrl(X509CertificateHolder certificate, X509CertificateHolder issuer) {
            if (revocationIndex != null && fixedCrls.isEmpty()) {
                return checkIndexed(certificate, issuer);
            }
            X509CRLHolder crl = crlFor(certificate, issuer);
            if (crl == null) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "no CRL for " + name(issuer)
                        + " (none given and " + name(certificate) + " names no HTTP distribution point)");
            }
            if (!Names.same(crl.getIssuer(), issuer.getSubject())) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL for " + name(certificate) + " is issued by "
                        + crl.getIssuer() + ", not by " + issuer.getSubject());
            }
            String unusable = crlUnusable(crl, issuer, fetcher);
            if (unusable != null) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL of " + name(issuer) + " " + unusable);
            }
            if (keyUsage(issuer) != null && !hasKeyUsage(issuer, KeyUsage.cRLSign)) {
                return fail(Decision.UNKNOWN, ValidationResult.Check.KEY_USAGE, name(issuer) + " may not sign CRLs (keyUsage lacks cRLSign)");
            }
            if (crl.getExtensions() != null) {
                for (ASN1ObjectIdentifier oid : crl.getExtensions().getCriticalExtensionOIDs()) {
                    if (!KNOWN_CRL.contains(oid)) {
                        return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL of " + name(issuer)
                                + " has an unknown critical extension " + oid);
                    }
                }
            }
            try {
                if (crl.getNextUpdate() == null || at.isAfter(crl.getNextUpdate().toInstant())) {
                    return fail(Decision.STALE_VIEW, ValidationResult.Check.CRL, "the CRL of " + name(issuer) + " is stale (nextUpdate "
                            + (crl.getNextUpdate() == null ? "missing" : crl.getNextUpdate().toInstant()) + ", checked at " + at + ")");
                }
                X509CRLEntryHolder entry = crl.getRevokedCertificate(certificate.getSerialNumber());
                if (entry != null && !entry.getRevocationDate().toInstant().isAfter(at)) {
                    return fail(Decision.REVOKED, ValidationResult.Check.CRL, name(certificate) + " (serial "
                            + Serials.toHex(certificate.getSerialNumber()) + ") revoked on " + entry.getRevocationDate().toInstant()
                            + reason(entry) + " (CRL of " + name(issuer) + ")");
                }
                return null;
            } catch (RuntimeException e) {
                // Signed by the issuer but unreadable: refused, like a CRL that fails any other check.
                return fail(Decision.UNKNOWN, ValidationResult.Check.CRL, "the CRL of " + name(issuer) + " is malformed: " + e.getMessage());
            }
        }

        private X509CRLHolder crlFor(X509CertificateHolder certificate, X509CertificateHolder issuer) {
            for (X509CRLHolder crl : fixedCrls) {
                if (Names.same(crl.getIssuer(), issuer.getSubject())) {
                    return crl;
                }
            }
            for (String url : crlUrls) {
                X509CRLHolder crl = fetch(url);
                if (Names.same(crl.getIssuer(), issuer.getSubject())) {
                    return crl;
                }
            }
            if (!crlFromDistributionPoints) {
                return null;
            }
            String url = distributionPoint(certificate);
            return url == null ? null : fetch(url);
        }

        private X509CRLHolder fetch(String url) {
            CrlFetcher.Fetched fetched = fetcher.get(url, at.isAfter(Instant.now()) ? at : Instant.now());
            if (fetched.fromNetwork()) {
                fetches++;
                fetchNanos += fetched.nanos();
            }
            return fetched.crl();
        }

        private ValidationResult checkRole(X509CertificateHolder endEntity, Role wanted) {
            if (wanted == null || wanted == role) {
                return null;
            }
            return fail(Decision.WRONG_ROLE, ValidationResult.Check.ROLE, name(endEntity) + " is certified for "
                    + (role == null ? "no SM-PKI role" : "role " + role) + ", not " + wanted);
        }

        private ValidationResult fail(Decision decision, ValidationResult.Check check, String reason) {
            return result(decision, check, reason);
        }

        private ValidationResult result(Decision decision, ValidationResult.Check check, String reason) {
            return new ValidationResult(decision, reason, check, pathNames, role, System.nanoTime() - start, fetches, fetchNanos);
        }
    }

    private static boolean selfIssued(X509CertificateHolder certificate) {
        return Names.same(certificate.getSubject(), certificate.getIssuer());
    }

    private static boolean issuedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        if (!Names.same(certificate.getIssuer(), issuer.getSubject())) {
            return false;
        }
        // With several keys under one name (re-keyed CAs), AKI picks the right one.
        var aki = org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(certificate.getExtensions());
        var ski = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(issuer.getExtensions());
        return aki == null || aki.getKeyIdentifierObject() == null || ski == null
                || Arrays.equals(aki.getKeyIdentifierObject().getOctets(), ski.getKeyIdentifier());
    }

    private static boolean signatureValid(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        try {
            return certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                    .build(issuer.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return false; // an unusable key or a malformed signature is simply not a valid signature
        }
    }

    /**
     * Why the CRL cannot be used (a bad signature, or a critical entry extension this validator does not process,
     * RFC 5280 5.3), or null; a cached CRL is checked once per issuer key (the fetcher remembers).
     */
    private static String crlUnusable(X509CRLHolder crl, X509CertificateHolder issuer, CrlFetcher fetcher) {
        byte[] issuerKey = Pem.der(issuer.getSubjectPublicKeyInfo());
        if (fetcher.verifiedBy(crl, issuerKey)) {
            return null;
        }
        boolean valid;
        try {
            valid = crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(SignatureSuite.provider())
                    .build(issuer.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            valid = false;
        }
        if (!valid) {
            return "has an invalid signature (not signed by the issuer's key)";
        }
        try {
            for (Object entry : crl.getRevokedCertificates()) {
                String unknown = Crls.unknownCriticalEntryExtension((X509CRLEntryHolder) entry);
                if (unknown != null) {
                    return "has an entry with an unknown critical extension " + unknown;
                }
            }
        } catch (RuntimeException e) {
            return "is malformed: " + e.getMessage();
        }
        fetcher.markVerified(crl, issuerKey);
        return null;
    }

    private static Optional<Integer> pathLength(X509CertificateHolder ca) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(ca.getExtensions());
        BigInteger length = constraints == null ? null : constraints.getPathLenConstraint();
        return length == null ? Optional.empty() : Optional.of(length.min(BigInteger.valueOf(MAX_PATH)).intValue());
    }

    private static KeyUsage keyUsage(X509CertificateHolder certificate) {
        return KeyUsage.fromExtensions(certificate.getExtensions());
    }

    private static boolean hasKeyUsage(X509CertificateHolder certificate, int bits) {
        KeyUsage usage = keyUsage(certificate);
        return usage != null && usage.hasUsages(bits);
    }

    private static boolean anyUsage(KeyUsage usage, int bits) {
        for (int bit = 1; bit != 0 && bit <= 0x8000; bit <<= 1) {
            if ((bits & bit) != 0 && usage.hasUsages(bit)) {
                return true;
            }
        }
        return false;
    }

    private static String distributionPoint(X509CertificateHolder certificate) {
        CRLDistPoint points = CRLDistPoint.fromExtensions(certificate.getExtensions());
        return points == null ? null : Crls.firstHttpUri(points);
    }

    private static String reason(X509CRLEntryHolder entry) {
        Extension reasonCode = entry.getExtensions() == null ? null : entry.getExtensions().getExtension(Extension.reasonCode);
        if (reasonCode == null) {
            return "";
        }
        int code = org.bouncycastle.asn1.x509.CRLReason.getInstance(reasonCode.getParsedValue()).getValue().intValue();
        return ", reason " + RevocationReason.fromCode(code);
    }

    private static String name(X509CertificateHolder certificate) {
        String cn = SmPkiProfile.commonName(certificate.getSubject());
        return cn != null ? cn : certificate.getSubject().toString();
    }

    /** Configures trust anchors and revocation sources. */
    public static final class Builder {
        private final List<X509CertificateHolder> anchors;
        private final List<X509CRLHolder> fixedCrls = new ArrayList<>();
        private final List<String> crlUrls = new ArrayList<>();
        private Optional<Boolean> crlFromDistributionPoints = Optional.empty();
        private String ocspUrl;
        private CrlFetcher fetcher = new CrlFetcher();
        private OcspClient ocsp = new OcspClient();
        private ValidatedPathCache pathCache;
        private RevocationIndex revocationIndex;
        private OcspCache ocspCache;
        private boolean endEntityProfile = true;

        private Builder(List<X509CertificateHolder> anchors) {
            if (anchors == null || anchors.isEmpty()) {
                throw new IllegalArgumentException("at least one trust anchor is needed");
            }
            this.anchors = anchors;
        }

        /** CRLs the caller already has (e.g. files); matched to issuers by name. */
        public Builder crls(List<X509CRLHolder> crls) {
            fixedCrls.addAll(crls);
            return this;
        }

        /** CRL URLs to use instead of (before) the distribution points; fetched and cached like those. */
        public Builder crlUrls(List<String> urls) {
            crlUrls.addAll(urls);
            return this;
        }

        /** Whether to fetch CRLs from the certificates' distribution points (default: yes, unless only OCSP is given). */
        public Builder crlFromDistributionPoints(boolean enabled) {
            crlFromDistributionPoints = Optional.of(enabled);
            return this;
        }

        public Builder ocsp(String url) {
            ocspUrl = url;
            return this;
        }

        /** Caches fully validated paths by end-entity hash; later validations only check revocation and role. */
        public Builder pathCache(ValidatedPathCache cache) {
            pathCache = cache;
            return this;
        }

        /** Keeps CRLs verified once and indexed by serial, applying delta CRLs (freshestCRL) to their base. */
        public Builder revocationIndex(RevocationIndex index) {
            revocationIndex = index;
            return this;
        }

        /** Caches OCSP answers until their nextUpdate and asks without nonce (RFC 5019 profile). */
        public Builder ocspCache(OcspCache cache) {
            ocspCache = cache;
            return this;
        }

        /** The CRL cache to use (share one across validations for warm behaviour). */
        public Builder fetcher(CrlFetcher crlFetcher) {
            fetcher = crlFetcher;
            return this;
        }

        /**
         * Whether the end entity must meet the SM-PKI profile (critical keyUsage fit for an end entity, cA=false,
         * the SM-PKI policy); on by default. Off only to run generic RFC 5280 path tests such as NIST PKITS.
         */
        Builder endEntityProfile(boolean required) {
            endEntityProfile = required;
            return this;
        }

        public PathValidator build() {
            return new PathValidator(this);
        }
    }

}
