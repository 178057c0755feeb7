package org.bcpki.contracts;

import java.io.IOException;
import java.math.BigInteger;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.generated.CheckpointRegistry;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.identity.SubjectId;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.gas.StaticGasProvider;

/** Submits post-quantum checkpoint signatures to a CheckpointRegistry with the generated wrapper. */
public final class CheckpointClient {
    private final Web3j web3j;
    private final CheckpointRegistry contract;
    private final String address;
    private final String account;

    private CheckpointClient(Web3j web3j, CheckpointRegistry contract, String address, String account) {
        this.web3j = web3j;
        this.contract = contract;
        this.address = address;
        this.account = account;
    }

    public static CheckpointClient connect(Web3j web3j, Address address, Credentials credentials, long chainId)
            throws IOException {
        CheckpointRegistry contract = CheckpointRegistry.load(address.toHex(), web3j,
                ContractTransactions.manager(web3j, credentials, chainId),
                new StaticGasProvider(ContractTransactions.gasPrice(web3j), RegistryClient.CALL_GAS_LIMIT));
        return new CheckpointClient(web3j, contract, address.toHex(), credentials.getAddress());
    }

    /** Deploys a CheckpointRegistry for {@code identityRegistry} with checkpoints every {@code interval} blocks. */
    public static Address deploy(Web3j web3j, Credentials credentials, long chainId, Address identityRegistry, long interval)
            throws Exception {
        return Address.fromHex(CheckpointRegistry.deploy(web3j, ContractTransactions.manager(web3j, credentials, chainId),
                new StaticGasProvider(ContractTransactions.gasPrice(web3j), RegistryClient.DEPLOY_GAS_LIMIT),
                identityRegistry.toHex(), BigInteger.valueOf(interval)).send().getContractAddress());
    }

    public long interval() throws IOException {
        return ContractTransactions.call(contract.interval()).longValueExact();
    }

    public TxOutcome submit(CheckpointMessage message, SubjectId signer, byte[] signature)
            throws RegistryRejectedException, IOException {
        return ContractTransactions.send(web3j, account, address, contract.submit(BigInteger.valueOf(message.number()),
                message.blockHash().toArrayUnsafe(), message.validatorSetHash().toArrayUnsafe(), signer.bytes(), signature));
    }

    /** How many authorities signed exactly this message. */
    public int signatures(CheckpointMessage message) throws IOException {
        return ContractTransactions.call(contract.signers(CheckpointDigest.of(message))).bitCount();
    }
}
