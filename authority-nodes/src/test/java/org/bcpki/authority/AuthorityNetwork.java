package org.bcpki.authority;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.EvmJsonRpc;
import org.bcpki.contracts.evm.EvmWeb3jService;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * A registry with three authorities (k = 2, r = 1) on go-ethereum's EVM behind JSON-RPC, and the
 * registered callers of the authority services under test.
 */
final class AuthorityNetwork implements AutoCloseable {
    final EvmChain chain = new EvmChain();
    final EvmJsonRpc rpc = new EvmJsonRpc(chain);
    final Web3j web3j = Web3j.build(new EvmWeb3jService(rpc));
    final Credentials ptb = TestAccounts.named("ptb");
    final Credentials bsi = TestAccounts.named("bsi");
    final Credentials gwa = TestAccounts.named("gwa");
    final Credentials registrarAccount = TestAccounts.named("registrar");
    final String registry;

    static final KeyPair LAB_KEY = SignatureSuite.of(KeyAlgorithm.ECDSA_P256).fromSeed(Hash.sha3("lab-1".getBytes()));
    static final KeyPair OPS_KEY = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(Hash.sha3("ops-1".getBytes()));
    static final CallerDirectory CALLERS = new CallerDirectory(List.of(
            new Caller("lab-1", Caller.Kind.REGISTRAR, KeyAlgorithm.ECDSA_P256,
                    SignatureSuite.of(KeyAlgorithm.ECDSA_P256).encodePublicKey(LAB_KEY.getPublic())),
            new Caller("ops-1", Caller.Kind.OPERATOR, KeyAlgorithm.ML_DSA_65,
                    SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(OPS_KEY.getPublic()))));

    AuthorityNetwork() throws Exception {
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EvmChain.CHAIN_ID,
                RegistrySetup.withDefaults(List.of(
                        new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER, Role.SMGW, Role.AUTHORITY)),
                        new RegistrySetup.Seat(bsi.getAddress(), "BSI Sub-CA", Set.of(Role.values())),
                        new RegistrySetup.Seat(gwa.getAddress(), "GWA Nord", Set.of(Role.SMGW, Role.EMT))),
                        List.of(registrarAccount.getAddress())));
    }

    /** The service clock follows the chain's block time, as it would on a live network. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(chain.time());
            }
        };
    }

    RegistryClient client(Credentials account) throws Exception {
        return RegistryClient.connect(web3j, registry, account, EvmChain.CHAIN_ID);
    }

    AuthorityService.Settings settings(String name, Credentials account, AuthorityPolicy policy,
                                       AttestationVerifier attestation, Path database) throws Exception {
        return new AuthorityService.Settings(name, policy, CALLERS, attestation, database, client(account), clock(), 0, null);
    }

    static AuthorityPolicy policy(Set<Role> roles, boolean requireAttestation) {
        return new AuthorityPolicy(roles, Set.of(KeyAlgorithm.ML_DSA_65, KeyAlgorithm.ECDSA_P256), requireAttestation, 730);
    }

    @Override
    public void close() throws Exception {
        web3j.shutdown();
        chain.close();
    }
}
