package org.bcpki.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumTest {
    @ParameterizedTest
    @CsvSource({"1,1", "2,2", "3,2", "4,3", "5,4", "6,4", "7,5", "10,7"})
    void isCeilingOfTwoThirds(int validators, int quorum) {
        assertEquals(quorum, Quorum.of(validators));
    }
}
