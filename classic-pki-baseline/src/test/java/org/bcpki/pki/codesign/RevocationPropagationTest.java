package org.bcpki.pki.codesign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.bcpki.core.release.DeviceType;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.RevocationIndex;
import org.bcpki.pki.ValidatedPathCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revoke-release to first refusal on a gateway that keeps its CRLs: with CRLs and delta CRLs valid for 6 s, the
 * revoked release is accepted exactly while the cached view of CS-Sub.CA is current and refused by the first
 * check after its nextUpdate, which fetches the CRLs again. Real time: the test waits for that nextUpdate to pass.
 */
class RevocationPropagationTest {
    private static final DeviceType TYPE = DeviceType.of("meter-fw");
    @TempDir Path dir;

    @Test
    void aRevokedReleaseIsAcceptedFromTheCachedCrlsUntilTheirNextUpdateAndRefusedAfter() throws Exception {
        try (CodeSigningFixture fixture = CodeSigningFixture.start(dir.resolve("pki"), Duration.ofSeconds(6), Duration.ofSeconds(6))) {
            byte[] image = "firmware 2.0 for meter-fw".getBytes();
            CodeSigningBaseline.Published release = fixture.x509.publish(TYPE, 2, image);
            RevocationIndex index = new RevocationIndex();
            ReleaseVerifier gateway = new ReleaseVerifier(List.of(fixture.pki.root().certificate()), new CrlFetcher(), index,
                    new ValidatedPathCache());
            assertEquals(UpdateReason.APPROVED, gateway.check(release.signedRelease(), image, TYPE, 2, Instant.now()).reason());
            Instant cachedUntil = index.lookup(fixture.x509.ca().certificate(),
                    release.approval().certificate().getSerialNumber(), Instant.now()).nextUpdate();

            Instant revokedAt = fixture.x509.revoke(release);
            // Right after the revocation the gateway still decides from its cached view, if that is current.
            Instant firstAt = Instant.now();
            UpdateDecision first = gateway.check(release.signedRelease(), image, TYPE, 2, firstAt);
            assertEquals(!firstAt.isAfter(cachedUntil), first.accepted(),
                    "accepted exactly while the cached view (until " + cachedUntil + ") is current: " + first.detail());
            Instant checkedAt = firstAt;
            UpdateDecision decision = first;
            if (first.accepted()) {
                // The condition that changes the answer is the cached view's nextUpdate passing: wait for that instant.
                while (!Instant.now().isAfter(cachedUntil)) {
                    LockSupport.parkUntil(cachedUntil.toEpochMilli() + 1);
                }
                checkedAt = Instant.now();
                decision = gateway.check(release.signedRelease(), image, TYPE, 2, checkedAt);
            }
            assertEquals(UpdateReason.REVOKED, decision.reason(), decision.detail());
            assertTrue(checkedAt.isAfter(cachedUntil), "refused only once the cached view expired (" + cachedUntil + ")");
            assertTrue(decision.crlFetches() > 0 && decision.crlBytes() > 0, "the refusing check fetched the CRLs again");
            System.out.printf("revoke-release to first refusal: %d ms (cached view until %s, accepted from it right after the"
                    + " revocation: %s; the refusing check fetched %d CRL bytes)%n",
                    Duration.between(revokedAt, checkedAt).toMillis(), cachedUntil, first.accepted(), decision.crlBytes());
        }
    }
}
