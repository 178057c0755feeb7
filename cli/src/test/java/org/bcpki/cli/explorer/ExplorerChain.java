package org.bcpki.cli.explorer;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.GovernanceProposal;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The explorer tests' chain: chain-node's embedded QBFT network (one validator, 200 ms blocks) with
 * an IdentityRegistry of two authorities (PTB, BSI; 2 of 2 grant, 1 revokes), a registrar and an
 * enroller. Everything goes through JSON-RPC, as against Besu.
 */
final class ExplorerChain implements AutoCloseable {
    final EmbeddedChain chain;
    final Address registry;
    private final Web3j web3j;
    private final RegistryClient registrar;
    private final RegistryClient ptb;
    private final RegistryClient bsi;

    private ExplorerChain(EmbeddedChain chain, Address registry, Web3j web3j) throws Exception {
        this.chain = chain;
        this.registry = registry;
        this.web3j = web3j;
        this.registrar = client(TestAccounts.named("registrar"));
        this.ptb = client(TestAccounts.named("ptb"));
        this.bsi = client(TestAccounts.named("bsi"));
    }

    static ExplorerChain start(Path dir) throws Exception {
        EmbeddedChain chain = EmbeddedChain.start(dir);
        try {
            Web3j web3j = chain.web3j(EmbeddedChain.VALIDATOR);
            Address registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID,
                    RegistrySetup.withDefaults(List.of(
                            new RegistrySetup.Seat(TestAccounts.named("ptb").getAddress(), "PTB", Set.of(Role.values())),
                            new RegistrySetup.Seat(TestAccounts.named("bsi").getAddress(), "BSI", Set.of(Role.values()))),
                            List.of(RegistrySetup.Registrar.anyRole(TestAccounts.named("registrar").getAddress())),
                            List.of(TestAccounts.named("manufacturer").getAddress())));
            return new ExplorerChain(chain, registry, web3j);
        } catch (Exception | Error e) {
            chain.close();
            throw e;
        }
    }

    private RegistryClient client(Credentials account) throws Exception {
        return RegistryClient.connect(web3j, registry, account, EmbeddedChain.CHAIN_ID);
    }

    /** Files a grant request for {@code subject} (approved by nobody yet) and returns its id. */
    byte[] request(String subject) throws Exception {
        KeyPair key = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).generate(new SecureRandom());
        byte[] spki = key.getPublic().getEncoded();
        long now = Instant.now().getEpochSecond() - 60;
        GrantSubmission submission = new GrantSubmission(SubjectId.parse(subject), Role.METER, KeyAlgorithm.ECDSA_P256,
                SignatureSuite.keyHash(spki), new byte[32], now, now + 86_400, spki);
        registrar.requestGrant(submission);
        return submission.requestId();
    }

    /** Requests and activates a grant for {@code subject} (PTB and BSI approve). */
    void grant(String subject) throws Exception {
        byte[] requestId = request(subject);
        ptb.approve(requestId);
        bsi.approve(requestId);
    }

    void revoke(String subject, String reason) throws Exception {
        ptb.revoke(SubjectId.parse(subject), reason);
    }

    /** PTB proposes a new registrar (one approval of the two governance needs: the proposal stays open). */
    void proposeRegistrar(String account) throws Exception {
        ptb.propose(GovernanceProposal.addRegistrar(Address.fromHex(account), Set.of(Role.values())));
    }

    String rpcUrl() {
        return chain.rpcUrl();
    }

    long height() {
        return chain.height();
    }

    @Override
    public void close() {
        web3j.shutdown();
        chain.close();
    }
}
