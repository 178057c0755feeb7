package org.bcpki.mirror.trust;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.trie.AccountState;

/**
 * The outcome of checking one {@code eth_getProof} answer against a state root. When {@code valid},
 * the account (empty = proven absent) and every storage entry are proven; otherwise {@code problems}
 * says what failed and the other fields carry only what could be read.
 */
public record ProofVerdict(boolean valid, Bytes address, Optional<AccountState> account,
        List<StorageEntry> storage, List<String> problems, int proofBytes) {
    public ProofVerdict {
        storage = List.copyOf(storage);
        problems = List.copyOf(problems);
    }
}
