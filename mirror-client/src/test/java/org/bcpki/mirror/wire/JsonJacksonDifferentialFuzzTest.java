package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The mirror's parser and Jackson (strict, {@link JacksonReference}) on the same text: both accept
 * with equal values, or both refuse, or only Jackson accepts for a documented reason that the
 * mirror's error names ({@link JacksonReference.Difference}). The mirror accepting what Jackson
 * refuses is always a finding.
 */
class JsonJacksonDifferentialFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void mirrorAndJacksonAgree(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        JacksonReference.Mirror mirror = JacksonReference.mirror(text);
        Optional<JsonNode> jackson = JacksonReference.parse(text);
        if (mirror.accepted() && jackson.isPresent()) {
            assertTrue(JacksonReference.same(mirror.value(), jackson.get()),
                    () -> "different values for " + JsonJacksonDifferentialTest.show(text));
        } else if (mirror.accepted()) {
            fail("only the mirror accepts " + JsonJacksonDifferentialTest.show(text));
        } else if (jackson.isPresent()) {
            assertTrue(JacksonReference.Difference.explains(text, jackson.get(), mirror.error()),
                    () -> "only Jackson accepts " + JsonJacksonDifferentialTest.show(text) + "; the mirror: " + mirror.error());
        }
    }
}
