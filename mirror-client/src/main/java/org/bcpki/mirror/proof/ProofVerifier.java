package org.bcpki.mirror.proof;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.core.trie.StateProofs;
import org.bcpki.mirror.json.JsonException;
import org.bcpki.mirror.json.JsonValue;
import org.bcpki.core.codec.Hex;

/**
 * Verifies an EIP-1186 {@code eth_getProof} result: the account proof against the block's state root,
 * each storage proof against the proven account's storage root (the empty root when the account is
 * proven absent), and every claimed field against what the proofs show. Nothing in the answer is
 * believed unless a proof backs it. Both forms nodes give for an absent account are accepted: zero
 * or empty hashes with one proof per slot, or (Besu) the empty hashes and no storage proofs.
 */
public final class ProofVerifier {
    /** More nodes than any path in a 2^256-keyed trie can have (64 nibbles plus extensions). */
    static final int MAX_PROOF_NODES = 80;
    static final int MAX_NODE_BYTES = 4096;
    static final int MAX_STORAGE_PROOFS = 256;
    /** How a problem that is an exception no decoding step should throw begins. */
    public static final String UNEXPECTED = "unexpected exception: ";

    private ProofVerifier() {}

    /**
     * @param expectedAddress the account asked for, or null to accept the answer's own address
     * @param expectedSlots the slots asked for (each must be answered exactly once), or null for any
     */
    public static ProofVerdict verify(Bytes32 stateRoot, JsonValue answer, Bytes expectedAddress,
            List<Bytes32> expectedSlots) {
        List<String> problems = new ArrayList<>();
        Bytes address = expectedAddress;
        Optional<AccountState> account = Optional.empty();
        List<StorageEntry> storage = new ArrayList<>();
        int[] proofBytes = {0};
        try {
            JsonValue.JsonObject result = answer.asObject("the eth_getProof result");
            address = Hex.fixed(result.string("address"), 20, "address");
            if (expectedAddress != null && !address.equals(expectedAddress)) {
                problems.add("proof is for " + address.toHexString() + ", asked for " + expectedAddress.toHexString());
                return new ProofVerdict(false, address, account, storage, problems, proofBytes[0]);
            }
            account = StateProofs.account(stateRoot, address, nodes(result.array("accountProof"), "accountProof", proofBytes));
            checkAccountClaims(result, account, problems);

            Bytes32 storageRoot = account.map(AccountState::storageRoot).orElse(MerklePatriciaTrie.EMPTY_ROOT);
            JsonValue.JsonArray storageProofs = result.array("storageProof");
            if (storageProofs.size() > MAX_STORAGE_PROOFS) {
                throw new MalformedDataException("more than " + MAX_STORAGE_PROOFS + " storage proofs");
            }
            Set<Bytes32> seen = new HashSet<>();
            for (int i = 0; i < storageProofs.size(); i++) {
                String where = "storageProof[" + i + "]";
                JsonValue.JsonObject entry = storageProofs.get(i).asObject(where);
                Bytes32 key = Hex.storageWord(entry.string("key"), where + ".key");
                if (!seen.add(key)) {
                    problems.add(where + " repeats key " + key.toHexString());
                    continue;
                }
                Bytes32 proven = StateProofs.storage(storageRoot, key, nodes(entry.array("proof"), where + ".proof", proofBytes));
                Bytes32 claimed = Hex.storageWord(entry.string("value"), where + ".value");
                if (!claimed.equals(proven)) {
                    problems.add(where + " claims value " + claimed.toShortHexString() + " but the proof shows "
                            + proven.toShortHexString());
                }
                storage.add(new StorageEntry(key, proven));
            }
            if (account.isEmpty() && storageProofs.size() == 0 && expectedSlots != null) {
                // Besu answers an absent account with no storage proofs at all: the account proof alone
                // shows every slot of it is zero (other nodes prove each slot against the empty root)
                for (Bytes32 slot : expectedSlots) {
                    if (seen.add(slot)) {
                        storage.add(new StorageEntry(slot, Bytes32.ZERO));
                    }
                }
            }
            if (expectedSlots != null) {
                for (Bytes32 slot : expectedSlots) {
                    if (!seen.contains(slot)) {
                        problems.add("no proof for requested slot " + slot.toHexString());
                    }
                }
                if (seen.size() != new HashSet<>(expectedSlots).size()) {
                    problems.add("proofs for slots that were not requested");
                }
            }
        } catch (MalformedDataException | JsonException e) {
            // Malformed JSON shapes, hex, RLP or proofs (InvalidProofException) all land here: the answer is invalid.
            problems.add(e.getMessage());
        } catch (RuntimeException e) {
            // A bug rather than a bad answer: still invalid (fail closed), but named so it is not taken for one.
            problems.add(UNEXPECTED + e);
        }
        return new ProofVerdict(problems.isEmpty(), address, account, storage, problems, proofBytes[0]);
    }

    private static void checkAccountClaims(JsonValue.JsonObject result, Optional<AccountState> account,
            List<String> problems) {
        long nonce = Hex.quantityLong(result.string("nonce"), "nonce");
        BigInteger balance = Hex.quantity(result.string("balance"), 256, "balance");
        Bytes32 storageHash = Hex.bytes32(result.string("storageHash"), "storageHash");
        Bytes32 codeHash = Hex.bytes32(result.string("codeHash"), "codeHash");
        if (account.isPresent()) {
            AccountState proven = account.get();
            if (nonce != proven.nonce()) {
                problems.add("claimed nonce " + nonce + " but the proof shows " + proven.nonce());
            }
            if (!balance.equals(proven.balance())) {
                problems.add("claimed balance " + balance + " but the proof shows " + proven.balance());
            }
            if (!storageHash.equals(proven.storageRoot())) {
                problems.add("claimed storageHash " + storageHash.toHexString() + " but the proof shows "
                        + proven.storageRoot().toHexString());
            }
            if (!codeHash.equals(proven.codeHash())) {
                problems.add("claimed codeHash " + codeHash.toHexString() + " but the proof shows "
                        + proven.codeHash().toHexString());
            }
        } else {
            // Proven absent: nodes report zeros and the empty hashes (or zero hashes) for such accounts.
            boolean emptyStorage = storageHash.equals(MerklePatriciaTrie.EMPTY_ROOT) || storageHash.isZero();
            boolean emptyCode = codeHash.equals(AccountState.EMPTY_CODE_HASH) || codeHash.isZero();
            if (nonce != 0 || balance.signum() != 0 || !emptyStorage || !emptyCode) {
                problems.add("the account is proven absent but the answer claims state for it");
            }
        }
    }

    private static List<Bytes> nodes(JsonValue.JsonArray array, String what, int[] proofBytes) {
        if (array.size() > MAX_PROOF_NODES) {
            throw new MalformedDataException(what + " has more than " + MAX_PROOF_NODES + " nodes");
        }
        List<Bytes> nodes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Bytes node = Hex.data(array.get(i).asString(what + "[" + i + "]"), MAX_NODE_BYTES, what + "[" + i + "]");
            proofBytes[0] += node.size();
            nodes.add(node);
        }
        return nodes;
    }
}
