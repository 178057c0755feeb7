package org.bcpki.contracts.testnet;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.GrantSubmission;
import org.bcpki.contracts.ProposalKind;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantStatus;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * An embedded network with an IdentityRegistry and a SoftwareRegistry for release tests (issue #20):
 * authorities PTB (the notified body) and MSP (the metering service provider) approve METER (and the
 * EMT and GWA identities of the gateway's WAN tests), GWA only SMGW; k = 2, r = 1. Governance sets MANUFACTURER's maximum validity (0 until then), then the
 * manufacturer ACME and a meter each get an ML-DSA-65 grant. The ACME account is an enroller: it files releases.
 */
public final class ReleaseConsortium implements AutoCloseable {
    public static final Credentials DEPLOYER = TestAccounts.named("deployer");
    public static final Credentials PTB = TestAccounts.named("ptb");
    public static final Credentials MSP = TestAccounts.named("msp");
    public static final Credentials GWA = TestAccounts.named("gwa");
    public static final Credentials REGISTRAR = TestAccounts.named("registrar");
    public static final Credentials ACME_ACCOUNT = TestAccounts.named("acme");
    public static final Credentials OUTSIDER = TestAccounts.named("outsider");
    public static final SubjectId ACME = SubjectId.parse("ACME-Metering-GmbH");
    public static final SubjectId METER = SubjectId.parse("1ESY1160000091");
    public static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    public final EmbeddedChain chain;
    public final Web3j web3j;
    public final Address identityRegistry;
    public final Address softwareRegistry;
    public final KeyPair acmeKey = key("acme-release-key");
    public final KeyPair meterKey = key("meter-91-key");

    private ReleaseConsortium(EmbeddedChain chain) throws Exception {
        this.chain = chain;
        this.web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        identityRegistry = RegistryClient.deploy(web3j, DEPLOYER, EmbeddedChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER, Role.MANUFACTURER, Role.AUTHORITY,
                        Role.EMT, Role.GWA)),
                new RegistrySetup.Seat(MSP.getAddress(), "MSP", Set.of(Role.METER, Role.MANUFACTURER, Role.AUTHORITY,
                        Role.EMT, Role.GWA)),
                new RegistrySetup.Seat(GWA.getAddress(), "GWA", Set.of(Role.SMGW))),
                List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of(ACME_ACCOUNT.getAddress())));
        RegistryClient ptb = identity(PTB);
        ptb.proposeDuration(ProposalKind.SET_MAX_VALIDITY, RegistrySetup.roleMask(Set.of(Role.MANUFACTURER)),
                Duration.ofDays(5 * 365));
        identity(MSP).approveProposal(ptb.proposalCount());
        grant(ACME, Role.MANUFACTURER, acmeKey);
        grant(METER, Role.METER, meterKey);
        softwareRegistry = SoftwareRegistryClient.deploy(web3j, DEPLOYER, EmbeddedChain.CHAIN_ID, identityRegistry);
    }

    public static ReleaseConsortium start(Path dir) throws Exception {
        return new ReleaseConsortium(EmbeddedChain.start(dir));
    }

    public RegistryClient identity(Credentials account) throws Exception {
        return RegistryClient.connect(web3j, identityRegistry, account, EmbeddedChain.CHAIN_ID);
    }

    public SoftwareRegistryClient software(Credentials account) throws Exception {
        return SoftwareRegistryClient.connect(web3j, softwareRegistry, account, EmbeddedChain.CHAIN_ID);
    }

    /** Requests a grant of {@code role} for {@code key} and has PTB and MSP approve it. */
    public void grant(SubjectId subject, Role role, KeyPair key) throws Exception {
        byte[] spki = ML_DSA_65.encodePublicKey(key.getPublic());
        long now = chain.time();
        GrantSubmission submission = new GrantSubmission(subject, role, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(spki), new byte[32], now - 60, now + 365L * 86_400, spki);
        identity(REGISTRAR).requestGrant(submission);
        identity(PTB).approve(submission.requestId());
        identity(MSP).approve(submission.requestId());
        if (identity(PTB).grant(subject).status() != GrantStatus.ACTIVE) {
            throw new IllegalStateException("the grant of " + subject + " did not activate");
        }
    }

    public static KeyPair key(String name) {
        return ML_DSA_65.fromSeed(Hash.sha3(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        web3j.shutdown();
        chain.close();
    }
}
