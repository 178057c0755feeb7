package org.bcpki.core.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;

/** Reads the ethereum/tests vectors copied into src/test/resources/ethereum-tests (see its README). */
final class EthereumTestVectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EthereumTestVectors() {}

    /** The named tests of one file, in file order. */
    static Stream<Map.Entry<String, JsonNode>> tests(String path) {
        try (InputStream in = EthereumTestVectors.class.getResourceAsStream("/ethereum-tests/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource ethereum-tests/" + path);
            }
            return JSON.readTree(in).properties().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's string convention: "0x…" is hex, anything else its characters as bytes. */
    static Bytes bytes(String text) {
        return text.startsWith("0x") ? Bytes.fromHexString(text) : Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
