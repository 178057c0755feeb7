package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftHeaderValidator;
import org.junit.jupiter.api.Test;

/** The header fuzz oracle is not vacuous: every fixture header (15, 16 and 17 fields) validates at its height. */
class SealedHeadersTest {
    @Test
    void everyFixtureHeaderIsAcceptedByTheStandardValidator() {
        assertEquals(15, SealedHeaders.HEADERS.size());
        for (BlockHeader header : SealedHeaders.HEADERS) {
            SealedHeaders.Height height = SealedHeaders.HEIGHTS.get(header.number());
            assertEquals(List.of(), QbftHeaderValidator.standard().validate(header, height.parent(), height.context()),
                    "block " + header.number());
        }
    }
}
