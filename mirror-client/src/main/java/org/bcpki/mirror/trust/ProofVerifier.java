package org.bcpki.mirror.trust;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.MerklePatriciaTrie;
import org.bcpki.core.trie.StateProofs;

/**
 * Verifies an EIP-1186 {@code eth_getProof} answer ({@link AccountProof}): the account proof against
 * the block's state root, each storage proof against the proven account's storage root (the empty root when the account is
 * proven absent), and every claimed field against what the proofs show. Nothing in the answer is
 * believed unless a proof backs it. Both forms nodes give for an absent account are accepted: zero
 * or empty hashes with one proof per slot, or (Besu) the empty hashes and no storage proofs.
 */
public final class ProofVerifier {
    /** How a problem that is an exception no decoding step should throw begins. */
    public static final String UNEXPECTED = "unexpected exception: ";

    private ProofVerifier() {}

    /**
     * @param expectedAddress the account asked for, or null to accept the answer's own address
     * @param expectedSlots the slots asked for (each must be answered exactly once), or null for any
     */
    public static ProofVerdict verify(Bytes32 stateRoot, AccountProof answer, Bytes expectedAddress,
            List<Bytes32> expectedSlots) {
        List<String> problems = new ArrayList<>();
        Bytes address = answer.address();
        Optional<AccountState> account = Optional.empty();
        List<StorageEntry> storage = new ArrayList<>();
        if (expectedAddress != null && !address.equals(expectedAddress)) {
            problems.add("proof is for " + address.toHexString() + ", asked for " + expectedAddress.toHexString());
            return new ProofVerdict(false, address, account, storage, problems, 0);
        }
        try {
            account = StateProofs.account(stateRoot, address, answer.accountProof());
            checkAccountClaims(answer, account, problems);

            Bytes32 storageRoot = account.map(AccountState::storageRoot).orElse(MerklePatriciaTrie.EMPTY_ROOT);
            Set<Bytes32> seen = new HashSet<>();
            for (int i = 0; i < answer.storageProof().size(); i++) {
                String where = "storageProof[" + i + "]";
                AccountProof.StorageProof entry = answer.storageProof().get(i);
                if (!seen.add(entry.key())) {
                    problems.add(where + " repeats key " + entry.key().toHexString());
                    continue;
                }
                Bytes32 proven = StateProofs.storage(storageRoot, entry.key(), entry.proof());
                if (!entry.value().equals(proven)) {
                    problems.add(where + " claims value " + entry.value().toShortHexString() + " but the proof shows "
                            + proven.toShortHexString());
                }
                storage.add(new StorageEntry(entry.key(), proven));
            }
            if (account.isEmpty() && answer.storageProof().isEmpty() && expectedSlots != null) {
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
        } catch (MalformedDataException e) {
            // Malformed RLP or proofs (InvalidProofException) land here: the answer is invalid.
            problems.add(e.getMessage());
        } catch (RuntimeException e) {
            // A bug rather than a bad answer: still invalid (fail closed), but named so it is not taken for one.
            problems.add(UNEXPECTED + e);
        }
        return new ProofVerdict(problems.isEmpty(), address, account, storage, problems, answer.proofBytes());
    }

    private static void checkAccountClaims(AccountProof claim, Optional<AccountState> account, List<String> problems) {
        long nonce = claim.nonce();
        BigInteger balance = claim.balance();
        Bytes32 storageHash = claim.storageHash();
        Bytes32 codeHash = claim.codeHash();
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
}
