package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.junit.jupiter.api.Test;

class HeaderFetcherTest {
    private static final JsonRpcClient ENDPOINT = JsonRpcClient.of("http://mirror.invalid/");

    @Test
    void aBlockWithAQuantitySpelledNonCanonicallyOrAMinerWithoutPrefixIsALie() throws Exception {
        // finding (issue #17): leading zeros, uppercase digits and a bare miner address were accepted
        // (harmless, the hash is recomputed, but no node spells them so)
        try (TestNetwork network = new TestNetwork(4, 30_000, new RegistryState(true, 2))) {
            BlockHeader header = network.mine();
            JsonValue.JsonObject honest = TestNetwork.blockJson(header);
            assertEquals(header, HeaderFetcher.fromJsonBlock(ENDPOINT, honest, 1));
            String miner = honest.string("miner");
            Map<String, String> respelled = Map.of(
                    "number", "0x01",
                    "timestamp", honest.string("timestamp").toUpperCase().replace("0X", "0x"),
                    "gasLimit", "0x0" + honest.string("gasLimit").substring(2),
                    "miner", miner.substring(2));
            respelled.forEach((field, spelling) -> {
                LyingEndpointException e = assertThrows(LyingEndpointException.class,
                        () -> HeaderFetcher.fromJsonBlock(ENDPOINT, with(honest, field, spelling), 1), field);
                assertInstanceOf(MalformedDataException.class, e.getCause(), field);
            });
        }
    }

    private static JsonValue.JsonObject with(JsonValue.JsonObject o, String field, String value) {
        JsonValue.JsonObject.Builder b = JsonValue.JsonObject.builder();
        o.members().forEach((k, v) -> b.put(k, k.equals(field) ? JsonValue.of(value) : v));
        return b.build();
    }
}
