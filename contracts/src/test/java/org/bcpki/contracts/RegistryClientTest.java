package org.bcpki.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.EvmJsonRpc;
import org.bcpki.contracts.evm.EvmRpcServer;
import org.bcpki.contracts.evm.EvmWeb3jService;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** The web3j client and generated wrapper, through signed transactions and JSON-RPC, on the EVM. */
class RegistryClientTest {
    private final EvmChain chain = new EvmChain();
    private final EvmJsonRpc rpc = new EvmJsonRpc(chain);
    private final Web3j web3j = Web3j.build(new EvmWeb3jService(rpc));
    private final Credentials deployer = TestAccounts.named("deployer");
    private final Credentials ptb = TestAccounts.named("ptb");
    private final Credentials bsi = TestAccounts.named("bsi");
    private final Credentials registrar = TestAccounts.named("registrar");

    @AfterEach
    void close() throws Exception {
        web3j.shutdown();
        chain.close();
    }

    private String deploy() throws Exception {
        return RegistryClient.deploy(web3j, deployer, EvmChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER)),
                new RegistrySetup.Seat(bsi.getAddress(), "BSI", Set.of(Role.values()))), List.of(registrar.getAddress())));
    }

    private static GrantSubmission submission(String meterId, long now) {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        byte[] spki = suite.encodePublicKey(suite.fromSeed(Hash.sha3(meterId.getBytes())).getPublic());
        return new GrantSubmission(SubjectId.parse(meterId).bytes(), Role.METER.code(), KeyAlgorithm.ML_DSA_65.code(),
                SignatureSuite.keyHash(spki), new byte[32], now, now + 86_400, spki);
    }

    @Test
    void requestApproveAndShowThroughSignedTransactions() throws Exception {
        String address = deploy();
        RegistryClient asRegistrar = RegistryClient.connect(web3j, address, registrar, EvmChain.CHAIN_ID);
        RegistryClient asPtb = RegistryClient.connect(web3j, address, ptb, EvmChain.CHAIN_ID);
        RegistryClient asBsi = RegistryClient.connect(web3j, address, bsi, EvmChain.CHAIN_ID);
        GrantSubmission s = submission("1ESY1160000041", chain.time());

        RegistryOperations.TxOutcome requested = asRegistrar.requestGrant(s);
        assertTrue(requested.transactionHash().startsWith("0x"));
        assertEquals(OnChainRequest.State.PENDING, asPtb.request(s.requestId()).state());
        RegistryRejectedException duplicate = assertThrows(RegistryRejectedException.class, () -> asRegistrar.requestGrant(s));
        assertEquals("RequestExists", duplicate.errorName());

        asPtb.approve(s.requestId());
        assertEquals(1, asPtb.request(s.requestId()).approvalCount());
        assertEquals("AlreadyVoted", assertThrows(RegistryRejectedException.class, () -> asPtb.approve(s.requestId())).errorName());
        asBsi.approve(s.requestId());

        GrantRecord record = RegistryClient.readOnly(web3j, address).grant(SubjectId.ofBytes(s.subjectId()));
        assertEquals(GrantStatus.ACTIVE, record.status());
        assertEquals(1, record.version());
        assertArrayEquals(s.keyHash(), record.keyHash().toArrayUnsafe());
        assertEquals(OnChainRequest.State.ACTIVATED, asPtb.request(s.requestId()).state());

        RegistryRejectedException notAuthority = assertThrows(RegistryRejectedException.class,
                () -> asRegistrar.revoke(s.subjectId(), "no"));
        assertEquals("NotAuthority", notAuthority.errorName());
        assertTrue(notAuthority.getMessage().contains(registrar.getAddress()), notAuthority.getMessage());
        asPtb.revoke(s.subjectId(), "key compromised");
        assertEquals(GrantStatus.REVOKED, asPtb.grant(SubjectId.ofBytes(s.subjectId())).status());
    }

    @Test
    void anUnreachableNodeIsAnIoError() throws Exception {
        String address = deploy();
        RegistryClient asPtb = RegistryClient.connect(web3j, address, ptb, EvmChain.CHAIN_ID);
        rpc.setAvailable(false);
        assertThrows(IOException.class, () -> asPtb.approve(new byte[32]));
        rpc.setAvailable(true);
        assertEquals("UnknownRequest", assertThrows(RegistryRejectedException.class,
                () -> asPtb.approve(new byte[32])).errorName());
    }

    @Test
    void worksOverHttpJsonRpc() throws Exception {
        String address = deploy();
        try (EvmRpcServer server = EvmRpcServer.start(rpc)) {
            Web3j http = Web3j.build(new HttpService(server.url()));
            RegistryClient asRegistrar = RegistryClient.connect(http, address, registrar, EvmChain.CHAIN_ID);
            GrantSubmission s = submission("1ESY1160000042", chain.time());
            asRegistrar.requestGrant(s);
            assertEquals(OnChainRequest.State.PENDING, asRegistrar.request(s.requestId()).state());
            http.shutdown();
        }
    }
}
