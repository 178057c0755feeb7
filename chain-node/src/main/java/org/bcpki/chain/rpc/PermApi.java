package org.bcpki.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.node.LocalPermissions;
import org.bcpki.chain.node.LocalPermissions.Outcome;
import org.bcpki.core.chain.Address;

/**
 * Besu's PERM group: the local nodes and accounts allowlists, with Besu's results and errors.
 * Changes apply at once (accounts: pool admission and block import; nodes: the peer layer) and
 * are written back to the permissions file. As in Besu, every node must be given the same
 * accounts list, or blocks with a new sender are rejected by the nodes that lack it.
 */
public final class PermApi {
    private static final String SUCCESS = "Success";
    private final LocalPermissions permissions;

    public PermApi(LocalPermissions permissions) {
        this.permissions = permissions;
    }

    public void registerAll(JsonRpcDispatcher dispatcher) {
        dispatcher.register("perm_getAccountsAllowlist", p -> {
            requireAccounts();
            return permissions.accounts().stream().map(Address::toHex).toList();
        });
        dispatcher.register("perm_addAccountsToAllowlist", p -> {
            List<Bytes> add = accountEntries(p);
            return answer(permissions.addAccounts(add), "account");
        });
        dispatcher.register("perm_removeAccountsFromAllowlist", p -> {
            List<Bytes> remove = accountEntries(p);
            return answer(permissions.removeAccounts(remove), "account");
        });
        dispatcher.register("perm_getNodesAllowlist", p -> {
            requireNodes();
            return permissions.nodes().stream().map(Enode::toString).toList();
        });
        dispatcher.register("perm_addNodesToAllowlist", p -> {
            List<String> add = enodeEntries(p);
            requireNodes();
            return answer(permissions.addNodes(add), "node");
        });
        dispatcher.register("perm_removeNodesFromAllowlist", p -> {
            List<String> remove = enodeEntries(p);
            requireNodes();
            return answer(permissions.removeNodes(remove), "node");
        });
        dispatcher.register("perm_reloadPermissionsFromFile", p -> {
            if (!permissions.accountsEnabled() && !permissions.nodesEnabled()) {
                throw error("Node/Account allowlist has not been enabled");
            }
            try {
                permissions.reload();
            } catch (IllegalArgumentException e) {
                throw error("Error reloading permissions file. Please use perm_getAccountsAllowlist and perm_getNodesAllowlist"
                        + " to review the current state of the allowlists");
            }
            return SUCCESS;
        });
    }

    /** Besu's StringListParameter at index 0: anything else is -32602 "Invalid enode params". */
    private static List<String> enodeEntries(Params p) throws RpcException {
        JsonNode list = p.optional(0).orElse(null);
        if (list == null || !list.isArray()) {
            throw new RpcException(-32602, "Invalid enode params");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw new RpcException(-32602, "Invalid enode params");
            }
            out.add(item.asText());
        }
        return out;
    }

    private List<Bytes> accountEntries(Params p) throws RpcException {
        JsonNode list = p.optional(0).orElse(null);
        if (list == null || !list.isArray()) {
            throw new RpcException(-32602, "Invalid account params");
        }
        requireAccounts();
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

    /** Besu's message for each outcome of a change ({@code kind} "node" or "account"). */
    private static String answer(Outcome outcome, String kind) throws RpcException {
        return switch (outcome) {
            case SUCCESS -> SUCCESS;
            case EMPTY_ENTRY -> throw error("Request contains an empty list of " + kind + "s");
            case INVALID_ENTRY -> throw error("Request contains an invalid " + kind);
            case DUPLICATED_ENTRY -> throw error("Request contains duplicate " + kind + "s");
            case EXISTING_ENTRY -> throw error("Cannot add an existing " + kind + " to allowlist");
            case ABSENT_ENTRY -> throw error("Cannot remove an absent " + kind + " from allowlist");
            case FIXED_NODE -> throw error("Cannot remove a fixed node (bootnode or static node) from allowlist");
            case PERSIST_FAIL -> throw error("Unable to persist changes to allowlist configuration file. Changes reverted");
            case FILE_SYNC -> throw error("The permissioning allowlist configuration file is out of sync.  The changes have been"
                    + " applied, but not persisted to disk");
        };
    }

    private void requireAccounts() throws RpcException {
        if (!permissions.accountsEnabled()) {
            throw error("Account allowlist has not been enabled");
        }
    }

    private void requireNodes() throws RpcException {
        if (!permissions.nodesEnabled()) {
            throw error("Node allowlist has not been enabled");
        }
    }

    private static RpcException error(String message) {
        return new RpcException(-32000, message);
    }
}
