package org.bcpki.puf.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bcpki.puf.BitVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BchCodeTest {
    private static final BchCode BCH_255 = BchCode.of(8, 18);
    private static final BchCode BCH_127 = BchCode.of(7, 10);

    @Test
    void galoisFieldArithmeticIsConsistent() {
        GaloisField field = GaloisField.of(8);
        for (int a = 1; a < 256; a++) {
            assertEquals(1, field.multiply(a, field.divide(1, a)), "inverse of " + a);
            assertEquals(a, field.alphaPower(field.log(a)));
        }
        // x^8 = x^4 + x^3 + x^2 + 1 under the primitive polynomial 0x11D
        assertEquals(0x1D, field.alphaPower(8));
        assertEquals(field.multiply(field.multiply(7, 9), 13), field.multiply(7, field.multiply(9, 13)));
    }

    @ParameterizedTest
    @CsvSource({"4,1,11", "4,2,7", "4,3,5", "5,3,16", "6,4,39", "7,10,64", "8,18,131", "8,2,239"})
    void dimensionsMatchTheStandardBchTables(int m, int t, int k) {
        BchCode code = BchCode.of(m, t);
        assertEquals((1 << m) - 1, code.n());
        assertEquals(k, code.k());
    }

    @Test
    void generatorOfBch15_7IsTheTextbookPolynomial() {
        // g(x) = 1 + x^4 + x^6 + x^7 + x^8
        assertArrayEquals(new byte[] {1, 0, 0, 0, 1, 0, 1, 1, 1}, BchCode.of(4, 2).generator());
    }

    @Test
    void encodingIsSystematicAndYieldsCodewords() {
        SplittableRandom random = new SplittableRandom(1);
        for (BchCode code : new BchCode[] {BCH_127, BCH_255}) {
            for (int trial = 0; trial < 20; trial++) {
                BitVector message = randomBits(random, code.k());
                BitVector codeword = code.encode(message);
                assertEquals(message, code.message(codeword));
                int[] syndromes = code.syndromes(codeword);
                for (int j = 1; j <= 2 * code.t(); j++) {
                    assertEquals(0, syndromes[j], "syndrome " + j);
                }
            }
        }
    }

    @Test
    void correctsEveryErrorCountUpToAndIncludingT() {
        SplittableRandom random = new SplittableRandom(2);
        for (BchCode code : new BchCode[] {BCH_127, BCH_255, BchCode.of(4, 2)}) {
            for (int errors = 0; errors <= code.t(); errors++) {
                for (int trial = 0; trial < 25; trial++) {
                    BitVector codeword = code.encode(randomBits(random, code.k()));
                    BitVector received = withErrors(random, codeword, errors);
                    BchCode.Decoding decoding = code.decode(received);
                    assertTrue(decoding.ok(), code + " with " + errors + " errors: " + decoding.failure());
                    assertEquals(codeword, decoding.codeword());
                    assertEquals(errors, decoding.corrected());
                }
            }
        }
    }

    @Test
    void neverReturnsTheSentCodewordBeyondT() {
        SplittableRandom random = new SplittableRandom(3);
        int detected = 0;
        int trials = 0;
        for (BchCode code : new BchCode[] {BCH_127, BCH_255}) {
            for (int errors = code.t() + 1; errors <= code.t() + 6; errors++) {
                for (int trial = 0; trial < 20; trial++) {
                    trials++;
                    BitVector codeword = code.encode(randomBits(random, code.k()));
                    BitVector received = withErrors(random, codeword, errors);
                    BchCode.Decoding decoding = code.decode(received);
                    if (!decoding.ok()) {
                        detected++;
                        continue;
                    }
                    // A miscorrection: a different codeword within distance t of what was received.
                    assertNotEquals(codeword, decoding.codeword());
                    assertTrue(decoding.codeword().distance(received) <= code.t());
                    int[] syndromes = code.syndromes(decoding.codeword());
                    for (int j = 1; j <= 2 * code.t(); j++) {
                        assertEquals(0, syndromes[j]);
                    }
                }
            }
        }
        // Bounded-distance decoders of long BCH codes detect almost all such patterns.
        assertTrue(detected > trials * 9 / 10, detected + " of " + trials + " detected");
    }

    @Test
    void heavyNoiseIsReportedAsFailure() {
        SplittableRandom random = new SplittableRandom(4);
        BitVector codeword = BCH_255.encode(randomBits(random, BCH_255.k()));
        BchCode.Decoding decoding = BCH_255.decode(withErrors(random, codeword, 60));
        assertFalse(decoding.ok() && decoding.codeword().equals(codeword));
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> BCH_255.encode(BitVector.zeros(130)));
        assertThrows(IllegalArgumentException.class, () -> BCH_255.decode(BitVector.zeros(254)));
        assertThrows(IllegalArgumentException.class, () -> BchCode.of(8, 0));
        assertThrows(IllegalArgumentException.class, () -> BchCode.of(2, 1));
    }

    static BitVector randomBits(SplittableRandom random, int length) {
        BitVector bits = BitVector.zeros(length);
        for (int i = 0; i < length; i++) {
            bits.set(i, random.nextBoolean());
        }
        return bits;
    }

    /** Flips exactly {@code errors} distinct positions. */
    static BitVector withErrors(SplittableRandom random, BitVector word, int errors) {
        BitVector out = word.copy();
        int flipped = 0;
        while (flipped < errors) {
            int position = random.nextInt(word.length());
            if (out.get(position) == word.get(position)) {
                out.flip(position);
                flipped++;
            }
        }
        return out;
    }
}
