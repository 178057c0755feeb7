package org.bcpki.mirror.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.json.JsonValue;

/**
 * Where checkpoint signatures come from: the {@code CheckpointSigned} events of the authorities'
 * CheckpointRegistry contract, read with {@code eth_getLogs} from an untrusted endpoint. Nothing
 * here is trusted: a published signature counts only once it verifies, under an anchored
 * authority's ML-DSA-65 key, over the message built from a header the client hashed itself
 * ({@code MirrorClient.syncCheckpoints}). This class only checks that the answer is well formed.
 *
 * <pre>
 * event CheckpointSigned(uint64 indexed number, address indexed authority, bytes32 indexed signerSubjectId,
 *                        bytes32 blockHash, bytes32 validatorSetHash, uint8 signatures, bytes signature)
 * </pre>
 */
public final class CheckpointFeed {
    public static final Bytes32 CHECKPOINT_SIGNED = Bytes32.wrap(Keccak.keccak256(
            "CheckpointSigned(uint64,address,bytes32,bytes32,bytes32,uint8,bytes)".getBytes(StandardCharsets.US_ASCII)));
    /** Word offset of the dynamic {@code signature} in the event data (four head words). */
    private static final int SIGNATURE_OFFSET = 4 * 32;
    private static final int MAX_LOG_DATA_BYTES = 16 * 1024;

    /** One signature as published (signer not yet known: found by verification). */
    public record Published(long number, Bytes32 blockHash, Bytes32 validatorSetHash, Bytes signature) {}

    private final Bytes registry;

    /** @param registry the CheckpointRegistry's 20-byte address */
    public CheckpointFeed(Bytes registry) {
        if (registry == null || registry.size() != 20) {
            throw new IllegalArgumentException("the checkpoint registry address must be 20 bytes");
        }
        this.registry = registry;
    }

    /** The signatures published in blocks {@code from..to} (inclusive), in log order. */
    public List<Published> fetch(JsonRpcClient endpoint, long from, long to) throws RpcException, LyingEndpointException {
        JsonValue filter = JsonValue.JsonObject.builder()
                .put("address", registry.toHexString())
                .put("fromBlock", Hex.quantity(from))
                .put("toBlock", Hex.quantity(to))
                .put("topics", JsonValue.JsonArray.ofStrings(List.of(CHECKPOINT_SIGNED.toHexString())))
                .build();
        JsonValue result = endpoint.call("eth_getLogs", List.of(filter));
        List<Published> published = new ArrayList<>();
        try {
            JsonValue.JsonArray logs = result.asArray("eth_getLogs result");
            for (int i = 0; i < logs.size(); i++) {
                published.add(decode(logs.get(i).asObject("log"), from, to));
            }
        } catch (IllegalArgumentException e) {
            throw new LyingEndpointException(endpoint + ": malformed eth_getLogs answer: " + e.getMessage(), e);
        }
        return published;
    }

    private Published decode(JsonValue.JsonObject log, long from, long to) {
        if (!Hex.fixed(log.string("address"), 20, "log address").equals(registry)) {
            throw new MalformedDataException("a log of another contract was returned");
        }
        List<String> topics = log.array("topics").strings("topics");
        if (topics.size() != 4 || !Hex.bytes32(topics.get(0), "topic 0").equals(CHECKPOINT_SIGNED)) {
            throw new MalformedDataException("a log that is not CheckpointSigned was returned");
        }
        long logBlock = Hex.quantityLong(log.string("blockNumber"), "log blockNumber");
        if (logBlock < from || logBlock > to) {
            throw new MalformedDataException("a log outside the requested blocks was returned");
        }
        Bytes32 numberWord = Hex.bytes32(topics.get(1), "topic 1");
        if (!numberWord.slice(0, 24).isZero()) {
            throw new MalformedDataException("checkpoint number does not fit uint64");
        }
        long number = numberWord.slice(24, 8).toLong();
        if (number < 0) {
            throw new MalformedDataException("checkpoint number out of range");
        }
        Bytes data = Hex.data(log.string("data"), MAX_LOG_DATA_BYTES, "log data");
        if (data.size() < SIGNATURE_OFFSET + 32) {
            throw new MalformedDataException("log data too short");
        }
        if (!data.slice(96, 32).equals(Bytes32.leftPad(Bytes.ofUnsignedInt(SIGNATURE_OFFSET)))) {
            throw new MalformedDataException("unexpected signature offset");
        }
        Bytes lengthWord = data.slice(SIGNATURE_OFFSET, 32);
        if (!lengthWord.slice(0, 28).isZero()) {
            throw new MalformedDataException("signature length out of range");
        }
        long length = lengthWord.slice(28, 4).toLong();
        if (length > data.size() - SIGNATURE_OFFSET - 32) {
            throw new MalformedDataException("signature longer than the log data");
        }
        return new Published(number, Bytes32.wrap(data.slice(0, 32)), Bytes32.wrap(data.slice(32, 32)),
                data.slice(SIGNATURE_OFFSET + 32, (int) length));
    }
}
