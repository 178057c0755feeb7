package org.bcpki.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.generated.SoftwareRegistry;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseRecord;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The SoftwareRegistry (issue #20) over JSON-RPC with the generated wrapper: submit, approve, revoke,
 * raise a minimum version, and read records with {@code releaseOf} (one call: seven words of one block).
 * Writes are pre-flighted with eth_call, so refusals arrive as {@link RegistryRejectedException}.
 */
public final class SoftwareRegistryClient {
    private final Web3j web3j;
    private final SoftwareRegistry contract;
    private final Address address;
    private final String account;

    private SoftwareRegistryClient(Web3j web3j, SoftwareRegistry contract, Address address, String account) {
        this.web3j = web3j;
        this.contract = contract;
        this.address = address;
        this.account = account;
    }

    public static SoftwareRegistryClient connect(Web3j web3j, Address address, Credentials credentials, long chainId)
            throws IOException {
        SoftwareRegistry contract = SoftwareRegistry.load(address.toHex(), web3j,
                ContractTransactions.manager(web3j, credentials, chainId),
                new StaticGasProvider(ContractTransactions.gasPrice(web3j), RegistryClient.CALL_GAS_LIMIT));
        return new SoftwareRegistryClient(web3j, contract, address, credentials.getAddress());
    }

    public static SoftwareRegistryClient readOnly(Web3j web3j, Address address) {
        String nobody = "0x0000000000000000000000000000000000000000";
        SoftwareRegistry contract = SoftwareRegistry.load(address.toHex(), web3j,
                new ReadonlyTransactionManager(web3j, nobody), new StaticGasProvider(BigInteger.ZERO, RegistryClient.CALL_GAS_LIMIT));
        return new SoftwareRegistryClient(web3j, contract, address, nobody);
    }

    /** Deploys a SoftwareRegistry that reads authorities, thresholds and grants from {@code identityRegistry}. */
    public static Address deploy(Web3j web3j, Credentials credentials, long chainId, Address identityRegistry)
            throws Exception {
        return Address.fromHex(SoftwareRegistry.deploy(web3j, ContractTransactions.manager(web3j, credentials, chainId),
                new StaticGasProvider(ContractTransactions.gasPrice(web3j), RegistryClient.DEPLOY_GAS_LIMIT),
                identityRegistry.toHex()).send().getContractAddress());
    }

    public Address address() {
        return address;
    }

    public String account() {
        return account;
    }

    /** The chain id of the node this client talks to (a bundle names the chain it is for). */
    public long chainId() throws IOException {
        return web3j.ethChainId().send().getChainId().longValueExact();
    }

    /** The newest block's time: what the registry compares grant validity with for the next transaction. */
    public long chainTime() throws IOException {
        return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp()
                .longValueExact();
    }

    /** A reader of the IdentityRegistry this registry reads: where the release signers' grants are. */
    public RegistryClient identities() throws IOException {
        return RegistryClient.readOnly(web3j, identityRegistry());
    }

    /** The IdentityRegistry this registry reads. */
    public Address identityRegistry() throws IOException {
        return Address.fromHex(ContractTransactions.call(contract.registry()));
    }

    public TxOutcome submit(ReleaseBundle bundle) throws RegistryRejectedException, IOException {
        ReleaseMessage r = bundle.release();
        return send(contract.submit(r.manufacturer().bytes(), BigInteger.valueOf(r.deviceRole().code()),
                r.deviceType().value().toArrayUnsafe(), unsigned(r.version()), unsigned(r.size()),
                r.imageSha256().toArrayUnsafe(), r.imageKeccak256().toArrayUnsafe(),
                bundle.signatureHash().toArrayUnsafe(), bundle.uri()));
    }

    /**
     * Votes to approve {@code releaseId}, binding the vote to the manufacturer signature hashing to
     * {@code signatureHash}; {@code approvalSignatureHash} names this authority's own signature (zero: none).
     */
    public TxOutcome approve(Bytes32 releaseId, Bytes32 signatureHash, Bytes32 approvalSignatureHash)
            throws RegistryRejectedException, IOException {
        return send(contract.approve(releaseId.toArrayUnsafe(), signatureHash.toArrayUnsafe(),
                approvalSignatureHash.toArrayUnsafe()));
    }

    public TxOutcome revoke(Bytes32 releaseId, String reason) throws RegistryRejectedException, IOException {
        return send(contract.revoke(releaseId.toArrayUnsafe(), reason));
    }

    public TxOutcome raiseMinimumVersion(SubjectId manufacturer, DeviceType deviceType, Role deviceRole, long version)
            throws RegistryRejectedException, IOException {
        return send(contract.raiseMinimumVersion(manufacturer.bytes(), deviceType.value().toArrayUnsafe(),
                BigInteger.valueOf(deviceRole.code()), unsigned(version)));
    }

    /** The release record (NONE when there is none), decoded with core's {@link ReleaseLayout}. */
    @SuppressWarnings("unchecked")
    public ReleaseRecord release(Bytes32 releaseId) throws IOException {
        List<Object> words = (List<Object>) ContractTransactions.call(contract.releaseOf(releaseId.toArrayUnsafe()));
        return ReleaseLayout.decode(words.stream().map(SoftwareRegistryClient::word).toList());
    }

    public DeviceTypeState deviceType(SubjectId manufacturer, Role deviceRole, DeviceType deviceType) throws IOException {
        return deviceType(ReleaseLayout.typeKey(manufacturer, deviceRole, deviceType));
    }

    /** {@code deviceTypes[typeKey]} ({@link ReleaseLayout#typeKey}). */
    public DeviceTypeState deviceType(Bytes32 typeKey) throws IOException {
        var state = ContractTransactions.call(contract.deviceTypes(typeKey.toArrayUnsafe()));
        return new DeviceTypeState(state.component1().longValue(), state.component2().longValue());
    }

    /** How many authorities voted to approve (all votes, also of authorities removed since). */
    public int approvalVotes(Bytes32 releaseId) throws IOException {
        return ContractTransactions.call(contract.approvalVotes(releaseId.toArrayUnsafe())).bitCount();
    }

    private static Bytes32 word(Object value) {
        // convertToNative yields byte[]; older web3j versions left the ABI type in place.
        byte[] bytes = value instanceof org.web3j.abi.datatypes.Type<?> typed ? (byte[]) typed.getValue() : (byte[]) value;
        return Bytes32.wrap(bytes);
    }

    private static BigInteger unsigned(long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private TxOutcome send(RemoteFunctionCall<TransactionReceipt> call) throws RegistryRejectedException, IOException {
        return ContractTransactions.send(web3j, account, address.toHex(), call);
    }
}
