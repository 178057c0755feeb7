package org.bcpki.chain.exec;

import java.util.Set;
import org.apache.tuweni.bytes.Bytes;

/** Besu's local accounts allowlist: when enabled, only listed senders may send transactions. */
public record AccountPermissions(boolean enabled, Set<Bytes> allowed) {
    public static final AccountPermissions OPEN = new AccountPermissions(false, Set.of());

    public boolean permits(Bytes sender) {
        return !enabled || allowed.contains(sender);
    }
}
