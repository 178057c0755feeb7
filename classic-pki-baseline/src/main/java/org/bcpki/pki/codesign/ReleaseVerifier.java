package org.bcpki.pki.codesign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.release.DeviceType;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.Names;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.SmPkiProfile;
import org.bcpki.pki.ValidatedPathCache;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInformation;

/**
 * The gateway's X.509 update check: may this image be installed as this device type and version?
 * Local checks first, in this order: the package parses ({@link ReleasePackage}); its signed release names the
 * offered device type and version; the image hashes to it; the version is not below the minimum this gateway
 * keeps; the manufacturer's certificate is a code-signing certificate of {@code CS-Sub.CA} and its signature
 * verifies over the image; a countersignature verifies by a release-approval certificate of {@code CS-Sub.CA}
 * bound to this release. Then the network: both certificate paths validated to the trust anchor with CRLs
 * ({@link PathValidator} with the validated-path cache and the delta-aware CRL index, CRLs fetched over HTTP
 * and kept until nextUpdate). Any failure refuses with its reason; nothing untrusted throws.
 */
public final class ReleaseVerifier {
    private final CrlFetcher fetcher;
    private final PathValidator paths;
    private final Map<DeviceType, Long> minimums = new HashMap<>();

    public ReleaseVerifier(List<X509CertificateHolder> anchors, CrlFetcher fetcher, RevocationIndex index, ValidatedPathCache cache) {
        this.fetcher = fetcher;
        this.paths = PathValidator.builder(anchors).fetcher(fetcher).revocationIndex(index).pathCache(cache).build();
    }

    /** A gateway with empty caches (a first contact) trusting {@code anchors}. */
    public static ReleaseVerifier gateway(List<X509CertificateHolder> anchors) {
        return new ReleaseVerifier(anchors, new CrlFetcher(), new RevocationIndex(), new ValidatedPathCache());
    }

    /** Raises (never lowers) the minimum version accepted for a device type, e.g. to the version installed. */
    public synchronized void requireAtLeast(DeviceType deviceType, long version) {
        minimums.merge(deviceType, version, Math::max);
    }

    public synchronized long minimumVersion(DeviceType deviceType) {
        return minimums.getOrDefault(deviceType, 0L);
    }

    /** Checks at {@code at} whether {@code image} may be installed as {@code deviceType} version {@code version}. */
    public synchronized UpdateDecision check(byte[] signedRelease, byte[] image, DeviceType deviceType, long version, Instant at) {
        Run run = new Run(at);
        try {
            return run.check(signedRelease, image, deviceType, version);
        } catch (MalformedDataException e) {
            return run.done(UpdateReason.MALFORMED, e.getMessage());
        } catch (RuntimeException e) {
            // Bouncy Castle reads parts of a structure only when asked: whatever it throws late is still bad input.
            return run.done(UpdateReason.MALFORMED, "unreadable signed release: " + e);
        }
    }

    /** One check: the package once parsed, and what the CRL fetches cost. */
    private final class Run {
        private final Instant at;
        private final long start = System.nanoTime();
        private final long crlBytesBefore = fetcher.bytesDownloaded();
        private ReleasePackage signed;
        private int crlFetches;

        Run(Instant at) {
            this.at = at;
        }

        UpdateDecision check(byte[] signedRelease, byte[] image, DeviceType deviceType, long version) {
            signed = ReleasePackage.parse(signedRelease);
            ReleaseId release = signed.release();
            if (!release.deviceType().equals(deviceType) || release.version() != version) {
                return done(UpdateReason.WRONG_RELEASE, "the release is signed for " + release.deviceType() + " version "
                        + release.version() + ", offered as " + deviceType + " version " + version);
            }
            if (!ReleaseId.sha256(image).equals(release.imageSha256())) {
                return done(UpdateReason.WRONG_IMAGE, "the image does not hash to the signed SHA-256 of " + release);
            }
            long minimum = minimumVersion(deviceType);
            if (version < minimum) {
                return done(UpdateReason.ROLLBACK, deviceType + " version " + version + " is below the minimum " + minimum);
            }
            X509CertificateHolder manufacturer = signed.certificateOf(signed.signer());
            String problem = certificateProblem(manufacturer, KeyPurposeId.id_kp_codeSigning, "the manufacturer's certificate");
            if (problem != null) {
                return done(UpdateReason.UNAUTHORIZED_SIGNER, problem);
            }
            switch (ReleaseSignatures.verify(signed.signerOver(image), manufacturer)) {
                case WRONG_CONTENT -> {
                    return done(UpdateReason.WRONG_IMAGE, "the image does not match the manufacturer's messageDigest");
                }
                case INVALID -> {
                    return done(UpdateReason.UNAUTHORIZED_SIGNER, "the manufacturer's signature does not verify with "
                            + SmPkiProfile.commonName(manufacturer.getSubject()));
                }
                case VALID -> { }
            }
            List<SignerInformation> countersignatures = new ArrayList<>(signed.signer().getCounterSignatures().getSigners());
            if (countersignatures.isEmpty()) {
                return done(UpdateReason.MISSING_COUNTERSIGNATURE, "no countersignature: the notified body has not approved " + release);
            }
            X509CertificateHolder approval = null;
            for (SignerInformation countersignature : countersignatures) {
                problem = approvalProblem(countersignature, release);
                if (problem == null) {
                    approval = signed.certificateOf(countersignature);
                    break;
                }
            }
            if (approval == null) {
                return done(UpdateReason.UNAUTHORIZED_COUNTERSIGNER, problem);
            }
            UpdateDecision refused = path(manufacturer, UpdateReason.UNAUTHORIZED_SIGNER, "the manufacturer's certificate");
            if (refused == null) {
                refused = path(approval, UpdateReason.UNAUTHORIZED_COUNTERSIGNER, "the release's approval certificate");
            }
            return refused != null ? refused : done(UpdateReason.APPROVED, release + " signed by "
                    + SmPkiProfile.commonName(manufacturer.getSubject()) + ", approved by " + SmPkiProfile.commonName(approval.getSubject()));
        }

        private String approvalProblem(SignerInformation countersignature, ReleaseId release) {
            try {
                ReleasePackage.requireMlDsa65(countersignature, "the countersignature");
            } catch (MalformedDataException e) {
                return e.getMessage();
            }
            X509CertificateHolder certificate = signed.certificateOf(countersignature);
            String problem = certificateProblem(certificate, KeyPurposeId.getInstance(CodeSigningProfile.ID_KP_RELEASE_APPROVAL),
                    "the countersigner's certificate");
            if (problem != null) {
                return problem;
            }
            Extension binding = certificate.getExtension(CodeSigningProfile.ID_CE_RELEASE);
            if (binding == null) {
                return "the countersigner's certificate names no release";
            }
            ReleaseId approved = ReleaseId.parse(binding.getParsedValue());
            if (!approved.equals(release)) {
                return "the countersigner's certificate approves " + approved + ", not " + release;
            }
            return ReleaseSignatures.verify(countersignature, certificate) == ReleaseSignatures.Check.VALID ? null
                    : "the countersignature does not verify with " + SmPkiProfile.commonName(certificate.getSubject());
        }

        /** The certificate's path to the anchor, with revocation; null when it holds. */
        private UpdateDecision path(X509CertificateHolder certificate, UpdateReason untrusted, String what) {
            List<X509CertificateHolder> chain = new ArrayList<>();
            chain.add(certificate);
            signed.certificates().stream().filter(other -> !other.equals(certificate)).forEach(chain::add);
            ValidationResult result = paths.validate(chain, null, at);
            crlFetches += result.fetches();
            String detail = what + ": " + result.reason();
            return switch (result.decision()) {
                case GRANTED -> null;
                case REVOKED -> done(UpdateReason.REVOKED, detail);
                case STALE_VIEW -> done(UpdateReason.STALE_VIEW, detail);
                default -> result.failedCheck() == ValidationResult.Check.CRL || result.failedCheck() == ValidationResult.Check.REVOCATION
                        ? done(UpdateReason.REVOCATION_UNAVAILABLE, detail) : done(untrusted, detail);
            };
        }

        UpdateDecision done(UpdateReason reason, String detail) {
            return new UpdateDecision(reason, detail, signed == null ? 0 : signed.size(), signed == null ? 0 : signed.certificateBytes(),
                    fetcher.bytesDownloaded() - crlBytesBefore, crlFetches, System.nanoTime() - start);
        }
    }

    /** Why the certificate cannot sign in this role, or null: issued by CS-Sub.CA, digitalSignature, the one critical EKU. */
    private static String certificateProblem(X509CertificateHolder certificate, KeyPurposeId purpose, String what) {
        if (certificate == null) {
            return what + " is not in the signed release";
        }
        String name = SmPkiProfile.commonName(certificate.getSubject());
        if (!Names.same(certificate.getIssuer(), SmPkiProfile.name(CodeSigningProfile.CA_COMMON_NAME))) {
            return what + " " + name + " is not issued by the code-signing CA " + CodeSigningProfile.CA_COMMON_NAME;
        }
        KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
        if (usage == null || !usage.hasUsages(KeyUsage.digitalSignature)) {
            return what + " " + name + " lacks keyUsage digitalSignature";
        }
        if (!hasPurpose(certificate, purpose)) {
            return what + " " + name + " lacks the critical extendedKeyUsage " + purpose.toOID();
        }
        return null;
    }

    /** A critical extendedKeyUsage that lists {@code purpose}. */
    static boolean hasPurpose(X509CertificateHolder certificate, KeyPurposeId purpose) {
        Extension extension = certificate.getExtension(Extension.extendedKeyUsage);
        return extension != null && extension.isCritical()
                && ExtendedKeyUsage.getInstance(extension.getParsedValue()).hasKeyPurposeId(purpose);
    }
}
