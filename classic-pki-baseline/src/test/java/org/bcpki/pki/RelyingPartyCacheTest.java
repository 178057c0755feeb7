package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relying party as its best operators run it, against the live CA services: validated-path cache,
 * CRL index with delta CRLs from the CA's delta endpoint, OCSP answers cached until nextUpdate, and the
 * CA's pre-signed (RFC 5019) responder.
 */
class RelyingPartyCacheTest {
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

    private static X509CertificateHolder subCa() {
        return test.pki.subCa(Role.EMT).certificate();
    }

    @Test
    void warmPerReadingIsAPathCacheHitAndSeesARevocationOnceTheDeltaIsApplied() {
        X509CertificateHolder endEntity = test.issue("warm-reading", Role.EMT).issued().certificate();
        RevocationIndex index = new RevocationIndex();
        ValidatedPathCache paths = new ValidatedPathCache();
        PathValidator validator = PathValidator.builder(test.anchors()).revocationIndex(index).pathCache(paths).build();

        ValidationResult first = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
        assertEquals(Decision.GRANTED, first.decision(), first.reason());
        assertTrue(first.fetches() >= 2, "first contact fetched the CRLs: " + first.fetches());
        assertNotNull(index.deltaNumber(subCa()), "the EMT CRL names its delta and the delta was applied");

        ValidationResult warm = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
        assertEquals(Decision.GRANTED, warm.decision(), warm.reason());
        assertEquals(0, warm.fetches());
        assertEquals(1, paths.hits());

        test.pki.revoke(endEntity.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");
        assertEquals(RevocationIndex.Applied.DELTA, index.applyDelta(test.pki.currentDeltaCrl("emt"), subCa()));
        ValidationResult revoked = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
        assertEquals(Decision.REVOKED, revoked.decision(), revoked.reason());
        assertEquals(ValidationResult.Check.CRL, revoked.failedCheck());
        assertEquals(2, paths.hits(), "the revocation was found on the warm path");
    }

    @Test
    void aRevocationAfterTheBaseIsFoundInTheDeltaFetchedOverHttp() {
        X509CertificateHolder endEntity = test.issue("after-base", Role.EMT).issued().certificate();
        RevocationIndex index = new RevocationIndex();
        index.applyBase(test.pki.currentCrl("emt"), subCa());
        BigInteger base = index.baseNumber(subCa());
        test.pki.revoke(endEntity.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");

        ValidationResult result = PathValidator.builder(test.anchors()).revocationIndex(index).build()
                .validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
        assertEquals(Decision.REVOKED, result.decision(), result.reason());
        assertEquals(base, index.baseNumber(subCa()), "the base was current: only the delta was fetched");
        assertNotNull(index.deltaNumber(subCa()));
    }

    @Test
    void aPathCacheEntryPastNotAfterIsNotUsed() {
        X509CertificateHolder endEntity = test.issue("expiring", Role.EMT).issued().certificate();
        ValidatedPathCache paths = new ValidatedPathCache();
        PathValidator validator = PathValidator.builder(test.anchors()).revocationIndex(new RevocationIndex()).pathCache(paths).build();
        assertEquals(Decision.GRANTED, validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now()).decision());
        assertEquals(1, paths.size());

        Instant afterExpiry = endEntity.getNotAfter().toInstant().plusSeconds(1);
        ValidationResult late = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, afterExpiry);
        assertEquals(Decision.EXPIRED, late.decision(), late.reason());
        assertEquals(ValidationResult.Check.VALIDITY, late.failedCheck());
        assertEquals(0, paths.hits());
        assertEquals(0, paths.size(), "the expired entry was dropped and the failed path not cached");
    }

    @Test
    void aCachedOcspAnswerPastNextUpdateIsNotUsed() {
        X509CertificateHolder endEntity = test.issue("ocsp-cached", Role.EMT).issued().certificate();
        OcspCache answers = new OcspCache();
        PathValidator validator = PathValidator.builder(test.anchors()).ocsp(test.server.ocspPresignedUrl()).ocspCache(answers).build();
        Instant now = Instant.now();
        ValidationResult first = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, now);
        assertEquals(Decision.GRANTED, first.decision(), first.reason());
        assertEquals(2, first.fetches());
        ValidationResult cached = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, now);
        assertEquals(Decision.GRANTED, cached.decision());
        assertEquals(0, cached.fetches());

        // Past the answers' nextUpdate the cache must not answer; the responder's fresh answer is not
        // current at that time either, so the validator fails closed instead of granting from the cache.
        Instant afterNextUpdate = now.plus(test.pki.settings().crlValidity()).plusSeconds(120);
        ValidationResult late = validator.validate(test.chain(endEntity, Role.EMT), Role.EMT, afterNextUpdate);
        assertEquals(Decision.UNKNOWN, late.decision(), late.reason());
        assertEquals(ValidationResult.Check.OCSP, late.failedCheck());
        assertTrue(late.reason().contains("stale"), late.reason());
        assertNull(answers.get(subCa(), endEntity.getSerialNumber(), afterNextUpdate));
    }

    @Test
    void aForgedCrlIsRefusedAndLeavesTheIndexEmpty() throws Exception {
        X509CertificateHolder endEntity = test.issue("forged-crl", Role.EMT).issued().certificate();
        CertificateAuthority forger = new CertificateAuthority(Role.EMT, subCa(),
                org.bcpki.core.crypto.SignatureSuite.of(org.bcpki.core.crypto.KeyAlgorithm.ECDSA_BRAINPOOLP256R1)
                        .generate(new java.security.SecureRandom()).getPrivate());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] forged = Pem.der(CrlBuilder.complete(forger, List.of(), now, now.plusSeconds(3600), BigInteger.valueOf(1_000_000), null));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/emt.crl", exchange -> {
            exchange.sendResponseHeaders(200, forged.length);
            try (var body = exchange.getResponseBody()) {
                body.write(forged);
            }
        });
        http.start();
        try {
            RevocationIndex index = new RevocationIndex();
            ValidationResult result = PathValidator.builder(test.anchors())
                    .crlUrls(List.of("http://127.0.0.1:" + http.getAddress().getPort() + "/emt.crl")).revocationIndex(index).build()
                    .validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
            assertEquals(Decision.UNKNOWN, result.decision(), result.reason());
            assertEquals(ValidationResult.Check.CRL, result.failedCheck());
            assertTrue(result.reason().contains("invalid signature"), result.reason());
            assertNull(index.baseNumber(subCa()));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aCaThatMovesItsBaseAtEveryDeltaStillGivesACurrentView() throws Exception {
        // Worst case for a relying party (seen under load with 3 s CRLs): the CA re-signs its complete CRL
        // and makes it the new delta base between any two fetches. The delta fetched first must be applied
        // to the complete CRL fetched after it, instead of chasing a base that moves again.
        X509CertificateHolder endEntity = test.issue("moving-base", Role.EMT).issued().certificate();
        CertificateAuthority emt = test.pki.subCa(Role.EMT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        long[] number = {1};
        List<String> served = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        http.createContext("/emt.crl", exchange -> {
            byte[] der;
            synchronized (number) {
                der = Pem.der(CrlBuilder.complete(emt, List.of(), now, now.plusSeconds(3600), BigInteger.valueOf(number[0]),
                        base + "/emt-delta.crl"));
                served.add("complete " + number[0]);
            }
            respond(exchange, der);
        });
        http.createContext("/emt-delta.crl", exchange -> {
            byte[] der;
            synchronized (number) {
                long newBase = ++number[0];
                der = Pem.der(CrlBuilder.delta(emt, List.of(), now, now.plusSeconds(3600), BigInteger.valueOf(++number[0]),
                        BigInteger.valueOf(newBase)));
                served.add("delta " + number[0] + " on " + newBase);
            }
            respond(exchange, der);
        });
        http.start();
        try {
            RevocationIndex index = new RevocationIndex();
            ValidationResult result = PathValidator.builder(test.anchors()).crlUrls(List.of(base + "/emt.crl"))
                    .revocationIndex(index).build().validate(test.chain(endEntity, Role.EMT), Role.EMT, Instant.now());
            assertEquals(Decision.GRANTED, result.decision(), result.reason() + " after " + served);
            assertEquals(1, served.stream().filter(s -> s.startsWith("delta")).count(), "one delta, applied: " + served);
            assertEquals(RevocationIndex.State.GOOD, index.lookup(emt.certificate(), endEntity.getSerialNumber(), Instant.now()).state());
        } finally {
            http.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] der) throws java.io.IOException {
        exchange.sendResponseHeaders(200, der.length);
        try (var body = exchange.getResponseBody()) {
            body.write(der);
        }
    }

    @Test
    void thePresignedResponderServesOneResponseUntilTheStatusChanges() throws Exception {
        X509CertificateHolder endEntity = test.issue("presigned", Role.EMT).issued().certificate();
        OcspResponder responder = new OcspResponder(test.pki, OcspResponder.Signing.PRESIGNED);
        responder.presign(test.pki.subCa(Role.EMT), List.of(endEntity.getSerialNumber()));
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1), subCa(),
                endEntity.getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        byte[] first = responder.respond(request);
        assertArrayEquals(first, responder.respond(request), "served, not signed again");

        OcspClient client = new OcspClient();
        assertEquals(PkiStore.Status.GOOD, client.check(test.server.ocspPresignedUrl(), endEntity, subCa(), Instant.now(), false).status());
        test.pki.revoke(endEntity.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");
        assertFalse(java.util.Arrays.equals(first, responder.respond(request)), "a status change is signed anew");
        OcspClient.Answer revoked = client.check(test.server.ocspPresignedUrl(), endEntity, subCa(), Instant.now(), false);
        assertEquals(PkiStore.Status.REVOKED, revoked.status());
        assertNotNull(revoked.nextUpdate());
    }

    @Test
    void theDeltaCrlEndpointServesTheDeltaAndCompleteCrlsNameIt() throws Exception {
        X509CertificateHolder revoked = test.issue("delta-endpoint", Role.GWA).issued().certificate();
        test.pki.revoke(revoked.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");
        BigInteger complete = Crls.number(test.pki.currentCrl("gwa"));
        var http = java.net.http.HttpClient.newHttpClient();
        byte[] der = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(test.server.deltaCrlUrl("gwa"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        CrlIndex delta = CrlIndex.of(Pem.crl(der), test.pki.subCa(Role.GWA).certificate());
        assertTrue(delta.isDelta());
        assertTrue(delta.baseNumber().compareTo(complete) <= 0, "the base is a complete CRL already issued");
        assertTrue(delta.number().compareTo(complete) > 0, "one CRL number sequence for complete and delta CRLs");
        assertNotNull(delta.entry(revoked.getSerialNumber()));
        assertEquals(test.server.deltaCrlUrl("gwa"), CrlIndex.of(test.pki.currentCrl("gwa"), test.pki.subCa(Role.GWA).certificate())
                .deltaUrl(), "complete CRLs name the delta in freshestCRL");
    }

    @Test
    void aDeltaListsOnlyTheRevocationsSinceItsBase() {
        X509CertificateHolder before = test.issue("delta-before", Role.GWH).issued().certificate();
        test.pki.revoke(before.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");
        IssuedCrlCache crls = new IssuedCrlCache(); // a fresh CA-side cache: its first complete CRL becomes the base
        CertificateAuthority gwh = test.pki.subCa(Role.GWH);
        String url = test.server.deltaCrlUrl("gwh");
        var base = crls.current(gwh, test.pki.store(), java.time.Duration.ofHours(24), url);
        X509CertificateHolder after = test.issue("delta-after", Role.GWH).issued().certificate();
        test.pki.revoke(after.getSerialNumber(), RevocationReason.KEY_COMPROMISE, "cli");

        CrlIndex delta = CrlIndex.of(crls.currentDelta(gwh, test.pki.store(), java.time.Duration.ofHours(24),
                java.time.Duration.ofHours(1), url), gwh.certificate());
        assertEquals(Crls.number(base), delta.baseNumber());
        assertEquals(1, delta.size());
        assertNotNull(delta.entry(after.getSerialNumber()));
        assertNull(delta.entry(before.getSerialNumber()), "already on the base");
    }
}
