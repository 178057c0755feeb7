package org.bcpki.mirror.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.mirror.testing.RegistryState;
import org.bcpki.mirror.testing.TestNetwork;
import org.bcpki.mirror.trust.TrustAnchor;
import org.bcpki.mirror.trust.VerifiedChain;
import org.bcpki.mirror.trust.VerifiedChainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderStoreTest {
    @TempDir
    Path dir;

    @Test
    void staysUnder256KbHoweverLongTheChainAndResumes() throws IOException {
        try (TestNetwork network = new TestNetwork(4, 50, new RegistryState(true, 2))) {
            network.mine(300);
            HeaderStore store = new HeaderStore(dir);
            VerifiedChain chain = new VerifiedChain(network.genesisAnchor(), 10_000); // K larger than the bound allows
            chain.start(network.chain().genesis());
            long maxSize = 0;
            for (BlockHeader header : network.chain().blocks().subList(1, 301)) {
                assertEquals(List.of(), chain.extend(header));
                if (header.number() % 50 == 0) {
                    maxSize = Math.max(maxSize, store.save(chain));
                }
            }
            assertTrue(maxSize <= HeaderStore.MAX_BYTES, "store grew to " + maxSize);
            assertTrue(Files.size(store.file()) < 256 * 1024);
            assertFalse(Files.exists(dir.resolve(HeaderStore.FILE_NAME + ".tmp")));

            VerifiedChain resumed = new VerifiedChain(network.genesisAnchor(), 10_000);
            assertTrue(store.load(resumed));
            assertEquals(chain.head(), resumed.head());
            assertEquals(chain.tally(), resumed.tally());
            assertEquals(chain.checkpoints(), resumed.checkpoints());
            assertTrue(resumed.headers().size() < chain.headers().size(), "oldest headers were left out to fit");
            network.mine(1);
            assertEquals(List.of(), resumed.extend(network.chain().head()));
        }
    }

    @Test
    void refusesAForeignOrDamagedStore() throws IOException {
        try (TestNetwork network = new TestNetwork(4, 30_000, new RegistryState(true, 2))) {
            network.mine(5);
            VerifiedChain chain = VerifiedChainTest.follow(network);
            HeaderStore store = new HeaderStore(dir);
            store.save(chain);

            TrustAnchor other = TrustAnchor.genesis(1, Bytes32.ZERO, network.genesisAnchor().validators(), 30_000, 1);
            IOException foreign = assertThrows(IOException.class, () -> store.load(new VerifiedChain(other, 8)));
            assertTrue(foreign.getMessage().contains("another trust anchor"), foreign.getMessage());

            String text = Files.readString(store.file());
            int at = text.indexOf("\"headers\"") + 40;
            Files.writeString(store.file(), text.substring(0, at) + (text.charAt(at) == 'a' ? 'b' : 'a') + text.substring(at + 1));
            assertThrows(IOException.class, () -> store.load(new VerifiedChain(network.genesisAnchor(), 8)));
            Files.writeString(store.file(), "{not json");
            assertThrows(IOException.class, () -> store.load(new VerifiedChain(network.genesisAnchor(), 8)));
            assertFalse(new HeaderStore(dir.resolve("none")).load(new VerifiedChain(network.genesisAnchor(), 8)));
        }
    }
}
