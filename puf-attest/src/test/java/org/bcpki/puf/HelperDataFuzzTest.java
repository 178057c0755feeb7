package org.bcpki.puf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.SplittableRandom;
import org.bcpki.core.crypto.Keccak;

/**
 * Helper data as read from an enrollment directory or a registry. Allowed error: {@link PufException}
 * HELPER_DATA_INVALID from the parser; reconstruction with it fails with HELPER_DATA_INVALID or
 * RECONSTRUCTION_FAILED. What parses is the canonical encoding (re-encodes to the input, so its hash is
 * the input's hash), and with the enrolled device's own noiseless read it yields a seed only when it
 * is exactly the enrolled helper data, and then only the enrolled seed.
 */
class HelperDataFuzzTest {
    /** Enrollments of one simulated device: the standard code and a small one (short seeds to mutate). */
    static final List<Enrollment> ENROLLMENTS = List.of(
            Enrollment.of(CodeParameters.DEFAULT), Enrollment.of(new CodeParameters(3, 5, 2, 1)));

    record Enrollment(FuzzyExtractor extractor, BitVector response, FuzzyExtractor.Enrolled enrolled) {
        static Enrollment of(CodeParameters parameters) {
            FuzzyExtractor extractor = FuzzyExtractor.of(parameters);
            BitVector response = SramPufSimulator.of("fuzz-device", SramPufModel.nominal(0.1), new SplittableRandom(1))
                    .reference(extractor.responseBits());
            return new Enrollment(extractor, response, extractor.enroll(response, new SplittableRandom(2)));
        }
    }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void helperDataIsCanonicalAndOnlyTheEnrolledOneYieldsTheSeed(byte[] encoded) {
        HelperData helper;
        try {
            helper = HelperData.decode(encoded);
        } catch (PufException e) {
            assertEquals(PufException.Kind.HELPER_DATA_INVALID, e.kind(), e::toString);
            assertFalse(e.getMessage().isBlank());
            return;
        }
        assertArrayEquals(encoded, helper.encode(), "accepted helper data is not in canonical form");
        assertArrayEquals(Keccak.keccak256(encoded), helper.hash());
        assertEquals(helper, HelperData.decode(helper.encode()));

        for (Enrollment enrollment : ENROLLMENTS) {
            byte[] seed;
            try {
                seed = enrollment.extractor().reconstruct(enrollment.response(), helper, enrollment.enrolled().keyCheck());
            } catch (PufException e) {
                assertTrue(e.kind() == PufException.Kind.HELPER_DATA_INVALID
                        || e.kind() == PufException.Kind.RECONSTRUCTION_FAILED, e::toString);
                continue;
            }
            assertEquals(enrollment.enrolled().helperData(), helper, "altered helper data yielded a seed");
            assertArrayEquals(enrollment.enrolled().deviceSeed(), seed);
        }
    }
}
