package org.bcpki.mirror;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantStatus;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.wire.RecordOfCall;

/**
 * Bytes a cold check fetches, before issue #15 (the three record slots proven) and after (the
 * record-hash slot proven plus the recordOf eth_call answer), on a registry of N subjects (a main,
 * not a test). RLP: the proof nodes (account proof plus storage proofs) and, after, the 96 bytes of
 * words; JSON: the JSON-RPC response bodies; gzip: those bodies gzipped. Prints one JSON document.
 */
public final class ProofSizeBench {
    private ProofSizeBench() {}

    public static void main(String[] args) throws Exception {
        int identities = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int samples = Math.min(identities, args.length > 1 ? Integer.parseInt(args[1]) : 500);
        RegistryState before = new RegistryState(true, 100);
        RegistryState after = new RegistryState(true, 100);
        List<SubjectId> subjects = new ArrayList<>();
        for (int i = 0; i < identities; i++) {
            SubjectId subject = SubjectId.parse(String.format("1ESY11%08d", i));
            subjects.add(subject);
            var record = MirrorClientTest.grant(GrantStatus.ACTIVE, Role.METER, MirrorClientTest.METER_KEY, 2_000_000_000L);
            before.grantWithoutRecordHash(subject, record);
            after.grant(subject, record);
        }
        long[][] sizes = new long[6][samples];
        int step = identities / samples;
        for (int i = 0; i < samples; i++) {
            SubjectId subject = subjects.get(i * step);
            JsonValue.JsonObject old = before.proof(RegistryState.REGISTRY, RegistryLayout.recordSlots(subject));
            sizes[0][i] = rlpBytes(old);
            sizes[1][i] = body(old).length;
            sizes[2][i] = gzip(body(old)).length;
            JsonValue.JsonObject proof = after.proof(RegistryState.REGISTRY, List.of(RegistryLayout.recordHashSlot(subject)));
            JsonValue call = after.call(RegistryState.REGISTRY, RecordOfCall.calldata(subject));
            sizes[3][i] = rlpBytes(proof) + 96;
            sizes[4][i] = body(proof).length + body(call).length;
            sizes[5][i] = gzip(body(proof)).length + gzip(body(call)).length;
        }
        String[] names = {"beforeRlp", "beforeJson", "beforeGzip", "afterRlp", "afterJson", "afterGzip"};
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("identities", identities);
        results.put("samples", samples);
        for (int k = 0; k < names.length; k++) {
            results.put(names[k], percentiles(sizes[k]));
        }
        JsonValue.JsonObject.Builder out = JsonValue.JsonObject.builder();
        results.forEach((k, v) -> out.put(k, v instanceof JsonValue j ? j : JsonValue.of(((Number) v).longValue())));
        System.out.println(Json.writePretty(out.build()));
    }

    private static long rlpBytes(JsonValue.JsonObject proof) {
        long total = nodeBytes(proof.array("accountProof"));
        for (JsonValue entry : proof.array("storageProof").elements()) {
            total += nodeBytes(entry.asObject("entry").array("proof"));
        }
        return total;
    }

    private static long nodeBytes(JsonValue.JsonArray nodes) {
        long total = 0;
        for (String hex : nodes.strings("nodes")) {
            total += (hex.length() - 2) / 2;
        }
        return total;
    }

    /** The JSON-RPC response body carrying {@code result}, as a node sends it. */
    private static byte[] body(JsonValue result) {
        return Json.write(JsonValue.JsonObject.builder().put("jsonrpc", "2.0").put("id", 1).put("result", result).build())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(buffer)) {
            zip.write(data);
        }
        return buffer.toByteArray();
    }

    private static JsonValue percentiles(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return JsonValue.JsonObject.builder()
                .put("p50", sorted[sorted.length / 2])
                .put("p99", sorted[(int) (sorted.length * 0.99)])
                .put("max", sorted[sorted.length - 1])
                .put("mean", Math.round(Arrays.stream(sorted).average().orElse(0)))
                .build();
    }
}
