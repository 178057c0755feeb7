package org.bcpki.gateway.wan;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.http.RequestSigning;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.identity.GuardedVerifier;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.store.GatewayStore;

/**
 * Decides a signed WAN request, cheapest and least trusting checks first: headers present and
 * well-formed, time inside the window, signature valid for the presented key, the identity granted in
 * the route's role (EMT to read a meter, GWA to install software) with that key, the nonce not used
 * before (claimed only once the key is known to be the claimed identity's, so a stranger signing with
 * its own key cannot burn its nonces), and the access profile allowing this identity this action.
 */
public final class WanRequestCheck {

    private final IdentityVerifier verifier;
    private final GatewayStore store;
    private final AccessProfile profile;
    private final Duration window;

    public WanRequestCheck(IdentityVerifier verifier, GatewayStore store, AccessProfile profile, Duration window) {
        this.verifier = verifier;
        this.store = store;
        this.profile = profile;
        this.window = window;
    }

    /** The request as the server saw it; {@code headers} looks up a header by name. */
    public record Request(String method, String path, String query, byte[] body, Function<String, String> headers) {}

    /** An EMT reading {@code meterId}: granted in role EMT and the profile lists the meter for it. */
    public WanDecision emt(Request request, String meterId, long nowMillis) {
        return check(request, Role.EMT, subject -> profile.allows(subject, meterId), "read meter " + meterId, nowMillis);
    }

    /** A gateway administrator: granted in role GWA and listed as an administrator in the profile. */
    public WanDecision administrator(Request request, long nowMillis) {
        return check(request, Role.GWA, profile::administers, "administer this gateway", nowMillis);
    }

    private WanDecision check(Request request, Role role, Predicate<String> inProfile, String action, long nowMillis) {
        String subjectText = request.headers().apply(SignedRequest.SUBJECT);
        String keyText = request.headers().apply(SignedRequest.KEY);
        String timeText = request.headers().apply(SignedRequest.TIMESTAMP);
        String nonce = request.headers().apply(SignedRequest.NONCE);
        String signatureText = request.headers().apply(SignedRequest.SIGNATURE);
        if (subjectText == null || keyText == null || timeText == null || nonce == null || signatureText == null) {
            return WanDecision.refused(401, "MISSING_SIGNATURE", nullToEmpty(subjectText), "", "signature headers missing");
        }
        String subject;
        byte[] spki;
        byte[] signature;
        long time;
        KeyAlgorithm algorithm;
        List<byte[]> certificates = List.of();
        try {
            subject = SubjectId.parse(subjectText).canonical().orElseThrow();
            spki = Base64.getDecoder().decode(keyText);
            signature = RequestSigning.signature(signatureText);
            time = RequestSigning.timestamp(timeText);
            RequestSigning.nonce(nonce);
            algorithm = SignatureSuite.identify(spki);
            String chain = request.headers().apply(SignedRequest.CERTIFICATES);
            if (chain != null && !chain.isBlank()) {
                certificates = SignedRequest.decodeCertificates(chain).certificates();
            }
        } catch (IllegalArgumentException e) {
            return WanDecision.refused(400, "MALFORMED_REQUEST", subjectText, "", e.getMessage());
        }
        long nowSeconds = Math.floorDiv(nowMillis, 1000);
        if (Math.abs(nowSeconds - time) > window.toSeconds()) {
            return WanDecision.refused(401, "STALE_REQUEST", subject, "",
                    "request time is " + (nowSeconds - time) + " s off, window is " + window.toSeconds() + " s");
        }
        boolean valid;
        try {
            byte[] signed = SignedRequest.covered(request.method(), request.path(), request.query(), request.body(),
                    subject, time, nonce).signatureBase();
            valid = SignatureSuite.of(algorithm).verify(spki, signed, signature);
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        if (!valid) {
            return WanDecision.refused(401, "BAD_SIGNATURE", subject, "", algorithm.displayName() + " signature invalid");
        }
        IdentityVerdict verdict = GuardedVerifier.ask(verifier,
                new IdentityClaim(SubjectId.parse(subject), role, spki, certificates));
        String evidence = verifier.name() + ": " + verdict.evidence();
        if (!verdict.granted()) {
            return WanDecision.refused(403, verdict.decision().name(), subject, evidence, role + " identity not granted");
        }
        // Only now is the key known to be the claimed identity's: a stranger's request cannot burn its nonce.
        if (!store.claimNonce(subject, nonce, (time + window.toSeconds()) * 1000, nowMillis)) {
            return WanDecision.refused(401, "REPLAY", subject, evidence, "nonce " + nonce + " already used");
        }
        if (!inProfile.test(subject)) {
            return WanDecision.refused(403, "NOT_IN_PROFILE", subject, evidence, subject + " may not " + action);
        }
        return WanDecision.allowed(subject, evidence);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
