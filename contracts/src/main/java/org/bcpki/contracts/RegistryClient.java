package org.bcpki.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.RegistryLayout;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple11;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/** {@link RegistryOperations} over JSON-RPC with web3j and the generated {@link IdentityRegistry} wrapper. */
public final class RegistryClient implements RegistryOperations {
    /** Enough for requestGrant with the largest (ML-DSA-87, 2.6 kB) keys and any other call. */
    public static final BigInteger CALL_GAS_LIMIT = BigInteger.valueOf(1_000_000);
    public static final BigInteger DEPLOY_GAS_LIMIT = BigInteger.valueOf(5_000_000);

    private final Web3j web3j;
    private final IdentityRegistry contract;
    private final Address registryAddress;
    private final String account;

    private RegistryClient(Web3j web3j, IdentityRegistry contract, Address registryAddress, String account) {
        this.web3j = web3j;
        this.contract = contract;
        this.registryAddress = registryAddress;
        this.account = account;
    }

    /** A client that signs transactions with {@code credentials} (EIP-155, {@code chainId}). */
    public static RegistryClient connect(Web3j web3j, Address registryAddress, Credentials credentials, long chainId)
            throws IOException {
        TransactionManager transactions = transactionManager(web3j, credentials, chainId);
        IdentityRegistry contract = IdentityRegistry.load(registryAddress.toHex(), web3j, transactions,
                new StaticGasProvider(gasPrice(web3j), CALL_GAS_LIMIT));
        return new RegistryClient(web3j, contract, registryAddress, credentials.getAddress());
    }

    /** A client for reads only (its writes would be refused by any node). */
    public static RegistryClient readOnly(Web3j web3j, Address registryAddress) {
        String nobody = "0x0000000000000000000000000000000000000000";
        IdentityRegistry contract = IdentityRegistry.load(registryAddress.toHex(), web3j,
                new ReadonlyTransactionManager(web3j, nobody), new StaticGasProvider(BigInteger.ZERO, CALL_GAS_LIMIT));
        return new RegistryClient(web3j, contract, registryAddress, nobody);
    }

    /** Deploys a registry with {@code setup} and returns its address. */
    public static Address deploy(Web3j web3j, Credentials credentials, long chainId, RegistrySetup setup) throws Exception {
        IdentityRegistry deployed = IdentityRegistry.deploy(web3j, transactionManager(web3j, credentials, chainId),
                new StaticGasProvider(gasPrice(web3j), DEPLOY_GAS_LIMIT),
                setup.authorities().stream().map(RegistrySetup.Seat::address).toList(),
                setup.authorities().stream().map(RegistrySetup.Seat::name).toList(),
                setup.authorities().stream().map(s -> BigInteger.valueOf(RegistrySetup.roleMask(s.roles()))).toList(),
                setup.registrars().stream().map(RegistrySetup.Registrar::address).toList(),
                setup.registrars().stream().map(r -> BigInteger.valueOf(RegistrySetup.roleMask(r.roles()))).toList(),
                setup.enrollers(), BigInteger.valueOf(setup.grantThreshold()),
                BigInteger.valueOf(setup.revocationThreshold()), BigInteger.valueOf(setup.governanceThreshold()),
                BigInteger.valueOf(setup.requestTtl().toSeconds())).send();
        return Address.fromHex(deployed.getContractAddress());
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Address registryAddress() {
        return registryAddress;
    }

    @Override
    public TxOutcome requestGrant(GrantSubmission s) throws RegistryRejectedException, IOException {
        return send(contract.requestGrant(s.subject().bytes(), BigInteger.valueOf(s.role().code()),
                BigInteger.valueOf(s.algorithm().code()),
                s.keyHash(), s.attestationHash(), BigInteger.valueOf(s.notBefore()), BigInteger.valueOf(s.notAfter()),
                s.publicKey()));
    }

    @Override
    public TxOutcome approve(byte[] requestId) throws RegistryRejectedException, IOException {
        return send(contract.approve(requestId));
    }

    @Override
    public TxOutcome reject(byte[] requestId, String reason) throws RegistryRejectedException, IOException {
        return send(contract.reject(requestId, reason));
    }

    @Override
    public TxOutcome revoke(SubjectId subject, String reason) throws RegistryRejectedException, IOException {
        return send(contract.revoke(subject.bytes(), reason));
    }

    @Override
    public TxOutcome closeExpired(byte[] requestId) throws RegistryRejectedException, IOException {
        return send(contract.closeExpired(requestId));
    }

    @Override
    public TxOutcome anchorEnrollment(SubjectId subject, byte[] attestationHash) throws RegistryRejectedException, IOException {
        return send(contract.anchorEnrollment(subject.bytes(), attestationHash));
    }

    @Override
    public Optional<AnchoredEnrollment> anchoredEnrollment(SubjectId subject) throws IOException {
        Tuple3<byte[], String, BigInteger> e = call(contract.enrollments(subject.bytes()));
        if (Arrays.equals(e.component1(), new byte[32])) {
            return Optional.empty();
        }
        boolean trusted = call(contract.enrollers(e.component2()));
        return Optional.of(new AnchoredEnrollment(e.component1(), e.component2(), e.component3().longValue(), trusted));
    }

    @Override
    public boolean keyRevoked(byte[] keyHash) throws IOException {
        return call(contract.revokedKeys(keyHash));
    }

    /** Proposes SET_MAX_VALIDITY (for each role in {@code roles}) or SET_REQUEST_TTL. */
    public TxOutcome proposeDuration(ProposalKind kind, long roles, Duration duration)
            throws RegistryRejectedException, IOException {
        return send(contract.proposeDuration(BigInteger.valueOf(kind.code()), BigInteger.valueOf(roles),
                BigInteger.valueOf(duration.toSeconds())));
    }

    public boolean isEnroller(String account) throws IOException {
        return call(contract.enrollers(account));
    }

    /** The longest validity (notAfter - notBefore) the registry accepts for {@code role}. */
    public Duration maxValidity(Role role) throws IOException {
        return Duration.ofSeconds(call(contract.maxValidity(BigInteger.valueOf(role.code()))).longValueExact());
    }

    public Duration requestTtl() throws IOException {
        return Duration.ofSeconds(call(contract.requestTtl()).longValueExact());
    }

    @Override
    public OnChainRequest request(byte[] requestId) throws IOException {
        Tuple11<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[]> r =
                call(contract.requests(requestId));
        return new OnChainRequest(OnChainRequest.State.fromCode(r.component1().intValueExact()),
                r.component2().intValueExact(), r.component3().intValueExact(), r.component4().longValueExact(),
                r.component5().longValueExact(), r.component6().longValue(), r.component7().longValue(),
                r.component8().longValue(), r.component9(), r.component10(), r.component11());
    }

    @Override
    public GrantRecord grant(SubjectId subject) throws IOException {
        // One call: the three words come from one block (separate reads could straddle a write).
        Tuple3<byte[], byte[], byte[]> words = call(contract.recordOf(subject.bytes()));
        return RegistryLayout.decode(Bytes32.wrap(words.component1()), Bytes32.wrap(words.component2()),
                Bytes32.wrap(words.component3()));
    }

    @Override
    public TxOutcome suspend(SubjectId subject, String reason) throws RegistryRejectedException, IOException {
        return send(contract.suspend(subject.bytes(), reason));
    }

    @Override
    public TxOutcome reinstate(SubjectId subject) throws RegistryRejectedException, IOException {
        return send(contract.resume(subject.bytes()));
    }

    @Override
    public ProposalOutcome propose(GovernanceProposal p) throws RegistryRejectedException, IOException {
        String target = p.target() == null ? "0x0000000000000000000000000000000000000000" : p.target().toHex();
        return proposalOutcome(send(contract.propose(BigInteger.valueOf(p.kind().code()), target, p.name(),
                BigInteger.valueOf(RegistrySetup.roleMask(p.roles())), BigInteger.valueOf(p.grantThreshold()),
                BigInteger.valueOf(p.revocationThreshold()), BigInteger.valueOf(p.governanceThreshold()))));
    }

    @Override
    public ProposalOutcome approveProposal(long id) throws RegistryRejectedException, IOException {
        return proposalOutcome(send(contract.approveProposal(BigInteger.valueOf(id))));
    }

    /** What the mined transaction's ProposalApproved and ProposalExecuted events say. */
    private ProposalOutcome proposalOutcome(TxOutcome tx) throws IOException {
        TransactionReceipt receipt = web3j.ethGetTransactionReceipt(tx.transactionHash()).send().getTransactionReceipt()
                .orElseThrow(() -> new IOException("the node has no receipt for " + tx.transactionHash()));
        var approved = IdentityRegistry.getProposalApprovedEvents(receipt);
        if (approved.isEmpty()) {
            throw new IOException("transaction " + tx.transactionHash() + " approved no proposal");
        }
        var approval = approved.get(0);
        return new ProposalOutcome(tx, approval.proposalId.longValueExact(), approval.approvals.intValueExact(),
                !IdentityRegistry.getProposalExecutedEvents(receipt).isEmpty());
    }

    @Override
    public long proposalCount() throws IOException {
        return call(contract.proposalCount()).longValueExact();
    }

    @Override
    public Optional<ProposalState> proposal(long id) throws IOException {
        var p = call(contract.proposals(BigInteger.valueOf(id)));
        int code = p.component1().intValueExact();
        if (code == 0) {
            return Optional.empty();
        }
        Address target = Address.fromHex(p.component4());
        return Optional.of(new ProposalState(id, code, ProposalKind.fromCode(code), p.component2(),
                Integer.bitCount(p.component3().intValue()), target.value().isZero() ? null : target, p.component9(),
                RegistrySetup.roles(p.component5()), p.component6().intValueExact(), p.component7().intValueExact(),
                p.component8().intValueExact()));
    }

    private TxOutcome send(RemoteFunctionCall<TransactionReceipt> call) throws RegistryRejectedException, IOException {
        return ContractTransactions.send(web3j, account, registryAddress.toHex(), call);
    }

    private static <T> T call(RemoteFunctionCall<T> call) throws IOException {
        return ContractTransactions.call(call);
    }

    private static TransactionManager transactionManager(Web3j web3j, Credentials credentials, long chainId) {
        return ContractTransactions.manager(web3j, credentials, chainId);
    }

    private static BigInteger gasPrice(Web3j web3j) throws IOException {
        return ContractTransactions.gasPrice(web3j);
    }
}
