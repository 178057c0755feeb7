package org.bcpki.pki.codesign;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.bcpki.core.release.DeviceType;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;

/**
 * The X.509 side of release approval in one place, for eval's scenarios: on an existing SM-PKI (whose
 * {@code PkiServer} serves the CRLs at the PKI's publication points) it sets up the code-signing sub-CA, one
 * manufacturer and one notified body; publishes releases (signed and countersigned), revokes them, and makes
 * gateways that check updates.
 *
 * <pre>
 * CodeSigningBaseline x509 = CodeSigningBaseline.setUp(pki, "acme", "ptb");
 * CodeSigningBaseline.Published release = x509.publish(DeviceType.of("meter-fw"), 7, image);
 * ReleaseVerifier gateway = x509.gateway();
 * UpdateDecision first = gateway.check(release.signedRelease(), image, DeviceType.of("meter-fw"), 7, Instant.now());
 * Instant revokedAt = x509.revoke(release);
 * </pre>
 */
public final class CodeSigningBaseline {
    /** A release as the update server offers it; {@code signedAt}: when the countersigned package existed. */
    public record Published(ReleaseId release, byte[] signedRelease, NotifiedBody.Approval approval, Instant signedAt) {}

    private final SmPki pki;
    private final CodeSigningCa ca;
    private final Manufacturer manufacturer;
    private final NotifiedBody notifiedBody;

    private CodeSigningBaseline(SmPki pki, CodeSigningCa ca, Manufacturer manufacturer, NotifiedBody notifiedBody) {
        this.pki = pki;
        this.ca = ca;
        this.manufacturer = manufacturer;
        this.notifiedBody = notifiedBody;
    }

    /** Creates (or reuses) {@code CS-Sub.CA} under the PKI's root and certifies a new manufacturer key. */
    public static CodeSigningBaseline setUp(SmPki pki, String manufacturer, String notifiedBody) throws IOException {
        CodeSigningCa ca = CodeSigningCa.of(pki, "codesign");
        return new CodeSigningBaseline(pki, ca, Manufacturer.enrol(ca, manufacturer), new NotifiedBody(notifiedBody, ca));
    }

    /** The manufacturer signs, the notified body countersigns with a certificate for this release alone. */
    public Published publish(DeviceType deviceType, long version, byte[] image) {
        NotifiedBody.Approval approval = notifiedBody.approve(manufacturer.sign(deviceType, version, image), image);
        return new Published(approval.release(), approval.signedRelease(), approval, Instant.now());
    }

    /**
     * Withdraws one release: its approval certificate is revoked (privilegeWithdrawn) and the CA's next CRL and
     * delta CRL list it. Returns when the revocation was recorded (the CRL entry carries it in whole seconds).
     */
    public Instant revoke(Published release) {
        ca.revoke(release.approval().certificate(), RevocationReason.PRIVILEGE_WITHDRAWN);
        return Instant.now();
    }

    /** A gateway trusting the PKI's root, with empty caches. */
    public ReleaseVerifier gateway() {
        return ReleaseVerifier.gateway(List.of(pki.root().certificate()));
    }

    public CodeSigningCa ca() {
        return ca;
    }

    public Manufacturer manufacturer() {
        return manufacturer;
    }

    public NotifiedBody notifiedBody() {
        return notifiedBody;
    }
}
