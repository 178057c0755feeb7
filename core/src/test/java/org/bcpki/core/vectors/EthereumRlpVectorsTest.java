package org.bcpki.core.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.rlp.RlpFields;
import org.bcpki.core.rlp.RlpItems;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ethereum/tests RLPTests against the project's RLP path (Tuweni in strict mode through
 * {@link RlpFields}): valid encodings decode to the vector's value and re-encode to the same bytes,
 * invalid ones are refused with {@link MalformedDataException}.
 */
class EthereumRlpVectorsTest {
    static Stream<Arguments> validVectors() {
        return Stream.concat(EthereumTestVectors.tests("RLPTests/rlptest.json"),
                        EthereumTestVectors.tests("RLPTests/RandomRLPTests/example.json"))
                .map(t -> Arguments.of(t.getKey(), t.getValue().get("in"), Bytes.fromHexString(t.getValue().get("out").asText())));
    }

    static Stream<Arguments> invalidVectors() {
        return EthereumTestVectors.tests("RLPTests/invalidRLPTest.json")
                .map(t -> Arguments.of(t.getKey(), Bytes.fromHexString(t.getValue().get("out").asText())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVectors")
    void validEncodingsDecodeToTheirValueAndReencodeExactly(String name, JsonNode in, Bytes out) {
        Object decoded = RlpFields.decodeItem(out, name);
        if (!in.asText().equals("VALID")) { // RandomRLPTests give only the encoding
            Object expected = value(in);
            assertEquals(expected, decoded);
            assertEquals(out, RlpItems.encode(expected), "encoding the vector's value");
        }
        assertEquals(out, RlpItems.encode(decoded), "re-encoding the decoded item");
        if (decoded instanceof List<?>) {
            assertEquals(decoded, RlpFields.decodeList(out, name, RlpFields::readItems));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void invalidEncodingsAreRefused(String name, Bytes out) {
        assertThrows(MalformedDataException.class, () -> RlpFields.decodeItem(out, name));
        assertThrows(MalformedDataException.class, () -> RlpFields.decodeList(out, name, RlpFields::readItems));
    }

    /** The vector's "in": strings are their bytes, integers (and "#decimal" big integers) minimal scalars. */
    private static Object value(JsonNode in) {
        if (in.isArray()) {
            List<Object> items = new ArrayList<>();
            in.forEach(item -> items.add(value(item)));
            return items;
        }
        if (in.isIntegralNumber()) {
            return RlpFields.scalar(in.bigIntegerValue());
        }
        String text = in.asText();
        return text.startsWith("#")
                ? RlpFields.scalar(new BigInteger(text.substring(1)))
                : Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
