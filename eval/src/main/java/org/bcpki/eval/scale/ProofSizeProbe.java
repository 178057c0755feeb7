package org.bcpki.eval.scale;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.RegistryLayout;

/**
 * Bytes of one cold check, from the mirror's real answers at one block: the 3-slot layout is one
 * eth_getProof of the record's three slots; the 1-slot layout is one eth_getProof of the record-hash
 * slot plus one eth_call of {@code recordOf(bytes32)} (the three words, checked against the proven
 * hash). Counted per subject over granted, revoked, expired and unknown subjects.
 */
final class ProofSizeProbe {
    static final String SECTION = "cold check";
    private static final String RECORD_OF = "0x" + Bytes.wrap(Keccak.keccak256("recordOf(bytes32)".getBytes())).slice(0, 4)
            .toUnprefixedHexString();

    private ProofSizeProbe() {}

    static void run(ScaleChain chain, ScalePoint point, List<SubjectId> subjects) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            RawRpc rpc = new RawRpc(chain.mirrorUrl(), http);
            String block = Hex.quantity(chain.mirrorHeight());
            Sizes three = new Sizes();
            Sizes one = new Sizes();
            boolean oneSlot = true;
            String problem = "";
            for (SubjectId subject : subjects) {
                List<String> slots = RegistryLayout.recordSlots(subject).stream().map(Bytes32::toHexString).toList();
                RawRpc.Answer proof = rpc.call("eth_getProof", chain.registry(), slots, block);
                three.add(RawRpc.proofNodeBytes(proof.result()), proof.bodyBytes(), RawRpc.gzipSize(proof.body()));
                if (!oneSlot) {
                    continue;
                }
                RawRpc.Answer hashProof = rpc.call("eth_getProof", chain.registry(),
                        List.of(RegistryLayout.recordHashSlot(subject).toHexString()), block);
                RawRpc.Answer words;
                try {
                    words = rpc.call("eth_call", Map.of("to", chain.registry(), "data", RECORD_OF + Bytes.wrap(subject.bytes())
                            .toUnprefixedHexString()), block);
                } catch (IOException e) {
                    oneSlot = false;
                    problem = e.getMessage();
                    continue;
                }
                int wordBytes = Bytes.fromHexString(words.result().asText()).size();
                if (wordBytes != 96) {
                    oneSlot = false;
                    problem = "recordOf answered " + wordBytes + " bytes, not 96";
                    continue;
                }
                one.add(RawRpc.proofNodeBytes(hashProof.result()) + wordBytes, hashProof.bodyBytes() + words.bodyBytes(),
                        RawRpc.gzipSize(hashProof.body()) + RawRpc.gzipSize(words.body()));
            }
            String where = subjects.size() + " subjects (granted, revoked, expired, unknown) at block " + block + " from the mirror";
            three.rows(point, "3-slot", "eth_getProof of the 3 record slots; " + where);
            if (oneSlot) {
                one.rows(point, "1-slot", "eth_getProof of the record-hash slot + eth_call recordOf (its 96 bytes "
                        + "counted in RLP too; JSON and gzip are both answers); " + where);
            } else {
                point.notes.add("1-slot layout not measured: the registry has no recordOf (" + problem + ")");
            }
        }
    }

    private static final class Sizes {
        final List<Integer> rlp = new ArrayList<>();
        final List<Integer> json = new ArrayList<>();
        final List<Integer> gzip = new ArrayList<>();

        void add(int rlpBytes, int jsonBytes, int gzipBytes) {
            rlp.add(rlpBytes);
            json.add(jsonBytes);
            gzip.add(gzipBytes);
        }

        void rows(ScalePoint point, String variant, String note) {
            point.distribution(SECTION, ScaleMetrics.PROOF_BYTES_RLP, "chain", variant, 1, "bytes", ScalePoint.toArray(rlp), note);
            point.distribution(SECTION, ScaleMetrics.PROOF_BYTES_JSON, "chain", variant, 1, "bytes", ScalePoint.toArray(json), note);
            point.distribution(SECTION, ScaleMetrics.PROOF_BYTES_GZIP, "chain", variant, 1, "bytes", ScalePoint.toArray(gzip), note);
        }
    }
}
