package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.core.chain.Address;

/**
 * Besu's PERM methods for the local accounts allowlist, with Besu's errors. Changes apply at
 * once to pool admission and block import and are written back to the permissions file. As in
 * Besu, every node must be given the same list, or blocks with the new sender are rejected by
 * the nodes that lack it.
 */
public final class PermApi {
    /** Writes the node's allowlist after a change. */
    @FunctionalInterface
    public interface Persistence {
        void save(List<Address> accounts) throws IOException;
    }

    private final AccountPermissions accounts;
    private final Persistence persistence;

    public PermApi(AccountPermissions accounts, Persistence persistence) {
        this.accounts = accounts;
        this.persistence = persistence;
    }

    public void registerAll(JsonRpcDispatcher dispatcher) {
        dispatcher.register("perm_getAccountsAllowlist", p -> {
            requireEnabled();
            return current().stream().map(Address::toHex).toList();
        });
        dispatcher.register("perm_addAccountsToAllowlist", p -> {
            synchronized (this) {
                List<Bytes> add = entries(p);
                if (add.stream().anyMatch(accounts.allowed()::contains)) {
                    throw error("Cannot add an existing account to allowlist");
                }
                accounts.add(add);
                return persist(() -> accounts.remove(add));
            }
        });
        dispatcher.register("perm_removeAccountsFromAllowlist", p -> {
            synchronized (this) {
                List<Bytes> remove = entries(p);
                if (!accounts.allowed().containsAll(remove)) {
                    throw error("Cannot remove an absent account from allowlist");
                }
                accounts.remove(remove);
                return persist(() -> accounts.add(remove));
            }
        });
    }

    private List<Bytes> entries(Params p) throws RpcException {
        requireEnabled();
        JsonNode list = p.required(0, "accounts");
        if (!list.isArray()) {
            throw RpcException.invalidParams("Invalid account list parameter (index 0)");
        }
        if (list.isEmpty()) {
            throw error("Request contains an empty list of accounts");
        }
        List<Bytes> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual() || !item.asText().matches("0x[0-9a-fA-F]{40}")) {
                throw error("Request contains an invalid account");
            }
            out.add(Bytes.fromHexString(item.asText()));
        }
        if (new HashSet<>(out).size() != out.size()) {
            throw error("Request contains duplicate accounts");
        }
        return out;
    }

    /** Saves the list; on failure undoes the change, so memory and file never disagree. */
    private String persist(Runnable undo) throws RpcException {
        try {
            persistence.save(current());
        } catch (IOException e) {
            undo.run();
            throw error("Unable to persist changes to allowlist configuration file");
        }
        return "Success";
    }

    private List<Address> current() {
        return accounts.allowed().stream().map(Address::new).sorted().toList();
    }

    private void requireEnabled() throws RpcException {
        if (!accounts.enabled()) {
            throw error("Account allowlist has not been enabled");
        }
    }

    private static RpcException error(String message) {
        return new RpcException(-32000, message);
    }
}
