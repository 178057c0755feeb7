package org.bcpki.puf;

import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nonces a verifier has accepted. An authority service backs this with its database so replays
 * stay rejected across restarts; {@link #inMemory()} serves a single process.
 */
public interface UsedNonces {
    /** Records the nonce; false when it was already recorded (atomically). */
    boolean markUsed(byte[] nonce);

    static UsedNonces inMemory() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return nonce -> seen.add(HexFormat.of().formatHex(nonce));
    }
}
