package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Set;
import org.bcpki.contracts.CheckpointClient;
import org.bcpki.contracts.CheckpointMessage;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.QbftTestChain;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

/** An authority service signing post-quantum checkpoints of a real QBFT header chain. */
class CheckpointSignerTest {
    private static final long INTERVAL = 4;
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    @TempDir
    Path dir;
    private final AuthorityNetwork network;
    private final String checkpointRegistry;
    private final KeyPair ptbKey = ML_DSA_65.fromSeed(Hash.sha3("ptb-checkpoint".getBytes()));
    private final SubjectId ptbSubject = SubjectId.parse("ptb.authority");
    private final QbftTestChain qbft = QbftTestChain.create(4).mineEmpty(10);

    CheckpointSignerTest() throws Exception {
        network = new AuthorityNetwork();
        checkpointRegistry = CheckpointClient.deploy(network.web3j, TestAccounts.named("deployer"), EvmChain.CHAIN_ID,
                network.registry, INTERVAL);
        byte[] spki = ML_DSA_65.encodePublicKey(ptbKey.getPublic());
        long now = network.chain.time();
        GrantSubmission grant = new GrantSubmission(ptbSubject.bytes(), Role.AUTHORITY.code(), KeyAlgorithm.ML_DSA_65.code(),
                SignatureSuite.keyHash(spki), new byte[32], now, now + 365 * 86_400L, spki);
        network.client(network.bsi).requestGrant(grant);
        network.client(network.ptb).approve(grant.requestId());
        network.client(network.bsi).approve(grant.requestId());
        var filler = new io.horizen.evm.Address("0x00000000000000000000000000000000000000f1");
        while (network.chain.blockNumber() <= qbft.head().number()) {
            network.chain.transact(filler, filler, new byte[0]); // the EVM side must be past the checkpoint
        }
        network.rpc.setHeaders(qbft.blocks());
    }

    @AfterEach
    void close() throws Exception {
        network.close();
    }

    @Test
    void signsTheLatestDueCheckpointOnce() throws Exception {
        CheckpointSigner.Settings checkpoints = new CheckpointSigner.Settings(new Web3jHeaderSource(network.web3j),
                CheckpointClient.connect(network.web3j, checkpointRegistry, network.ptb, EvmChain.CHAIN_ID),
                EvmChain.CHAIN_ID, INTERVAL, ptbSubject, ptbKey);
        AuthorityService.Settings settings = new AuthorityService.Settings("PTB",
                AuthorityNetwork.policy(Set.of(Role.METER), false), AuthorityNetwork.CALLERS,
                AttestationVerifier.unavailable(), dir.resolve("ptb.db"), network.client(network.ptb), network.clock(), 0,
                checkpoints);
        try (AuthorityService service = AuthorityService.start(settings, "127.0.0.1", 0)) {
            service.processChainWork();
            ApiClient api = new ApiClient(service.port(), network.chain::time);
            assertEquals(8, api.get("/v1/health").body().get("lastCheckpoint").asLong(), "head 10: checkpoint 8");

            BlockHeader header = qbft.blocks().stream().filter(h -> h.number() == 8).findFirst().orElseThrow();
            CheckpointMessage message = new CheckpointMessage(EvmChain.CHAIN_ID, 8, BftHashing.blockHash(header),
                    CheckpointMessage.validatorSetHash(QbftExtraDataCodec.decode(header.extraData()).validators()));
            CheckpointClient reader = CheckpointClient.connect(network.web3j, checkpointRegistry, network.gwa, EvmChain.CHAIN_ID);
            assertEquals(1, reader.signatures(message), "PTB's signature is recorded under the exact message");

            service.processChainWork();
            assertEquals(1, reader.signatures(message), "nothing sent twice");
            assertTrue(api.get("/v1/health").body().get("lastChainError").isNull());

            // Two more blocks: block 12 is due next.
            network.rpc.setHeaders(qbft.mineEmpty(2).blocks());
            var filler = new io.horizen.evm.Address("0x00000000000000000000000000000000000000f1");
            while (network.chain.blockNumber() <= qbft.head().number()) {
                network.chain.transact(filler, filler, new byte[0]);
            }
            service.processChainWork();
            assertEquals(12, api.get("/v1/health").body().get("lastCheckpoint").asLong());
        }
    }
}
