package org.bcpki.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.disposables.Disposable;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.StateProofs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetProof;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** web3j, unmodified, against one validator and one mirror: deploy, send, call, receipts, logs, proofs, subscriptions. */
class Web3jContractTest {
    private static final BigInteger GAS = BigInteger.valueOf(500_000);

    @TempDir
    static Path dir;
    static TestNetwork net;
    static Web3j web3;
    static Web3j mirror;
    static Credentials dev;
    static RawTransactionManager tm;
    static PollingTransactionReceiptProcessor receipts;

    @BeforeAll
    static void start() {
        net = TestNetwork.create(dir, 1, 1, 200, 1000).startAll();
        web3 = Web3j.build(new HttpService(net.rpcUrl("validator-1")));
        mirror = Web3j.build(new HttpService(net.rpcUrl("mirror-1")));
        dev = Credentials.create(net.spec.devAccounts().get(0).privateKey().toHexString());
        // submit to the validator (a mirror's public API is read-only), read receipts from the mirror
        tm = new RawTransactionManager(web3, dev, 1337);
        receipts = new PollingTransactionReceiptProcessor(mirror, 100, 200);
    }

    @AfterAll
    static void stop() {
        web3.shutdown();
        mirror.shutdown();
        net.close();
    }

    private TransactionReceipt send(String to, String data) throws Exception {
        EthSendTransaction sent = tm.sendTransaction(BigInteger.ZERO, GAS, to, data, BigInteger.ZERO);
        assertFalse(sent.hasError(), () -> sent.getError().getMessage());
        return receipts.waitForTransactionReceipt(sent.getTransactionHash());
    }

    @Test
    void deploysCallsAndReadsLogsProofsAndSubscriptions() throws Exception {
        WebSocketService ws = new WebSocketService(net.spec.node("validator-1").orElseThrow().wsUrl(), false);
        ws.connect();
        Web3j wsWeb3 = Web3j.build(ws);
        List<String> heads = new CopyOnWriteArrayList<>();
        List<String> logData = new CopyOnWriteArrayList<>();
        Disposable headSub = wsWeb3.newHeadsNotifications().subscribe(n -> heads.add(n.getParams().getResult().getHash()), e -> { });

        TransactionReceipt deployed = send(null, TestAccounts.storageBytecode());
        assertTrue(deployed.isStatusOK());
        String contract = deployed.getContractAddress();
        assertNotNull(contract);
        assertTrue(web3.ethGetCode(contract, DefaultBlockParameterName.LATEST).send().getCode().length() > 100);
        Disposable logSub = wsWeb3.logsNotifications(List.of(contract), List.of())
                .subscribe(n -> logData.add(n.getParams().getResult().getData()), e -> { });

        TransactionReceipt stored = send(contract, TestAccounts.call("store", 42));
        assertTrue(stored.isStatusOK());
        assertEquals(1, stored.getLogs().size());
        assertEquals(BigInteger.valueOf(42), new BigInteger(stored.getLogs().get(0).getData().substring(2), 16));
        long storedAt = stored.getBlockNumber().longValue();

        EthCall value = web3.ethCall(Transaction.createEthCallTransaction(dev.getAddress(), contract, TestAccounts.call("value")),
                DefaultBlockParameterName.LATEST).send();
        assertEquals(BigInteger.valueOf(42), new BigInteger(value.getValue().substring(2), 16));

        EthCall reverted = web3.ethCall(Transaction.createEthCallTransaction(dev.getAddress(), contract, TestAccounts.call("store", 13)),
                DefaultBlockParameterName.LATEST).send();
        assertTrue(reverted.isReverted());
        assertEquals(3, reverted.getError().getCode());
        assertTrue(reverted.getError().getMessage().contains("unlucky number"), reverted.getError().getMessage());

        TransactionReceipt failed = send(contract, TestAccounts.call("store", 13));
        assertFalse(failed.isStatusOK());

        BigInteger estimate = web3.ethEstimateGas(Transaction.createEthCallTransaction(dev.getAddress(), contract,
                TestAccounts.call("store", 7))).send().getAmountUsed();
        assertTrue(estimate.longValue() > 21_000 && estimate.longValue() < 100_000, "estimate " + estimate);

        // logs through eth_getLogs, by address and by topic
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, contract);
        List<EthLog.LogResult> logs = web3.ethGetLogs(filter).send().getLogs();
        assertEquals(1, logs.size());

        // a later write, then a proof at the older block still shows 42
        assertTrue(send(contract, TestAccounts.call("store", 43)).isStatusOK());
        EthBlock.Block old = web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(storedAt)), false).send().getBlock();
        EthGetProof.Proof proof = mirror.ethGetProof(contract, List.of("0x0"), "0x" + Long.toHexString(storedAt)).send().getProof();
        AccountState account = StateProofs.account(Bytes32.fromHexString(old.getStateRoot()), Bytes.fromHexString(contract),
                proof.getAccountProof().stream().map(Bytes::fromHexString).toList()).orElseThrow();
        Bytes32 slot0 = StateProofs.storage(account.storageRoot(), Bytes32.ZERO,
                proof.getStorageProof().get(0).getProof().stream().map(Bytes::fromHexString).toList());
        assertEquals(Bytes32.leftPad(Bytes.of(42)), slot0);

        // the raw header of a block hashes to that block's hash (Besu's QBFT hashing)
        EthBlock.Block byNumber = web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(storedAt)), false).send().getBlock();
        var header = BlockHeaderCodec.decode(Bytes.fromHexString(new org.web3j.protocol.core.Request<>("debug_getRawHeader",
                List.of("0x" + Long.toHexString(storedAt)), adminService(), RawHeader.class).send().getResult()));
        assertEquals(Bytes32.fromHexString(byNumber.getHash()), BftHashing.blockHash(header));

        // the mirror has the same state roots as the validator
        long height = web3.ethBlockNumber().send().getBlockNumber().longValue();
        TestNetwork.await("mirror at " + height, java.time.Duration.ofSeconds(10), () -> net.height("mirror-1") >= height);
        for (long n = 0; n <= height; n++) {
            assertEquals(net.node("validator-1").chain().header(n).orElseThrow().stateRoot(),
                    net.node("mirror-1").chain().header(n).orElseThrow().stateRoot());
            assertEquals(BftHashing.blockHash(net.node("validator-1").chain().header(n).orElseThrow()),
                    BftHashing.blockHash(net.node("mirror-1").chain().header(n).orElseThrow()));
        }

        TestNetwork.await("subscription notifications", java.time.Duration.ofSeconds(10), () -> heads.size() >= 2 && logData.size() >= 2);
        headSub.dispose();
        logSub.dispose();
        ws.close();
    }

    /** DEBUG answers the operator only: a service that sends the network's admin token. */
    private static HttpService adminService() {
        HttpService service = new HttpService(net.rpcUrl("validator-1"));
        service.addHeader("Authorization", "Bearer " + net.adminToken());
        return service;
    }

    /** debug_getRawHeader's response. */
    public static class RawHeader extends org.web3j.protocol.core.Response<String> {}
}
