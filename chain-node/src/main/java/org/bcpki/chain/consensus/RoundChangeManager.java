package org.bcpki.chain.consensus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.core.chain.Address;

/**
 * The round changes received at the current height, per target round, the first one per sender
 * (Besu's RoundChangeManager). Insertion order is kept: it is the order of a proposal's justification.
 */
final class RoundChangeManager {
    private final Map<Integer, Map<Address, SignedMessage>> byRound = new HashMap<>();

    /** Records the sender's round change for {@code round}; returns how many distinct validators sent one. */
    int add(int round, Address sender, SignedMessage message) {
        Map<Address, SignedMessage> forRound = byRound.computeIfAbsent(round, k -> new LinkedHashMap<>());
        forRound.putIfAbsent(sender, message);
        return forRound.size();
    }

    /** How many distinct validators sent a round change for {@code round}. */
    int count(int round) {
        return byRound.getOrDefault(round, Map.of()).size();
    }

    /** The round changes for {@code round}, one per sender, in arrival order. */
    List<SignedMessage> forRound(int round) {
        return List.copyOf(byRound.getOrDefault(round, Map.of()).values());
    }
}
