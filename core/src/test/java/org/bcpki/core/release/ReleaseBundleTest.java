package org.bcpki.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Test;

class ReleaseBundleTest {
    static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    static final KeyPair ACME_KEY = ML_DSA_65.fromSeed(new byte[32]);
    static final KeyPair PTB_KEY = ML_DSA_65.fromSeed(filled(1));
    static final SubjectId PTB = SubjectId.parse("PTB");

    @Test
    void approvalsVerifyAndBindTheManufacturerSignature() {
        ReleaseBundle signed = ReleaseBundle.sign(ReleaseMessageTest.message(1), "https://acme.example/1", ACME_KEY);
        ReleaseBundle approved = signed.approvedBy(PTB, PTB_KEY);
        assertEquals(1, approved.approvals().size());
        assertEquals(signed.releaseId(), approved.releaseId());
        // PTB's approval of version 1 moved onto the manufacturer's bundle of version 2 does not verify.
        ReleaseBundle resigned = ReleaseBundle.sign(ReleaseMessageTest.message(2), "https://acme.example/1", ACME_KEY);
        IllegalArgumentException moved = assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(
                resigned.release(), resigned.uri(), resigned.manufacturerSignature(), approved.approvals()));
        assertTrue(moved.getMessage().contains("does not verify"), moved.getMessage());
    }

    @Test
    void forgedOrMisattributedSignaturesAreRefused() {
        ReleaseBundle signed = ReleaseBundle.sign(ReleaseMessageTest.message(1), "https://acme.example/1", ACME_KEY);
        // the signature of version 1 presented for version 2
        assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(ReleaseMessageTest.message(2), signed.uri(),
                signed.manufacturerSignature(), List.of()));
        // a manufacturer signature attributed to another signer
        ReleaseSignature s = signed.manufacturerSignature();
        assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(signed.release(), signed.uri(),
                new ReleaseSignature(PTB, s.spki(), s.signature()), List.of()));
        // the same authority twice, and the manufacturer approving its own release
        ReleaseBundle once = signed.approvedBy(PTB, PTB_KEY);
        assertThrows(IllegalArgumentException.class, () -> once.approvedBy(PTB, PTB_KEY));
        assertThrows(IllegalArgumentException.class, () -> signed.approvedBy(signed.release().manufacturer(), ACME_KEY));
        // one key under two signer labels (the label is not signed): found by ReleaseBundleJsonFuzzTest
        ReleaseSignature ptb = once.approvals().get(0);
        IllegalArgumentException relabelled = assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(
                signed.release(), signed.uri(), s, List.of(ptb, new ReleaseSignature(SubjectId.parse("MSB"), ptb.spki(),
                        ptb.signature()))));
        assertTrue(relabelled.getMessage().contains("signs twice"), relabelled.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(signed.release(),
                signed.uri(), s, List.of(new ReleaseSignature(PTB, s.spki(), ReleaseSignature.sign(ACME_KEY,
                        signed.release().approvalBytes(signed.signatureHash()))))));
        assertTrue(own.getMessage().contains("signs twice"), "the manufacturer's key as an approver's: " + own.getMessage());
        // a URI with spaces or controls
        assertThrows(IllegalArgumentException.class, () -> new ReleaseBundle(signed.release(), "https://a b", s, List.of()));
    }

    @Test
    void onlyMlDsa65KeysAndSignaturesOfItsLength() {
        SignatureSuite mlDsa44 = SignatureSuite.of(KeyAlgorithm.ML_DSA_44);
        byte[] spki44 = mlDsa44.encodePublicKey(mlDsa44.fromSeed(new byte[32]).getPublic());
        assertThrows(IllegalArgumentException.class, () -> new ReleaseSignature(PTB, spki44, new byte[3309]));
        byte[] spki65 = ML_DSA_65.encodePublicKey(PTB_KEY.getPublic());
        assertThrows(IllegalArgumentException.class, () -> new ReleaseSignature(PTB, spki65, new byte[3308]));
        assertThrows(IllegalArgumentException.class, () -> new ReleaseSignature(PTB,
                java.util.Arrays.copyOf(spki65, spki65.length - 1), new byte[3309]), "a truncated key");
    }

    static byte[] filled(int value) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
