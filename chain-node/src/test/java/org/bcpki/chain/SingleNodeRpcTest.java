package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;

/** One validator: blocks are produced, RPC answers, web3j reads them. */
class SingleNodeRpcTest {
    @TempDir
    static Path dir;
    static TestNetwork net;
    static Web3j web3;

    @BeforeAll
    static void start() {
        net = TestNetwork.create(dir, 1, 0, 200, 1000).startAll();
        web3 = Web3j.build(new HttpService(net.rpcUrl("validator-1")));
    }

    @AfterAll
    static void stop() {
        web3.shutdown();
        net.close();
    }

    @Test
    void producesBlocksAndServesThem() throws Exception {
        TestNetwork.await("3 blocks", Duration.ofSeconds(20), () -> net.height("validator-1") >= 3);
        assertEquals(BigInteger.valueOf(1337), web3.ethChainId().send().getChainId());
        EthBlock.Block block = web3.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        assertNotNull(block);
        assertTrue(block.getNumber().longValue() >= 3);
        Credentials dev = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
        assertEquals(0, web3.ethGetBalance(dev.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance()
                .compareTo(net.spec.devAccounts().get(0).balance()));
        assertEquals(List.of(net.node("validator-1").address().toHex()),
                List.of(block.getMiner()));
    }
}
