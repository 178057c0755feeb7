package org.bcpki.chain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.node.LocalPermissions.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allowlists' bookkeeping: fixed nodes, the file checked before it is written, reverts, reloads. */
class LocalPermissionsTest {
    private static final Enode A = Enode.parse("enode://" + "aa".repeat(64) + "@127.0.0.1:30301");
    private static final Enode B = Enode.parse("enode://" + "bb".repeat(64) + "@127.0.0.1:30302");
    private static final Enode C = Enode.parse("enode://" + "cc".repeat(64) + "@127.0.0.1:30303");
    private static final Bytes ACCOUNT = Bytes.fromHexString("0x" + "11".repeat(20));

    @TempDir
    Path dir;
    Path file;
    final List<List<Enode>> peerLayer = new ArrayList<>();
    AccountPermissions accounts;
    LocalPermissions permissions;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve(NetworkFiles.PERMISSIONS);
        Files.writeString(file, "nodes-allowlist=[\"" + A + "\",\"" + B + "\"]\naccounts-allowlist=[\"0x" + "11".repeat(20) + "\"]\n");
        accounts = new AccountPermissions(true, Set.of(ACCOUNT));
        permissions = new LocalPermissions(file, file, accounts, true, List.of(A, B), List.of(B), peerLayer::add);
    }

    @Test
    void aFixedNodeIsNeverRemoved() {
        assertEquals(Outcome.FIXED_NODE, permissions.removeNodes(List.of(B.toString())));
        assertEquals(Outcome.SUCCESS, permissions.removeNodes(List.of(A.toString())));
        assertEquals(List.of(List.of(B)), peerLayer);
    }

    @Test
    void aFileChangedBehindTheNodesBackIsNotOverwritten() throws Exception {
        Files.writeString(file, "nodes-allowlist=[\"" + A + "\"]\naccounts-allowlist=[]\n");
        assertEquals(Outcome.FILE_SYNC, permissions.addNodes(List.of(C.toString())));
        assertEquals(List.of(A, B, C), permissions.nodes(), "applied in memory, as Besu");
        assertEquals(List.of(A), NetworkFiles.readPermissions(file).nodes(), "not persisted");
    }

    @Test
    void aFileThatStillHoldsTheOldListIsRewritten() throws Exception {
        // Besu only checks that the file holds every entry it had: extra entries are no conflict (and are replaced)
        Files.writeString(file, "nodes-allowlist=[\"" + A + "\",\"" + B + "\",\"" + C + "\"]\naccounts-allowlist=[]\n");
        assertEquals(Outcome.SUCCESS, permissions.removeNodes(List.of(A.toString())));
        assertEquals(List.of(B), NetworkFiles.readPermissions(file).nodes());
    }

    @Test
    void aFailedWriteRevertsTheChange() throws Exception {
        Files.delete(file);
        Files.createDirectory(file);
        assertEquals(Outcome.PERSIST_FAIL, permissions.addNodes(List.of(C.toString())));
        assertEquals(List.of(A, B), permissions.nodes());
        assertEquals(List.of(List.of(A, B, C), List.of(A, B)), peerLayer, "the peer layer saw the change and its revert");
        assertEquals(Outcome.PERSIST_FAIL, permissions.removeAccounts(List.of(ACCOUNT)));
        assertTrue(accounts.permits(ACCOUNT));
    }

    @Test
    void pollingReloadsOnlyWhatOthersWrote() throws Exception {
        assertEquals(Outcome.SUCCESS, permissions.addNodes(List.of(C.toString())));
        permissions.pollFile();
        assertEquals(1, peerLayer.size(), "its own write is no change to reload");
        Files.writeString(file, "nodes-allowlist=[\"" + C + "\"]\naccounts-allowlist=[]\n");
        permissions.pollFile();
        assertEquals(List.of(C), permissions.nodes());
        assertEquals(List.of(C), peerLayer.get(peerLayer.size() - 1));
        assertTrue(!accounts.permits(ACCOUNT), "the account was dropped from the file");

        Files.writeString(file, "nodes-allowlist=\"not a list\"\n");
        permissions.pollFile();
        assertEquals(List.of(C), permissions.nodes(), "a bad file keeps the old lists");
        assertThrows(IllegalArgumentException.class, permissions::reload);
        assertEquals(List.of(C), permissions.nodes());
    }

    @Test
    void separateAccountsFileIsReadAndWrittenOnItsOwn() throws Exception {
        Path accountsFile = dir.resolve("accounts.toml");
        Files.writeString(accountsFile, "accounts-allowlist=[]\n");
        LocalPermissions split = new LocalPermissions(file, accountsFile, new AccountPermissions(true, Set.of()), true,
                List.of(A, B), List.of(), peerLayer::add);
        assertEquals(Outcome.SUCCESS, split.addAccounts(List.of(ACCOUNT)));
        assertEquals(1, NetworkFiles.readPermissions(accountsFile).accounts().size());
        assertEquals(List.of(A, B), NetworkFiles.readPermissions(file).nodes(), "the nodes file is untouched");
    }
}
