package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bcpki.chain.block.Blockchain;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.exec.AccountPermissions;
import org.bcpki.chain.exec.TransactionProcessor;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.mirror.trust.TrustAnchor;

/**
 * The mirror client's genesis trust anchor computed from a genesis.json alone: the genesis block is
 * built exactly as a node builds it (alloc state through the EVM's state database, in a scratch
 * directory), so the anchor hash needs no node and trusts no endpoint.
 */
final class GenesisAnchor {
    private GenesisAnchor() {}

    static TrustAnchor of(Path genesisFile) throws IOException {
        GenesisConfig genesis;
        try {
            genesis = GenesisConfig.read(genesisFile);
        } catch (IOException | RuntimeException e) {
            throw new UsageError("cannot read " + genesisFile + " as a QBFT genesis: " + e.getMessage(), e);
        }
        Path scratch = Files.createTempDirectory("bcpki-genesis-");
        try (Blockchain chain = new Blockchain(scratch, genesis, new TransactionProcessor(genesis.chainId(), AccountPermissions.OPEN))) {
            BlockHeader header = chain.head();
            List<Address> validators = QbftExtraDataCodec.decode(header.extraData()).validators().stream().sorted().toList();
            // Sub-second test networks (xblockperiodmilliseconds) have whole-second timestamps that may repeat.
            return TrustAnchor.genesis(genesis.chainId(), BftHashing.blockHash(header), validators, genesis.epochLength(),
                    genesis.periodMillis() / 1000);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
