package org.bcpki.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reactivex.Flowable;
import io.reactivex.disposables.Disposable;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The generated IdentityRegistry wrapper's event Flowables and web3j's block and pending-transaction
 * Flowables over HTTP on chain-node's embedded network. All of them run on the filter API
 * (eth_newFilter / eth_newBlockFilter / eth_newPendingTransactionFilter, eth_getFilterLogs,
 * eth_getFilterChanges), exactly as they would against Besu.
 */
class RegistryEventFlowablesTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    static Path dir;
    static EmbeddedChain chain;
    static ScheduledExecutorService polling;
    static Web3j web3j;
    static final Credentials DEPLOYER = TestAccounts.named("deployer");
    static final Credentials PTB = TestAccounts.named("ptb");
    static final Credentials BSI = TestAccounts.named("bsi");
    static final Credentials GWA = TestAccounts.named("gwa");
    static final Credentials REGISTRAR = TestAccounts.named("registrar");
    static Address address;
    static IdentityRegistry events;

    @BeforeAll
    static void start() throws Exception {
        chain = EmbeddedChain.start(dir);
        polling = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "web3j-filters");
            t.setDaemon(true);
            return t;
        });
        // web3j polls its filters every 100 ms instead of its default 15 s
        web3j = Web3j.build(new HttpService(chain.rpcUrl()), 100, polling);
        address = RegistryClient.deploy(web3j, DEPLOYER, EmbeddedChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER)),
                new RegistrySetup.Seat(BSI.getAddress(), "BSI", Set.of(Role.values())),
                new RegistrySetup.Seat(GWA.getAddress(), "GWA", Set.of(Role.SMGW, Role.EMT))),
                List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of(TestAccounts.named("manufacturer").getAddress())));
        events = IdentityRegistry.load(address.toHex(), web3j, new ReadonlyTransactionManager(web3j, DEPLOYER.getAddress()),
                new StaticGasProvider(BigInteger.ZERO, RegistryClient.CALL_GAS_LIMIT));
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        polling.shutdownNow();
        chain.close();
    }

    private static GrantSubmission submission(String meterId, String keySeed) {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        byte[] spki = suite.encodePublicKey(suite.fromSeed(Hash.sha3(keySeed.getBytes())).getPublic());
        long now = chain.time();
        return new GrantSubmission(SubjectId.parse(meterId), Role.METER, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(spki), new byte[32], now - 60, now + 86_400, spki);
    }

    /** Subscribes now (the filter is installed before this returns) and collects what arrives. */
    private static <T> List<T> collect(Flowable<T> flowable, List<Disposable> subscriptions, List<Throwable> errors) {
        List<T> items = new CopyOnWriteArrayList<>();
        subscriptions.add(flowable.subscribe(items::add, errors::add));
        return items;
    }

    @Test
    void grantRequestedAndRevokedFlowablesDeliverTheEventsOfRealTransactions() throws Exception {
        List<Disposable> subscriptions = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try {
            List<IdentityRegistry.GrantRequestedEventResponse> requested = collect(events.grantRequestedEventFlowable(
                    DefaultBlockParameterName.LATEST, DefaultBlockParameterName.LATEST), subscriptions, errors);
            List<IdentityRegistry.GrantRevokedEventResponse> revoked = collect(events.grantRevokedEventFlowable(
                    DefaultBlockParameterName.LATEST, DefaultBlockParameterName.LATEST), subscriptions, errors);
            List<String> pending = collect(web3j.ethPendingTransactionHashFlowable(), subscriptions, errors);

            GrantSubmission s = submission("1ESY1160000071", "k71");
            RegistryClient registrar = RegistryClient.connect(web3j, address, REGISTRAR, EmbeddedChain.CHAIN_ID);
            String requestTx = registrar.requestGrant(s).transactionHash();
            EmbeddedChain.await("GrantRequested", java.time.Duration.ofSeconds(WAIT_SECONDS), () -> !requested.isEmpty() || !errors.isEmpty());
            assertEquals(List.of(), errors);
            assertEquals(1, requested.size());
            IdentityRegistry.GrantRequestedEventResponse request = requested.get(0);
            assertArrayEquals(s.requestId(), request.requestId);
            assertArrayEquals(s.subject().bytes(), request.subjectId);
            assertEquals(REGISTRAR.getAddress(), request.registrar);
            assertEquals(requestTx, request.log.getTransactionHash());
            assertEquals(address, Address.fromHex(request.log.getAddress()));
            EmbeddedChain.await("the request among the pending transactions", java.time.Duration.ofSeconds(WAIT_SECONDS),
                    () -> pending.contains(requestTx));

            RegistryClient.connect(web3j, address, PTB, EmbeddedChain.CHAIN_ID).approve(s.requestId());
            RegistryClient.connect(web3j, address, BSI, EmbeddedChain.CHAIN_ID).approve(s.requestId());
            String revokeTx = RegistryClient.connect(web3j, address, GWA, EmbeddedChain.CHAIN_ID)
                    .revoke(s.subject(), "key compromised").transactionHash();
            EmbeddedChain.await("GrantRevoked", java.time.Duration.ofSeconds(WAIT_SECONDS), () -> !revoked.isEmpty() || !errors.isEmpty());
            assertEquals(List.of(), errors);
            assertEquals(1, revoked.size());
            assertArrayEquals(s.subject().bytes(), revoked.get(0).subjectId);
            assertEquals("key compromised", revoked.get(0).reason);
            assertEquals(revokeTx, revoked.get(0).log.getTransactionHash());
            assertEquals(1, requested.size(), "no event twice");
        } finally {
            subscriptions.forEach(Disposable::dispose);
        }
    }

    @Test
    void blockFlowableTicksWithEachNewBlock() {
        long before = chain.height();
        List<EthBlock> blocks = web3j.blockFlowable(false).take(3).timeout(WAIT_SECONDS, TimeUnit.SECONDS).toList().blockingGet();
        assertEquals(3, blocks.size());
        long previous = before;
        for (EthBlock block : blocks) {
            long number = block.getBlock().getNumber().longValueExact();
            assertTrue(number > previous, "new blocks in order: " + number + " after " + previous);
            previous = number;
        }
    }
}
