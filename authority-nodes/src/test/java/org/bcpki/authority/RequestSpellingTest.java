package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Findings of the request fuzz targets (issue #17), on their committed inputs: a signed request and a
 * request body each have one spelling. The unaltered seeds are accepted, so each refusal below is
 * caused by the one altered spelling.
 */
class RequestSpellingTest {
    private static final String HEADERS = "RequestAuthenticatorFuzzTestInputs/onlyWhatAKeySignedIsAcceptedAndOnlyThatSpendsANonce/";
    private static final String BODIES = "RequestBodyFuzzTestInputs/acceptedBodiesAreStrictAndGrantsAreProven/";

    @Test
    void aTimestampWithAPlusSignIsRefusedThoughItsSignatureVerifies() throws Exception {
        assertEquals("lab-1", authenticate("lab-challenge-p256").keyId());
        ApiException e = assertThrows(ApiException.class, () -> authenticate("finding-timestamp-with-plus-sign"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("plain decimal"), e.getMessage());
    }

    @Test
    void aSignatureWithoutItsBase64PaddingIsRefused() {
        ApiException e = assertThrows(ApiException.class, () -> authenticate("finding-signature-without-padding"));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("canonical base64"), e.getMessage());
    }

    @Test
    void aBodyNamingAMemberTwiceIsRefused() throws Exception {
        assertTrue(RequestBodies.decision(RequestBodies.parse(seed(BODIES + "decision-approve"))).approve());
        assertRefused(BODIES + "finding-duplicate-member", "Duplicate field 'decision'");
    }

    @Test
    void contentAfterTheBodyIsRefused() throws Exception {
        assertRefused(BODIES + "finding-trailing-content", "Trailing token");
    }

    @Test
    void bodiesNestedDeeperThanAnyRequestAreRefused() throws Exception {
        assertRefused(BODIES + "finding-nesting-17", "nesting depth");
    }

    @Test
    void aMemberNameWithBytesThatAreNotUtf8IsRefusedWhateverCameBefore() throws Exception {
        // Found by RequestBodyFuzzTest: once Jackson's byte parser had read "reasn", it read
        // "reas\xFFn" as "reasn" too (and, once it had seen "subject", "subj\xFFect" as "subject").
        RequestBodies.parse("{\"reasn\":\"x\",\"subject\":\"1ESY1160000001\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertRefused(BODIES + "crash-24220a010f439bd47a60462229dfafbcac44514b", "not UTF-8");
        byte[] subject = {'{', '"', 's', 'u', 'b', 'j', (byte) 0xFF, 'e', 'c', 't', '"', ':', '1', '}'};
        ApiException e = assertThrows(ApiException.class, () -> RequestBodies.parse(subject));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void aBodyInUtf16IsRefused() {
        ApiException e = assertThrows(ApiException.class, () -> RequestBodies.parse(new byte[] {0, '{', 0, '}'}));
        assertEquals(400, e.status());
    }

    @Test
    void aRoleSpelledWithALongSIsRefused() throws Exception {
        // Role.parse upper-cases with Unicode rules: "ſmgw" read as SMGW before names had to be ASCII.
        GrantIntake intake = new GrantIntake(new AuthorityPolicy(Set.of(org.bcpki.core.identity.Role.SMGW),
                Set.of(org.bcpki.core.crypto.KeyAlgorithm.ECDSA_P256), false, 730), AttestationCheck.unavailable());
        Caller caller = new Caller("lab-1", Caller.Kind.REGISTRAR, org.bcpki.core.crypto.KeyAlgorithm.ECDSA_P256, new byte[1]);
        long now = RequestBodyFuzzTest.NOW;
        assertEquals(org.bcpki.core.identity.Role.SMGW,
                intake.validate(RequestBodies.parse(seed(BODIES + "grant-smgw-p256")), caller, now).role());
        ApiException e = assertThrows(ApiException.class,
                () -> intake.validate(RequestBodies.parse(seed(BODIES + "finding-role-long-s")), caller, now));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("ASCII"), e.getMessage());
    }

    private static Caller authenticate(String name) throws Exception {
        Set<String> nonces = new HashSet<>();
        RequestAuthenticator authenticator = new RequestAuthenticator(
                RequestAuthenticatorFuzzTest.CALLERS, (keyId, nonce, expiresAt, now) -> nonces.add(nonce));
        return RequestAuthenticatorFuzzTest.Request.parse(seed(HEADERS + name)).authenticate(authenticator);
    }

    private static void assertRefused(String name, String reason) throws IOException {
        byte[] body = seed(name);
        ApiException e = assertThrows(ApiException.class, () -> RequestBodies.parse(body));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = RequestSpellingTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
