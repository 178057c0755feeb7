package org.bcpki.authority;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.puf.EnrollmentRecord;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * A registry with three authorities (k = 2, r = 1) on chain-node's embedded QBFT network, and the
 * registered callers of the authority services under test. One per test class.
 */
final class AuthorityNetwork implements AutoCloseable {
    final EmbeddedChain chain;
    final Web3j web3j;
    final Credentials ptb = TestAccounts.named("ptb");
    final Credentials bsi = TestAccounts.named("bsi");
    final Credentials gwa = TestAccounts.named("gwa");
    final Credentials registrarAccount = TestAccounts.named("registrar");
    /** The meter manufacturer: the registry's enroller, anchors its devices' enrollment records. */
    final Credentials manufacturer = TestAccounts.named("manufacturer");
    final Address registry;
    /** How far the services' clock runs ahead of the real one (to let a request's validity end). */
    private volatile long serviceClockOffsetSeconds;

    static final KeyPair LAB_KEY = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).fromSeed(Hash.sha3("lab-1".getBytes()));
    static final KeyPair OPS_KEY = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(Hash.sha3("ops-1".getBytes()));
    static final CallerDirectory CALLERS = new CallerDirectory(List.of(
            new Caller("lab-1", Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256,
                    SignatureSuite.of(KeyAlgorithm.ECDSA_P256).encodePublicKey(LAB_KEY.getPublic())),
            new Caller("ops-1", Caller.Kind.OPERATOR, KeyAlgorithm.ML_DSA_65,
                    SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(OPS_KEY.getPublic()))));

    AuthorityNetwork(Path chainDir) throws Exception {
        chain = EmbeddedChain.start(chainDir);
        web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EmbeddedChain.CHAIN_ID,
                RegistrySetup.withDefaults(List.of(
                        new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER, Role.SMGW, Role.AUTHORITY)),
                        new RegistrySetup.Seat(bsi.getAddress(), "BSI Sub-CA", Set.of(Role.values())),
                        new RegistrySetup.Seat(gwa.getAddress(), "GWA Nord", Set.of(Role.SMGW, Role.EMT))),
                        List.of(RegistrySetup.Registrar.anyRole(registrarAccount.getAddress())),
                        List.of(manufacturer.getAddress())));
    }

    /** The manufacturer anchors a device's enrollment record on chain (what makes its attestation count). */
    void anchor(EnrollmentRecord record) throws Exception {
        client(manufacturer).anchorEnrollment(record.subjectId(), record.attestationHash());
    }

    /** The services' clock: the real one, optionally moved ahead. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.now().plusSeconds(serviceClockOffsetSeconds);
            }
        };
    }

    void moveServiceClockTo(long unixSeconds) {
        serviceClockOffsetSeconds = Math.max(0, unixSeconds - Instant.now().getEpochSecond());
    }

    void resetServiceClock() {
        serviceClockOffsetSeconds = 0;
    }

    RegistryClient client(Credentials account) throws Exception {
        return RegistryClient.connect(web3j, registry, account, EmbeddedChain.CHAIN_ID);
    }

    AuthorityService.Settings settings(String name, Credentials account, AuthorityPolicy policy,
                                       AttestationCheck attestation, Path database) throws Exception {
        return new AuthorityService.Settings(name, policy, CALLERS, attestation, database, client(account), clock(), 0, null);
    }

    static AuthorityPolicy policy(Set<Role> roles, boolean requireAttestation) {
        return new AuthorityPolicy(roles, Set.of(KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ECDSA_P256), requireAttestation, 730);
    }

    @Override
    public void close() {
        web3j.shutdown();
        chain.close();
    }
}
