package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.engine.NodeEndpoint;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NodeRole;
import org.bcpki.chain.network.RpcClient;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.mirror.follow.TrustAnchorFile;
import org.bcpki.mirror.trust.TrustAnchor;
import org.web3j.crypto.Credentials;

/**
 * A network an engine has brought up, as the suites that run on every engine see it: the nodes'
 * JSON-RPC endpoints and the files of the network directory (network.json, genesis.json,
 * dev-accounts.json, keys). Nothing here touches a node object, so the same suite runs on the
 * embedded network and on Besu.
 */
record EngineNetwork(ChainEngine engine, Path dir, NetworkSpec spec, List<NodeEndpoint> nodes) {
    /** A suite run on a network that is up. */
    interface Suite {
        void run(EngineNetwork network) throws Exception;
    }

    /** Writes {@code spec} to {@code dir}, brings it up, runs {@code suite} and brings it down again. */
    static void run(ChainEngine engine, NetworkSpec spec, Path dir, Duration upTimeout, Suite suite) throws Exception {
        engine.init(spec, dir);
        boolean passed = false;
        try {
            List<NodeEndpoint> nodes = engine.up(dir, upTimeout);
            assertEquals(spec.nodes().size(), nodes.size(), "every node is up");
            suite.run(new EngineNetwork(engine, dir, NetworkFiles.read(dir), nodes));
            passed = true;
        } finally {
            int stopped = engine.down(dir);
            if (passed) { // never hide the suite's own failure behind this one
                assertTrue(stopped >= spec.nodes().size(), "down stops every node: " + stopped);
            }
        }
    }

    String validatorRpc() {
        return rpc(NodeRole.VALIDATOR);
    }

    String mirrorRpc() {
        return rpc(NodeRole.MIRROR);
    }

    private String rpc(NodeRole role) {
        return nodes.stream().filter(n -> n.role() == role).findFirst().orElseThrow().rpcUrl();
    }

    /** The {@code i}-th funded account of dev-accounts.json. */
    Credentials account(int i) {
        return Credentials.create(spec.devAccounts().get(i).privateKey().toHexString());
    }

    long blockPeriodSeconds() {
        return Math.max(1, spec.blockPeriodSeconds());
    }

    /** Writes {@code account}'s private key as the key file the CLI's {@code --key} reads. */
    static String keyFile(Path work, Credentials account) throws Exception {
        return TestKeyFiles.accountKey(work, account).toString();
    }

    /**
     * The light client's trust anchor from genesis.json alone, as {@code mirror anchor --genesis}
     * makes it, written to {@code file}; checked against the genesis block and validators the
     * mirror node serves (so the engine built the very genesis the file describes).
     */
    Path genesisAnchor(Path file) throws Exception {
        TrustAnchor anchor = GenesisAnchor.of(dir.resolve("genesis.json"));
        try (RpcClient rpc = new RpcClient(mirrorRpc())) {
            assertEquals(anchor.hash(), Bytes32.fromHexString(rpc.call("eth_getBlockByNumber", "0x0", false).get("hash").asText()),
                    "genesis hash from genesis.json and from the node");
            // the genesis header's extraData names the validators (a mirror serves no QBFT API)
            List<Address> validators = new ArrayList<>(QbftExtraDataCodec.decode(Bytes.fromHexString(
                    rpc.call("eth_getBlockByNumber", "0x0", false).get("extraData").asText())).validators());
            assertEquals(spec.genesisValidators(), validators);
            assertEquals(anchor.validators(), validators);
        }
        Files.createDirectories(file.getParent());
        TrustAnchorFile.write(anchor, file);
        return file;
    }
}
