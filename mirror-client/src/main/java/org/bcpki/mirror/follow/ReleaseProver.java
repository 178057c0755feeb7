package org.bcpki.mirror.follow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.mirror.trust.BlockRef;
import org.bcpki.mirror.trust.ProofVerdict;
import org.bcpki.mirror.trust.ProvenRelease;
import org.bcpki.mirror.wire.EndpointPool;
import org.bcpki.mirror.wire.JsonRpcClient;
import org.bcpki.mirror.wire.LyingEndpointException;
import org.bcpki.mirror.wire.NoHonestEndpointException;
import org.bcpki.mirror.wire.ProofCodec;
import org.bcpki.mirror.wire.ReleaseOfCall;

/**
 * Proves a release at a verified block of the SoftwareRegistry: {@code recordHashes[releaseId]},
 * {@code deviceTypes[typeKey]} and {@code approvalVotes[releaseId]} in one {@code eth_getProof}, then the seven words by {@code eth_call}
 * of releaseOf, kept only if they hash to the proven value. A liar is dropped and the next endpoint asked.
 */
public final class ReleaseProver {
    private final EndpointPool pool;
    private final Bytes softwareRegistry;

    public ReleaseProver(EndpointPool pool, Bytes softwareRegistry) {
        this.pool = pool;
        this.softwareRegistry = softwareRegistry;
    }

    public ProvenRelease prove(Bytes32 releaseId, Bytes32 typeKey, BlockRef block) throws NoHonestEndpointException {
        Bytes32 hashSlot = ReleaseLayout.recordHashSlot(releaseId);
        Bytes32 typeSlot = ReleaseLayout.deviceTypeSlot(typeKey);
        Bytes32 votesSlot = ReleaseLayout.approvalVotesSlot(releaseId);
        List<Bytes32> slots = List.of(hashSlot, typeSlot, votesSlot);
        List<JsonValue> params = List.of(JsonValue.of(softwareRegistry.toHexString()),
                new JsonValue.JsonArray(slots.stream().<JsonValue>map(slot -> JsonValue.of(slot.toHexString())).toList()),
                JsonValue.of(Hex.quantity(block.number())));
        return pool.attempt((JsonRpcClient endpoint) -> {
            ProofVerdict verdict = ProofCodec.verify(block.stateRoot(), endpoint.call("eth_getProof", params),
                    softwareRegistry, slots);
            if (!verdict.valid()) {
                throw new LyingEndpointException(endpoint + ": eth_getProof (release) at block " + block.number() + ": "
                        + String.join("; ", verdict.problems()));
            }
            Map<Bytes32, Bytes32> values = new HashMap<>();
            verdict.storage().forEach(entry -> values.put(entry.key(), entry.value()));
            Bytes32 recordHash = values.get(hashSlot);
            if (recordHash.isZero()) {
                DeviceTypeState state;
                try {
                    state = ReleaseLayout.decodeDeviceType(values.get(typeSlot));
                } catch (IllegalArgumentException e) {
                    state = DeviceTypeState.NONE; // an unknown release is refused whatever its type's state
                }
                return ProvenRelease.absent(state, block);
            }
            try {
                List<Bytes32> words = ReleaseOfCall.words(endpoint.call("eth_call",
                        ReleaseOfCall.params(softwareRegistry, releaseId, block.number())));
                return ProvenRelease.of(recordHash, words, typeKey, values.get(typeSlot), values.get(votesSlot), block);
            } catch (IllegalArgumentException e) {
                throw new LyingEndpointException(endpoint + ": releaseOf(" + releaseId.toHexString() + ") at block "
                        + block.number() + ": " + e.getMessage());
            }
        });
    }
}
