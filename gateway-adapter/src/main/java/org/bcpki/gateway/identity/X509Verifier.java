package org.bcpki.gateway.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bcpki.core.identity.Decision;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.Pem;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.SmPkiProfile;
import org.bcpki.pki.ValidatedPathCache;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * {@code --trust x509}: decides a claim with the classic SM-PKI, through classic-pki-baseline's
 * relying-party {@link PathValidator} (path to a configured root, signatures, profile, validity, CRL or
 * OCSP revocation, role by CN). On top of the path it checks what only the gateway knows: that the
 * certificate names the claimed identity in the wanted role ({@code <id>.LMN}, {@code <id>.EMT}, ...)
 * and carries the key that signed the reading or request.
 *
 * <p>Decisions: the validator's ({@code GRANTED, REVOKED, EXPIRED, WRONG_ROLE, STALE_VIEW} for a CRL
 * past its nextUpdate, {@code UNKNOWN} for no path or anything unverifiable); {@code UNKNOWN} when no
 * certificate was presented or it names someone else; {@code WRONG_KEY} when the certificate's key is
 * not the presented one. One CRL cache is shared by all checks, as a gateway would keep it.
 */
public final class X509Verifier implements IdentityVerifier {
    private final PathValidator validator;
    private final List<X509CertificateHolder> intermediates;
    private final Clock clock;

    public X509Verifier(PathValidator validator, List<X509CertificateHolder> intermediates, Clock clock) {
        this.validator = validator;
        this.intermediates = List.copyOf(intermediates);
        this.clock = clock;
    }

    /** Builds the verifier from files and URLs; {@link IllegalArgumentException} for unusable settings. */
    public static X509Verifier fromSettings(X509Settings settings) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("the X.509 verifier needs a trust anchor (root CA certificate)");
        }
        List<X509CertificateHolder> anchors = new ArrayList<>();
        for (Path file : settings.anchors()) {
            anchors.addAll(certificates(file));
        }
        List<X509CertificateHolder> intermediates = new ArrayList<>();
        for (Path file : settings.intermediates()) {
            intermediates.addAll(certificates(file));
        }
        List<String> crlUrls = new ArrayList<>();
        List<X509CRLHolder> crlFiles = new ArrayList<>();
        for (String source : settings.crls()) {
            String lower = source.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                crlUrls.add(source);
            } else {
                crlFiles.add(Pem.crl(read(Path.of(source))));
            }
        }
        // As the best relying parties run X.509: a path is validated once and kept until it expires, CRLs
        // are verified once and indexed by serial (deltas applied). The path cache holds only paths that
        // validated to a configured root, so its size is bounded by the certificates issued to this
        // gateway's peers. OCSP answers are not cached here: whoever configures OCSP asks for a revocation
        // to count at once (eval measures the RFC 5019 cache separately).
        PathValidator.Builder builder = PathValidator.builder(anchors).fetcher(new CrlFetcher()).crlUrls(crlUrls)
                .crls(crlFiles).pathCache(new ValidatedPathCache()).revocationIndex(new RevocationIndex());
        if (settings.ocspUrl() != null) {
            builder.ocsp(settings.ocspUrl());
        }
        return new X509Verifier(builder.build(), intermediates, Clock.systemUTC());
    }

    @Override
    public IdentityVerdict verify(IdentityClaim claim) {
        List<byte[]> presented = claim.certificates();
        if (presented.isEmpty()) {
            return new IdentityVerdict(Decision.UNKNOWN, "no certificate presented");
        }
        List<X509CertificateHolder> chain = new ArrayList<>();
        try {
            for (byte[] der : presented) {
                chain.add(new X509CertificateHolder(der));
            }
        } catch (IOException | RuntimeException e) {
            return new IdentityVerdict(Decision.UNKNOWN, "malformed certificate: " + e.getMessage());
        }
        chain.addAll(intermediates);
        ValidationResult result = validator.validate(chain, claim.role(), clock.instant());
        String evidence = evidence(result);
        if (!result.valid()) {
            return new IdentityVerdict(result.decision(), evidence);
        }
        X509CertificateHolder leaf = chain.get(0);
        String commonName = SmPkiProfile.commonName(leaf.getSubject());
        String expected = expectedCommonName(claim);
        if (!expected.equals(commonName)) {
            return new IdentityVerdict(Decision.UNKNOWN, "certificate names " + commonName + ", not " + expected
                    + "; " + evidence);
        }
        byte[] certifiedKey;
        try {
            certifiedKey = leaf.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Arrays.equals(certifiedKey, claim.presentedSpki())) {
            return new IdentityVerdict(Decision.WRONG_KEY, "certificate of " + commonName
                    + " carries another key than the presented one; " + evidence);
        }
        return new IdentityVerdict(Decision.GRANTED, evidence);
    }

    @Override
    public String name() {
        return "x509";
    }

    /** The CN the profile gives the claimed identity in the wanted role; a role without a class has none. */
    private static String expectedCommonName(IdentityClaim claim) {
        String identity = claim.subject().canonical().orElse(claim.subject().toHex());
        try {
            return SmPkiProfile.endUserCommonName(identity, claim.role());
        } catch (IllegalArgumentException noCertificateClass) {
            return identity + "." + claim.role();
        }
    }

    private static String evidence(ValidationResult result) {
        return String.join(" > ", result.path().stream().map(X509Verifier::shortName).toList()) + ": " + result.reason() + " (check " + result.failedCheck()
                + ", " + String.format(Locale.ROOT, "%.2f", result.millis()) + " ms, " + result.fetches() + " fetches)";
    }

    /** The CN of a subject name as the validator prints it ({@code C=DE,O=...,CN=x}), for a compact log. */
    private static String shortName(String name) {
        int cn = name.lastIndexOf("CN=");
        return cn < 0 ? name : name.substring(cn + 3);
    }

    private static List<X509CertificateHolder> certificates(Path file) {
        List<X509CertificateHolder> found = Pem.certificates(read(file));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + file);
        }
        return found;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
