package org.bcpki.puf.ecc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bcpki.puf.BitVector;
import org.junit.jupiter.api.Test;

class ConcatenatedCodeTest {
    private final ConcatenatedCode code = new ConcatenatedCode(7, BchCode.of(8, 18), 2);

    @Test
    void sizes() {
        assertEquals(262, code.messageBits());
        assertEquals(3570, code.codeBits());
    }

    @Test
    void majorityAbsorbsUpToThreeFlipsPerGroupAndBchTheRest() {
        SplittableRandom random = new SplittableRandom(5);
        BitVector message = BchCodeTest.randomBits(random, code.messageBits());
        BitVector codeword = code.encode(message);
        BitVector noisy = codeword.copy();
        // 3 flips in every repetition group: the majority still wins everywhere.
        for (int group = 0; group < code.codeBits() / 7; group++) {
            for (int i = 0; i < 3; i++) {
                noisy.flip(group * 7 + i);
            }
        }
        // 18 groups per block fully inverted (4 flips): exactly t inner errors per block.
        for (int b = 0; b < 2; b++) {
            for (int g = 0; g < 18; g++) {
                noisy.flip((b * 255 + g * 13) * 7 + 6);
            }
        }
        ConcatenatedCode.Result result = code.decode(noisy);
        assertTrue(result.ok(), result.failure());
        assertEquals(message, result.message());
        assertEquals(36, result.bchCorrections());
    }

    @Test
    void tooManyInnerErrorsFailOrMiscorrectButNeverReturnTheMessageSilently() {
        SplittableRandom random = new SplittableRandom(6);
        BitVector message = BchCodeTest.randomBits(random, code.messageBits());
        BitVector noisy = code.encode(message);
        for (int g = 0; g < 30; g++) { // 30 inverted groups in block 0 > t = 18
            for (int i = 0; i < 7; i++) {
                noisy.flip((g * 8) * 7 + i);
            }
        }
        ConcatenatedCode.Result result = code.decode(noisy);
        assertFalse(result.ok() && result.message().equals(message));
    }
}
