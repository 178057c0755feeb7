package org.bcpki.chain.exec;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;

/**
 * Besu's local accounts allowlist: when enabled, only listed senders may send transactions
 * (checked at pool admission and when a block is executed). The list can grow or shrink at run
 * time (perm_addAccountsToAllowlist / perm_removeAccountsFromAllowlist, a reloaded permissions file).
 */
public record AccountPermissions(boolean enabled, Set<Bytes> allowed) {
    public static final AccountPermissions OPEN = new AccountPermissions(false, Set.of());

    public AccountPermissions {
        Set<Bytes> copy = ConcurrentHashMap.newKeySet();
        copy.addAll(allowed);
        allowed = copy;
    }

    public boolean permits(Bytes sender) {
        return !enabled || allowed.contains(sender);
    }

    public void add(List<Bytes> accounts) {
        requireEnabled();
        allowed.addAll(accounts);
    }

    public void remove(List<Bytes> accounts) {
        requireEnabled();
        accounts.forEach(allowed::remove);
    }

    /** Replaces the list (a reloaded permissions file); removals first, so no removed sender is let in meanwhile. */
    public void replace(Set<Bytes> accounts) {
        requireEnabled();
        allowed.retainAll(accounts);
        allowed.addAll(accounts);
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new IllegalStateException("the accounts allowlist is not enabled");
        }
    }
}
