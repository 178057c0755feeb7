package org.bcpki.mirror.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.bcpki.mirror.trust.AccountProof;
import org.bcpki.mirror.trust.ProofVerdict;
import org.bcpki.mirror.trust.ProofVerifier;

/**
 * An {@code eth_getProof} result, JSON to {@link AccountProof}: strict hex, bounded before anything is
 * allocated, with storage keys and values read as the words they stand for however a node spells them.
 */
public final class ProofCodec {
    private ProofCodec() {}

    /** The typed answer; MalformedDataException or JsonException when it is not one. */
    public static AccountProof decode(JsonValue answer) {
        JsonValue.JsonObject result = answer.asObject("the eth_getProof result");
        JsonValue.JsonArray storageProofs = result.array("storageProof");
        if (storageProofs.size() > AccountProof.MAX_STORAGE_PROOFS) {
            throw new MalformedDataException("more than " + AccountProof.MAX_STORAGE_PROOFS + " storage proofs");
        }
        List<AccountProof.StorageProof> storage = new ArrayList<>(storageProofs.size());
        for (int i = 0; i < storageProofs.size(); i++) {
            String where = "storageProof[" + i + "]";
            JsonValue.JsonObject entry = storageProofs.get(i).asObject(where);
            storage.add(new AccountProof.StorageProof(Hex.storageWord(entry.string("key"), where + ".key"),
                    Hex.storageWord(entry.string("value"), where + ".value"), nodes(entry.array("proof"), where + ".proof")));
        }
        return new AccountProof(Hex.fixed(result.string("address"), 20, "address"),
                Hex.quantityLong(result.string("nonce"), "nonce"), Hex.quantity(result.string("balance"), 256, "balance"),
                Hex.bytes32(result.string("storageHash"), "storageHash"), Hex.bytes32(result.string("codeHash"), "codeHash"),
                nodes(result.array("accountProof"), "accountProof"), storage);
    }

    /**
     * Decodes and verifies; an answer that does not decode is an invalid verdict naming why, like
     * one that decodes but does not prove what it claims.
     */
    public static ProofVerdict verify(Bytes32 stateRoot, JsonValue answer, Bytes expectedAddress,
            List<Bytes32> expectedSlots) {
        AccountProof proof;
        try {
            proof = decode(answer);
        } catch (MalformedDataException | JsonException e) {
            return new ProofVerdict(false, expectedAddress, Optional.empty(), List.of(), List.of(e.getMessage()), 0);
        } catch (RuntimeException e) {
            return new ProofVerdict(false, expectedAddress, Optional.empty(), List.of(),
                    List.of(ProofVerifier.UNEXPECTED + e), 0);
        }
        return ProofVerifier.verify(stateRoot, proof, expectedAddress, expectedSlots);
    }

    private static List<Bytes> nodes(JsonValue.JsonArray array, String what) {
        if (array.size() > AccountProof.MAX_PROOF_NODES) {
            throw new MalformedDataException(what + " has more than " + AccountProof.MAX_PROOF_NODES + " nodes");
        }
        List<Bytes> nodes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            nodes.add(Hex.data(array.get(i).asString(what + "[" + i + "]"), AccountProof.MAX_NODE_BYTES, what + "[" + i + "]"));
        }
        return nodes;
    }
}
