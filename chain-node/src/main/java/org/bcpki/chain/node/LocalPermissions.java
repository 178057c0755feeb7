package org.bcpki.chain.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.core.chain.Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Besu's local permissioning: the nodes and accounts allowlists of one permissions file, changed
 * at run time the way Besu's local-config controllers change them (checks in Besu's order, the
 * file verified against memory before it is rewritten, memory reverted when writing fails) and
 * reloaded from the file on request or when the file changes. A bad file keeps the old lists.
 * Every operation holds this object's lock; the peer layer is told each new nodes list.
 */
public final class LocalPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPermissions.class);

    /** Besu's AllowlistOperationResult, one per error the perm_* methods report. */
    public enum Outcome { SUCCESS, EMPTY_ENTRY, INVALID_ENTRY, DUPLICATED_ENTRY, EXISTING_ENTRY, ABSENT_ENTRY, FIXED_NODE,
        PERSIST_FAIL, FILE_SYNC }

    private record Stamp(FileTime modified, long size) {}

    /** A permissions file as last read or written by this node. */
    private static final class Watched {
        final Path file;
        Stamp seen;
        String applied;

        Watched(Path file) {
            this.file = file;
            mark();
        }

        /** Remembers the file's present state as this node's own (read or just written). */
        void mark() {
            seen = stamp(file).orElse(null);
            applied = read(file).orElse(null);
        }
    }

    private final Watched nodesFile;
    private final Watched accountsFile;
    private final AccountPermissions accounts;
    private final boolean nodesEnabled;
    private final Set<Enode> fixedNodes;
    private final Consumer<List<Enode>> peerLayer;
    private List<Enode> nodes;

    /**
     * @param nodesFile Besu's permissions-nodes-config-file
     * @param accountsFile Besu's permissions-accounts-config-file (often the same file)
     * @param fixedNodes bootnodes and static nodes: Besu never removes them from the allowlist
     * @param peerLayer receives every new nodes list (the first is {@code nodes}, given to it already)
     */
    public LocalPermissions(Path nodesFile, Path accountsFile, AccountPermissions accounts, boolean nodesEnabled, List<Enode> nodes, List<Enode> fixedNodes,
            Consumer<List<Enode>> peerLayer) {
        this.nodesFile = new Watched(nodesFile);
        this.accountsFile = nodesFile.equals(accountsFile) ? this.nodesFile : new Watched(accountsFile);
        this.accounts = accounts;
        this.nodesEnabled = nodesEnabled;
        this.fixedNodes = Set.copyOf(fixedNodes);
        this.peerLayer = peerLayer;
        this.nodes = List.copyOf(nodes);
    }

    public boolean nodesEnabled() {
        return nodesEnabled;
    }

    public boolean accountsEnabled() {
        return accounts.enabled();
    }

    public synchronized List<Enode> nodes() {
        return nodes;
    }

    public synchronized List<Address> accounts() {
        return accounts.allowed().stream().map(Address::new).sorted().toList();
    }

    // ---- nodes ----

    public synchronized Outcome addNodes(List<String> urls) {
        Outcome input = validInput(urls);
        if (input != Outcome.SUCCESS) {
            return input;
        }
        List<Enode> add = parse(urls);
        if (add == null) {
            return Outcome.INVALID_ENTRY;
        }
        if (add.stream().anyMatch(nodes::contains)) {
            return Outcome.EXISTING_ENTRY;
        }
        List<Enode> next = new ArrayList<>(nodes);
        next.addAll(add);
        return changeNodes(next);
    }

    public synchronized Outcome removeNodes(List<String> urls) {
        Outcome input = validInput(urls);
        if (input != Outcome.SUCCESS) {
            return input;
        }
        List<Enode> remove = parse(urls);
        if (remove == null) {
            return Outcome.INVALID_ENTRY;
        }
        if (remove.stream().anyMatch(fixedNodes::contains)) {
            return Outcome.FIXED_NODE;
        }
        if (!nodes.containsAll(remove)) {
            return Outcome.ABSENT_ENTRY;
        }
        List<Enode> next = new ArrayList<>(nodes);
        next.removeAll(remove);
        return changeNodes(next);
    }

    private Outcome changeNodes(List<Enode> next) {
        List<Enode> old = nodes;
        setNodes(next);
        Outcome persisted = persist(nodesFile, () -> NetworkFiles.readPermissions(nodesFile.file).nodes().containsAll(old),
                () -> NetworkFiles.writeNodesAllowlist(nodesFile.file, nodes));
        if (persisted == Outcome.PERSIST_FAIL) {
            setNodes(old);
        }
        return persisted;
    }

    private void setNodes(List<Enode> next) {
        nodes = List.copyOf(next);
        peerLayer.accept(nodes);
    }

    private static Outcome validInput(List<String> entries) {
        if (entries.isEmpty()) {
            return Outcome.EMPTY_ENTRY;
        }
        return new HashSet<>(entries).size() != entries.size() ? Outcome.DUPLICATED_ENTRY : Outcome.SUCCESS;
    }

    /** The enodes, or null when one is not an enode URL. */
    private static List<Enode> parse(List<String> urls) {
        try {
            return urls.stream().map(Enode::parse).toList();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- accounts ----

    public synchronized Outcome addAccounts(List<Bytes> add) {
        if (add.stream().anyMatch(accounts.allowed()::contains)) {
            return Outcome.EXISTING_ENTRY;
        }
        return changeAccounts(() -> accounts.add(add), () -> accounts.remove(add));
    }

    public synchronized Outcome removeAccounts(List<Bytes> remove) {
        if (!accounts.allowed().containsAll(remove)) {
            return Outcome.ABSENT_ENTRY;
        }
        return changeAccounts(() -> accounts.remove(remove), () -> accounts.add(remove));
    }

    private Outcome changeAccounts(Runnable apply, Runnable undo) {
        List<Address> old = accounts();
        apply.run();
        Outcome persisted = persist(accountsFile, () -> NetworkFiles.readPermissions(accountsFile.file).accounts().containsAll(old),
                () -> NetworkFiles.writeAccountsAllowlist(accountsFile.file, accounts()));
        if (persisted == Outcome.PERSIST_FAIL) {
            undo.run();
        }
        return persisted;
    }

    private interface FileCheck {
        boolean matches() throws IOException;
    }

    private interface FileWrite {
        void write() throws IOException;
    }

    /**
     * Besu's order: the file must still hold every entry of the old list (else the change stays in memory only,
     * FILE_SYNC); a failed write reverts the change (PERSIST_FAIL, the caller undoes it).
     */
    private Outcome persist(Watched target, FileCheck unchanged, FileWrite write) {
        try {
            if (!unchanged.matches()) {
                return Outcome.FILE_SYNC;
            }
            write.write();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the permissions file {}: {}", target.file, e.toString());
            return Outcome.PERSIST_FAIL;
        }
        // our own write is not a change to reload
        target.mark();
        return Outcome.SUCCESS;
    }

    // ---- reload ----

    /**
     * Reads the files again and replaces both lists (each only where its allowlist is enabled);
     * both files are parsed before anything changes.
     *
     * @throws IllegalArgumentException naming what is wrong; nothing changed then
     */
    public synchronized void reload() {
        String nodesText = nodesEnabled ? readOrFail(nodesFile) : null;
        String accountsText = accounts.enabled() ? readOrFail(accountsFile) : null;
        List<Enode> newNodes = nodesText == null ? nodes : parse(nodesFile, nodesText).nodes();
        List<Address> newAccounts = accountsText == null ? List.of() : parse(accountsFile, accountsText).accounts();
        if (accountsText != null) {
            accounts.replace(newAccounts.stream().map(Address::value).collect(Collectors.toSet()));
            accountsFile.mark();
        }
        if (nodesText != null) {
            if (!newNodes.equals(nodes)) {
                setNodes(newNodes);
            }
            nodesFile.mark();
        }
    }

    private static String readOrFail(Watched w) {
        return read(w.file).orElseThrow(() -> new IllegalArgumentException("cannot read the permissions file " + w.file));
    }

    private static NetworkFiles.Permissions parse(Watched w, String text) {
        try {
            return NetworkFiles.parsePermissions(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(w.file + ": " + e.getMessage(), e);
        }
    }

    /** Reloads when a file's content changed since this node last read or wrote it (run on a schedule; cheap when unchanged). */
    public synchronized void pollFile() {
        boolean changed = changed(nodesFile) | (accountsFile != nodesFile && changed(accountsFile));
        if (!changed) {
            return;
        }
        try {
            reload();
            LOG.info("reloaded the changed permissions file: {} nodes, {} accounts", nodes.size(), accounts.allowed().size());
        } catch (IllegalArgumentException e) {
            LOG.warn("the changed permissions file is not valid, the allowlists stay as they were: {}", e.getMessage());
        }
    }

    /** Whether the file was modified (time or size) and now holds other text than this node applied. */
    private static boolean changed(Watched w) {
        Stamp now = stamp(w.file).orElse(null);
        if (Objects.equals(now, w.seen)) {
            return false;
        }
        w.seen = now;
        return now != null && !Objects.equals(read(w.file).orElse(null), w.applied);
    }

    private static java.util.Optional<Stamp> stamp(Path file) {
        try {
            return java.util.Optional.of(new Stamp(Files.getLastModifiedTime(file), Files.size(file)));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
