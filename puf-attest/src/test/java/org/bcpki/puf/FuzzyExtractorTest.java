package org.bcpki.puf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuzzyExtractorTest {
    private final FuzzyExtractor extractor = FuzzyExtractor.standard();
    private final SplittableRandom random = new SplittableRandom(42);

    private SramPufSimulator device(String seed, double ber) {
        return SramPufSimulator.of(seed, SramPufModel.nominal(ber), new SplittableRandom(seed.hashCode()));
    }

    @Test
    void defaultConstructionSizes() {
        assertEquals(3570, extractor.responseBits());
        assertEquals(262, extractor.secretBits());
    }

    @Test
    void reconstructsTheEnrolledSeedFromNoisyReads() {
        SramPufSimulator puf = device("device-1", 0.15);
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(puf.reference(extractor.responseBits()), random);
        for (int i = 0; i < 50; i++) {
            byte[] seed = extractor.reconstruct(puf.readBits(extractor.responseBits()), enrolled.helperData(),
                    enrolled.keyCheck());
            assertArrayEquals(enrolled.deviceSeed(), seed);
        }
    }

    @Test
    void aReadTooNoisyFailsClearly() {
        SramPufSimulator puf = device("device-2", 0.35);
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(puf.reference(extractor.responseBits()), random);
        PufException e = assertThrows(PufException.class, () -> extractor.reconstruct(
                puf.readBits(extractor.responseBits()), enrolled.helperData(), enrolled.keyCheck()));
        assertEquals(PufException.Kind.RECONSTRUCTION_FAILED, e.kind());
        assertTrue(e.getMessage().contains("noisy"), e.getMessage());
    }

    @Test
    void anotherDeviceCannotReconstruct() {
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(
                device("device-3", 0.1).reference(extractor.responseBits()), random);
        PufException e = assertThrows(PufException.class, () -> extractor.reconstruct(
                device("device-4", 0.1).readBits(extractor.responseBits()), enrolled.helperData(), enrolled.keyCheck()));
        assertEquals(PufException.Kind.RECONSTRUCTION_FAILED, e.kind());
    }

    @Test
    void alteredHelperDataNeverYieldsAKey() {
        SramPufSimulator puf = device("device-5", 0.05);
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(puf.reference(extractor.responseBits()), random);
        // One flipped helper bit is within the code's correction capability: the decoder recovers
        // the secret, and only the helper hash bound into the derivation catches the change.
        for (int bit : new int[] {0, 1000, 3569}) {
            var offset = enrolled.helperData().offset();
            offset.flip(bit);
            HelperData altered = new HelperData(enrolled.helperData().parameters(), offset);
            PufException e = assertThrows(PufException.class, () -> extractor.reconstruct(
                    puf.readBits(extractor.responseBits()), altered, enrolled.keyCheck()));
            assertEquals(PufException.Kind.RECONSTRUCTION_FAILED, e.kind());
        }
        byte[] wrongCheck = enrolled.keyCheck();
        wrongCheck[0] ^= 1;
        assertThrows(PufException.class, () -> extractor.reconstruct(puf.readBits(extractor.responseBits()),
                enrolled.helperData(), wrongCheck));
    }

    @Test
    void helperDataEncodingRoundTripsAndRejectsMalformedInput() {
        FuzzyExtractor.Enrolled enrolled = extractor.enroll(
                device("device-6", 0.1).reference(extractor.responseBits()), random);
        byte[] encoded = enrolled.helperData().encode();
        assertEquals(13 + 447, encoded.length);
        assertEquals(enrolled.helperData(), HelperData.decode(encoded));

        assertInvalid(Arrays.copyOf(encoded, encoded.length - 1), "bytes");
        assertInvalid(Arrays.copyOf(encoded, encoded.length + 1), "bytes");
        assertInvalid(Arrays.copyOf(encoded, 5), "truncated");
        byte[] badMagic = encoded.clone();
        badMagic[0] = 'X';
        assertInvalid(badMagic, "magic");
        byte[] badCode = encoded.clone();
        badCode[5] = 8; // even repetition
        assertInvalid(badCode, "code");
        byte[] badPadding = encoded.clone();
        badPadding[badPadding.length - 1] |= 1; // 3570 bits leave 6 padding bits
        assertInvalid(badPadding, "padding");
        byte[] otherCode = encoded.clone();
        otherCode[5] = 5; // rep5: declared length no longer matches
        assertInvalid(otherCode, "needs");
    }

    @Test
    void helperDataOfAnotherCodeIsRejected() {
        FuzzyExtractor small = FuzzyExtractor.of(new CodeParameters(5, 7, 10, 2));
        FuzzyExtractor.Enrolled enrolled = small.enroll(
                device("device-7", 0.1).reference(small.responseBits()), random);
        PufException e = assertThrows(PufException.class, () -> extractor.reconstruct(
                BitVector.zeros(extractor.responseBits()), enrolled.helperData(), enrolled.keyCheck()));
        assertEquals(PufException.Kind.HELPER_DATA_INVALID, e.kind());
    }

    @Test
    void perPurposeKeysAreIndependentAndDeterministic() {
        byte[] seed = new byte[32];
        seed[0] = 7;
        byte[] sign = KeyDerivation.purposeSeed(seed, KeyPurpose.SIGNING_ML_DSA_65);
        byte[] classic = KeyDerivation.purposeSeed(seed, KeyPurpose.SIGNING_ECDSA_BRAINPOOLP256R1);
        assertFalse(Arrays.equals(sign, classic));
        assertArrayEquals(sign, KeyDerivation.purposeSeed(seed.clone(), KeyPurpose.SIGNING_ML_DSA_65));
        DeviceKeys keys = new DeviceKeys(seed);
        assertArrayEquals(keys.publicKey(KeyPurpose.SIGNING_ML_DSA_65),
                new DeviceKeys(seed).publicKey(KeyPurpose.SIGNING_ML_DSA_65));
        assertEquals("ML-DSA", keys.signing().getPublic().getAlgorithm().substring(0, 6));
        assertEquals("EC", keys.classic().getPublic().getAlgorithm().substring(0, 2));
    }

    private static void assertInvalid(byte[] encoded, String phrase) {
        PufException e = assertThrows(PufException.class, () -> HelperData.decode(encoded));
        assertEquals(PufException.Kind.HELPER_DATA_INVALID, e.kind());
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }
}
