package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Set;
import org.bcpki.contracts.CheckpointClient;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;

/** An authority service signing post-quantum checkpoints of the embedded QBFT network's blocks. */
class CheckpointSignerTest {
    private static final long INTERVAL = 4;
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    private static final KeyPair PTB_KEY = ML_DSA_65.fromSeed(Hash.sha3("ptb-checkpoint".getBytes()));
    private static final SubjectId PTB_SUBJECT = SubjectId.parse("ptb.authority");

    @TempDir
    static Path chainDir;
    @TempDir
    Path dir;
    private static AuthorityNetwork network;
    private static Address checkpointRegistry;

    @BeforeAll
    static void start() throws Exception {
        network = new AuthorityNetwork(chainDir);
        checkpointRegistry = CheckpointClient.deploy(network.web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID,
                network.registry, INTERVAL);
        byte[] spki = ML_DSA_65.encodePublicKey(PTB_KEY.getPublic());
        long now = network.chain.time();
        GrantSubmission grant = new GrantSubmission(PTB_SUBJECT, Role.AUTHORITY, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(spki), new byte[32], now - 60, now + 365 * 86_400L, spki);
        network.client(network.bsi).requestGrant(grant);
        network.client(network.ptb).approve(grant.requestId());
        network.client(network.bsi).approve(grant.requestId());
    }

    @AfterAll
    static void stop() {
        network.close();
    }

    @Test
    void signsTheLatestDueCheckpointOnceWithTheLightClientsMessage() throws Exception {
        RpcHeaderSource headers = new RpcHeaderSource(new org.web3j.protocol.http.HttpService(network.chain.rpcUrl()));
        CheckpointSigner.Settings checkpoints = new CheckpointSigner.Settings(headers,
                CheckpointClient.connect(network.web3j, checkpointRegistry, network.ptb, EmbeddedChain.CHAIN_ID),
                EmbeddedChain.CHAIN_ID, INTERVAL, PTB_SUBJECT, PTB_KEY);
        AuthorityService.Settings settings = new AuthorityService.Settings("PTB",
                AuthorityNetwork.policy(Set.of(Role.METER), false), AuthorityNetwork.CALLERS,
                AttestationCheck.unavailable(), dir.resolve("ptb.db"), network.client(network.ptb), network.clock(), 0,
                checkpoints);
        try (AuthorityService service = AuthorityService.start(settings, "127.0.0.1", 0)) {
            service.processChainWork();
            ApiClient api = new ApiClient(service.port(), network.chain::time);
            long first = api.get("/v1/health").body().get("lastCheckpoint").asLong();
            assertTrue(first > 0 && first % INTERVAL == 0, "checkpoint " + first);

            BlockHeader header = headers.header(first);
            CheckpointMessage message = new CheckpointMessage(EmbeddedChain.CHAIN_ID, first, BftHashing.blockHash(header),
                    CheckpointMessage.validatorSetHash(QbftExtraDataCodec.decode(header.extraData()).validators()));
            CheckpointClient reader = CheckpointClient.connect(network.web3j, checkpointRegistry, network.gwa, EmbeddedChain.CHAIN_ID);
            assertEquals(1, reader.signatures(message), "PTB's signature is recorded under the block's message");
            assertTrue(api.get("/v1/health").body().get("lastChainError").isNull());

            // Blocks go on: the next due checkpoint is signed by a later pass, each one once.
            network.chain.awaitBlock(first + INTERVAL + 1); // a checkpoint is signed once the chain is past it
            service.processChainWork();
            long next = api.get("/v1/health").body().get("lastCheckpoint").asLong();
            assertTrue(next >= first + INTERVAL && next % INTERVAL == 0, "checkpoint " + next);
            assertEquals(1, reader.signatures(message), "nothing sent twice");
        }
    }
}
