package org.bcpki.mirror.follow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.ProofVerdict;
import org.bcpki.mirror.trust.ProvenRecord;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.JsonRpcClient;
import org.bcpki.mirror.wire.LyingEndpointException;
import org.bcpki.mirror.wire.NoHonestEndpointException;
import org.bcpki.mirror.wire.ProofCodec;
import org.bcpki.mirror.wire.RecordOfCall;
import org.bcpki.mirror.wire.RpcException;

/**
 * Proves registry records at a verified block: {@code recordHashes[subject]} by {@code eth_getProof},
 * then the records with a hash by {@code eth_call} of recordOf (batched), kept only if they hash to
 * the proven value. A liar, in either answer, is dropped and the next endpoint asked. Also proves the
 * registry's storage root alone, once per block, so unchanged records can be carried forward.
 */
public final class RecordProver {
    private final EndpointPool pool;
    private final Bytes registry;
    private volatile RootAt registryRoot;

    /** The registry's storage root proven at a block, and the bytes fetched to prove it. */
    public record RootAt(BlockRef block, Bytes32 storageRoot, int bytes) {}

    /** Records proven at one block, in the order asked, and the bytes fetched to prove them. */
    public record Proven(List<ProvenRecord> records, int bytes) {}

    public RecordProver(EndpointPool pool, Bytes registry) {
        this.pool = pool;
        this.registry = registry;
    }

    public Proven prove(List<SubjectId> subjects, BlockRef block) throws NoHonestEndpointException {
        List<Bytes32> slots = new ArrayList<>(subjects.size());
        List<JsonValue> slotParams = new ArrayList<>(subjects.size());
        for (SubjectId subject : subjects) {
            Bytes32 slot = RegistryLayout.recordHashSlot(subject);
            slots.add(slot);
            slotParams.add(JsonValue.of(slot.toHexString()));
        }
        List<JsonValue> params = List.of(JsonValue.of(registry.toHexString()), new JsonValue.JsonArray(slotParams),
                JsonValue.of(Hex.quantity(block.number())));
        return pool.attempt((JsonRpcClient endpoint) -> {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_getProof", params);
            ProofVerdict verdict = ProofCodec.verify(block.stateRoot(), answer.result(), registry, slots);
            if (!verdict.valid()) {
                throw new LyingEndpointException(endpoint + ": eth_getProof at block " + block.number() + ": "
                        + String.join("; ", verdict.problems()));
            }
            Bytes32 storageRoot = verdict.account().map(a -> a.storageRoot()).orElse(MerklePatriciaTrie.EMPTY_ROOT);
            registryRoot = new RootAt(block, storageRoot, 0);
            Map<Bytes32, Bytes32> values = new HashMap<>();
            verdict.storage().forEach(entry -> values.put(entry.key(), entry.value()));
            List<SubjectId> withRecord = new ArrayList<>();
            for (SubjectId subject : subjects) {
                if (!values.get(RegistryLayout.recordHashSlot(subject)).isZero()) {
                    withRecord.add(subject);
                }
            }
            Fetched fetched = recordsOf(endpoint, withRecord, block);
            List<ProvenRecord> records = new ArrayList<>(subjects.size());
            for (SubjectId subject : subjects) {
                Bytes32 hash = values.get(RegistryLayout.recordHashSlot(subject));
                if (hash.isZero()) {
                    records.add(ProvenRecord.absent(block, storageRoot));
                    continue;
                }
                try {
                    records.add(ProvenRecord.of(hash, fetched.words().get(withRecord.indexOf(subject)), block, storageRoot));
                } catch (IllegalArgumentException e) {
                    throw new LyingEndpointException(endpoint + ": recordOf(" + subject + ") at block " + block.number()
                            + ": " + e.getMessage());
                }
            }
            return new Proven(records, answer.responseBytes() + fetched.bytes());
        });
    }

    private record Fetched(List<List<Bytes32>> words, int bytes) {}

    /** The unproven words of {@code subjects}' records at {@code block}: one eth_call, or one batch of them. */
    private Fetched recordsOf(JsonRpcClient endpoint, List<SubjectId> subjects, BlockRef block)
            throws RpcException, LyingEndpointException {
        if (subjects.isEmpty()) {
            return new Fetched(List.of(), 0);
        }
        List<JsonValue> results;
        int bytes;
        if (subjects.size() == 1) {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_call",
                    RecordOfCall.params(registry, subjects.get(0), block.number()));
            results = List.of(answer.result());
            bytes = answer.responseBytes();
        } else {
            List<List<JsonValue>> params = new ArrayList<>(subjects.size());
            for (SubjectId subject : subjects) {
                params.add(RecordOfCall.params(registry, subject, block.number()));
            }
            try {
                results = endpoint.callBatch("eth_call", params);
                bytes = endpoint.lastResponseBytes();
            } catch (RpcException batchRefused) {
                // Nodes may refuse batches (as header sync allows): one call each.
                results = new ArrayList<>(params.size());
                bytes = endpoint.lastResponseBytes();
                for (List<JsonValue> single : params) {
                    JsonRpcClient.Answer answer = endpoint.callMeasured("eth_call", single);
                    results.add(answer.result());
                    bytes += answer.responseBytes();
                }
            }
        }
        List<List<Bytes32>> words = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            try {
                words.add(RecordOfCall.words(results.get(i)));
            } catch (IllegalArgumentException e) {
                throw new LyingEndpointException(endpoint + ": recordOf(" + subjects.get(i) + ") at block "
                        + block.number() + ": " + e.getMessage());
            }
        }
        return new Fetched(words, bytes);
    }

    /** The registry's storage root at {@code block}: proven once per block by an account-only proof. */
    public RootAt registryRootAt(BlockRef block) throws NoHonestEndpointException {
        RootAt known = registryRoot;
        if (known != null && known.block().equals(block)) {
            return new RootAt(block, known.storageRoot(), 0);
        }
        List<JsonValue> params = List.of(JsonValue.of(registry.toHexString()), new JsonValue.JsonArray(List.of()),
                JsonValue.of(Hex.quantity(block.number())));
        RootAt proven = pool.attempt((JsonRpcClient endpoint) -> {
            JsonRpcClient.Answer answer = endpoint.callMeasured("eth_getProof", params);
            ProofVerdict verdict = ProofCodec.verify(block.stateRoot(), answer.result(), registry, List.of());
            if (!verdict.valid()) {
                throw new LyingEndpointException(endpoint + ": eth_getProof (account) at block " + block.number() + ": "
                        + String.join("; ", verdict.problems()));
            }
            return new RootAt(block, verdict.account().map(a -> a.storageRoot()).orElse(MerklePatriciaTrie.EMPTY_ROOT),
                    answer.responseBytes());
        });
        registryRoot = proven;
        return proven;
    }
}
