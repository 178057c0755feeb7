package org.bcpki.mirror.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.testing.CannedHttpClient;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.wire.CheckpointFeed;
import org.bcpki.mirror.wire.HeaderFetcher;
import org.bcpki.mirror.wire.JsonRpcClient;
import org.bcpki.mirror.wire.LyingEndpointException;
import org.bcpki.mirror.wire.RecordOfCall;
import org.bcpki.mirror.wire.RpcException;

/**
 * Answer bodies of an untrusted endpoint through the client's real decoding path: JsonRpcClient
 * (body cap, gzip, strict UTF-8, JSON, JSON-RPC id and error checks) and the decoders of each
 * answer (block number, raw header, eth_getBlockByNumber, batches, recordOf words, checkpoint logs).
 *
 * <p>Input: byte 0 picks the call (bits 0-2) and gzip (bit 3); the rest is the HTTP body.
 * Allowed failures: {@link RpcException} (MALFORMED, RPC_ERROR, TOO_LARGE; TRANSPORT only after the
 * canned answers ran out), {@link LyingEndpointException} whose cause, if any, is one of the
 * project's decoding errors, and {@link MalformedDataException}. What is accepted must be exactly
 * what the body says: quantities spelled canonically, headers re-encoding to the bytes sent.
 */
class JsonRpcAnswerFuzzTest {
    static final URI ENDPOINT = URI.create("http://mirror.invalid/");
    static final int MAX_RESPONSE_BYTES = 16 * 1024;
    static final Bytes CHECKPOINT_REGISTRY = Bytes.fromHexString("0x000000000000000000000000000000000000c4ec");
    static final SubjectId SUBJECT = SubjectId.parse("1ESY1160000000");
    /** Sent before the body for the eth_getBlockByNumber call: the debug API refused (request id 1). */
    static final byte[] DEBUG_REFUSED =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}".getBytes();

    /** The calls, by the low three bits of byte 0. */
    enum Call { BLOCK_NUMBER, RAW_HEADER, BLOCK_BY_NUMBER, RAW_HEADER_BATCH, RECORD_OF, CHECKPOINT_LOGS, ANY_RESULT, ANY_BATCH }

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void answersDecodeToWhatTheySayOrFailWithTheProjectsErrors(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        Call call = Call.values()[input[0] & 7];
        CannedHttpClient.Canned body = new CannedHttpClient.Canned(Arrays.copyOfRange(input, 1, input.length),
                (input[0] & 8) != 0);
        List<CannedHttpClient.Canned> answers = call == Call.BLOCK_BY_NUMBER
                ? List.of(new CannedHttpClient.Canned(DEBUG_REFUSED, false), body) : List.of(body);
        CannedHttpClient http = new CannedHttpClient(answers);
        JsonRpcClient endpoint = new JsonRpcClient(ENDPOINT, http, Duration.ofSeconds(5), MAX_RESPONSE_BYTES);
        try {
            decodeAndCheck(call, endpoint, body.gzip() ? null : body.body());
        } catch (RpcException e) {
            Set<RpcException.Kind> allowed = Set.of(RpcException.Kind.MALFORMED, RpcException.Kind.RPC_ERROR,
                    RpcException.Kind.TOO_LARGE);
            assertTrue(allowed.contains(e.kind()) || (e.kind() == RpcException.Kind.TRANSPORT && http.exhausted()),
                    () -> e.kind() + ": " + e.getMessage());
        } catch (LyingEndpointException e) {
            Throwable cause = e.getCause();
            assertTrue(cause == null || cause instanceof JsonException || cause instanceof MalformedDataException,
                    () -> "a lie detected by " + cause);
            if (cause != null) {
                assertProjectError(cause);
            }
        } catch (MalformedDataException e) {
            assertProjectError(e);
        }
    }

    /**
     * Decodes the body as the answer to {@code call} and checks what was accepted against the body
     * itself ({@code sent}, null when gzip hides it).
     */
    private static void decodeAndCheck(Call call, JsonRpcClient endpoint, byte[] sent) throws Exception {
        HeaderFetcher headers = new HeaderFetcher();
        switch (call) {
            case BLOCK_NUMBER -> {
                long number = headers.headNumber(endpoint);
                if (sent != null) {
                    assertEquals(Hex.quantity(number), result(sent).asString("result"));
                }
            }
            case RAW_HEADER -> headers.header(endpoint, 1).ifPresent(h -> checkRaw(h, 1, sent, null));
            case BLOCK_BY_NUMBER -> {
                Optional<BlockHeader> header = headers.header(endpoint, 1);
                if (header.isPresent() && sent != null) {
                    assertEquals(1, header.get().number());
                    JsonValue.JsonObject answered = result(sent).asObject("block");
                    for (Map.Entry<String, JsonValue> field : TestNetwork.blockJson(header.get()).members().entrySet()) {
                        if (field.getKey().equals("transactions")) {
                            continue;
                        }
                        String expected = field.getValue().asString(field.getKey());
                        String actual = answered.string(field.getKey());
                        // DATA may come in either case; quantities only canonical
                        assertTrue(QUANTITIES.contains(field.getKey()) ? expected.equals(actual) : expected.equalsIgnoreCase(actual),
                                () -> field.getKey() + ": " + actual + " accepted for " + expected);
                    }
                }
            }
            case RAW_HEADER_BATCH -> {
                List<Optional<BlockHeader>> batch = headers.headers(endpoint, 1, 2);
                assertEquals(2, batch.size());
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    batch.get(i).ifPresent(h -> checkRaw(h, 1 + index, sent, index));
                }
            }
            case RECORD_OF -> {
                JsonValue result = endpoint.call("eth_call", RecordOfCall.params(RegistryState.REGISTRY, SUBJECT, 1));
                List<Bytes32> words = RecordOfCall.words(result);
                assertEquals(Hex.data(result.asString("result"), 96, "result"), Bytes.concatenate(words.toArray(Bytes[]::new)));
            }
            case CHECKPOINT_LOGS -> {
                List<CheckpointFeed.Published> logs = new CheckpointFeed(CHECKPOINT_REGISTRY).fetch(endpoint, 1, 64);
                if (sent != null) {
                    JsonValue.JsonArray answered = result(sent).asArray("logs");
                    assertEquals(answered.size(), logs.size());
                    for (int i = 0; i < logs.size(); i++) {
                        JsonValue.JsonObject log = answered.get(i).asObject("log");
                        Bytes data = Hex.data(log.string("data"), 1 << 16, "data");
                        CheckpointFeed.Published p = logs.get(i);
                        assertEquals(Hex.bytes32(log.array("topics").strings("topics").get(1), "topic").slice(24).toLong(), p.number());
                        assertEquals(data.slice(0, 32), p.blockHash());
                        assertEquals(data.slice(32, 32), p.validatorSetHash());
                        assertEquals(data.slice(160, p.signature().size()), p.signature());
                    }
                }
            }
            case ANY_RESULT -> {
                JsonValue result = endpoint.call("eth_anything", List.of());
                if (sent != null) {
                    assertEquals(result(sent), result);
                }
            }
            case ANY_BATCH -> {
                List<JsonValue> results = endpoint.callBatch("eth_anything", List.of(List.of(), List.of(), List.of()));
                assertEquals(3, results.size());
                if (sent != null) {
                    for (JsonValue response : Json.parse(new String(sent, StandardCharsets.UTF_8))
                            .asArray("batch").elements()) {
                        JsonValue.JsonObject r = response.asObject("response");
                        assertEquals(r.get("result"), results.get((int) r.longValue("id") - 1));
                    }
                }
            }
        }
    }

    private static final Set<String> QUANTITIES = Set.of("number", "difficulty", "gasLimit", "gasUsed", "timestamp",
            "baseFeePerGas");

    /** A raw header accepted for block {@code number} re-encodes to the bytes sent. */
    private static void checkRaw(BlockHeader header, long number, byte[] sent, Integer batchIndex) {
        assertEquals(number, header.number());
        if (sent == null) {
            return;
        }
        JsonValue answer = Json.parse(new String(sent, StandardCharsets.UTF_8));
        JsonValue.JsonObject response = batchIndex == null ? answer.asObject("response") : byId(answer, batchIndex + 1);
        assertEquals(Hex.data(response.string("result"), 1 << 16, "raw"), BlockHeaderCodec.encode(header));
    }

    private static JsonValue.JsonObject byId(JsonValue batch, long id) {
        for (JsonValue response : batch.asArray("batch").elements()) {
            if (response.asObject("response").longValue("id") == id) {
                return response.asObject("response");
            }
        }
        throw new AssertionError("no answer with id " + id + " was accepted");
    }

    /** The result member of the body sent (only called once the client accepted it). */
    private static JsonValue result(byte[] sent) {
        return Json.parse(new String(sent, StandardCharsets.UTF_8)).asObject("response").get("result");
    }

    /** Exactly the project's types: a JDK exception extending IllegalArgumentException would pass instanceof. */
    private static void assertProjectError(Throwable e) {
        assertTrue(e.getClass().getName().startsWith("org.bcpki."), () -> "not a project error: " + e);
    }
}
