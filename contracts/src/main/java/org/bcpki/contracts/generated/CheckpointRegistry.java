package org.bcpki.contracts.generated;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * <p>Auto generated code.
 * <p><strong>Do not modify!</strong>
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the 
 * <a href="https://github.com/LFDT-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 5.0.2.
 */
@SuppressWarnings("rawtypes")
@Generated("org.web3j.codegen.SolidityFunctionWrapperGenerator")
public class CheckpointRegistry extends Contract {
    public static final String BINARY = "60c060405234801561000f575f5ffd5b50604051610b6c380380610b6c83398101604081905261002e91610076565b806001600160401b03165f03610057576040516305fabb6160e41b815260040160405180910390fd5b6001600160a01b039091166080526001600160401b031660a0526100c4565b5f5f60408385031215610087575f5ffd5b82516001600160a01b038116811461009d575f5ffd5b60208401519092506001600160401b03811681146100b9575f5ffd5b809150509250929050565b60805160a051610a6b6101015f395f81816101a20152818161027b01526102cd01525f81816101450152818161043e01526104e60152610a6b5ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c80637d6b0781116100635780637d6b07811461017f57806383a82d6614610188578063947a36fb1461019d578063a5d4eab3146101dc578063dc34b0aa146101e4575f5ffd5b8063141774ef1461009f5780632b93962c146100de57806352a9674b146100f857806374536c9c1461012d5780637b10399914610140575b5f5ffd5b6100c46100ad36600461069b565b5f6020819052908152604090205463ffffffff1681565b60405163ffffffff90911681526020015b60405180910390f35b6100e6600881565b60405160ff90911681526020016100d5565b61011f7f3d021d9b4554c6ad6af20858aa3016a840aeb884a935bb3e87865555a3cc9e2a81565b6040519081526020016100d5565b61011f61013b3660046106c9565b6101f7565b6101677f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016100d5565b61011f610ced81565b61019b6101963660046106fb565b61026a565b005b6101c47f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160401b0390911681526020016100d5565b6100e6600b81565b6001546101c4906001600160401b031681565b604080517f3d021d9b4554c6ad6af20858aa3016a840aeb884a935bb3e87865555a3cc9e2a602082015246918101919091526001600160401b03841660608201526080810183905260a081018290525f9060c0016040516020818303038152906040528051906020012090509392505050565b5f61027433610419565b90506102a07f000000000000000000000000000000000000000000000000000000000000000088610795565b6001600160401b0316156102ff57604051631adcf25f60e21b81526001600160401b0380891660048301527f00000000000000000000000000000000000000000000000000000000000000001660248201526044015b60405180910390fd5b43876001600160401b03161061033957604051635acbcbd760e01b81526001600160401b03881660048201524360248201526044016102f6565b610ced821461036657604051636b0aeb8360e11b815260048101839052610ced60248201526044016102f6565b61036f846104e1565b5f61038461037e8989896101f7565b836105e4565b6001549091506001600160401b0390811690891611156103bb576001805467ffffffffffffffff19166001600160401b038a161790555b84336001600160a01b0316896001600160401b03167f7ac7730b18f7c681c2ae9c7b03169092ce3781130b3da56149328397d094da548a8a868a8a6040516104079594939291906107ce565b60405180910390a45050505050505050565b6040516391223d6960e01b81526001600160a01b0382811660048301525f91829182917f0000000000000000000000000000000000000000000000000000000000000000909116906391223d69906024015f60405180830381865afa158015610484573d5f5f3e3d5ffd5b505050506040513d5f823e601f3d908101601f191682016040526104ab919081019061084b565b505091509150816104da57604051639e066db160e01b81526001600160a01b03851660048201526024016102f6565b9392505050565b5f5f5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663de1f8980856040518263ffffffff1660e01b815260040161053291815260200190565b61012060405180830381865afa15801561054e573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105729190610947565b5050505050509250925092508260ff166001141580610595575060ff8216600814155b806105a4575060ff8116600b14155b156105de57604051634c573d0960e01b81526004810185905260ff80851660248301528084166044830152821660648201526084016102f6565b50505050565b5f82815260208190526040812054600160ff84161b9063ffffffff818116918316161561062d57604051638ad5b6b760e01b8152600481018690523360248201526044016102f6565b5f858152602081905260409020805463ffffffff92841792831663ffffffff1990911617905561065c81610667565b925050505b92915050565b5f5b63ffffffff821615610696576106806001836109fb565b909116908061068e81610a17565b915050610669565b919050565b5f602082840312156106ab575f5ffd5b5035919050565b6001600160401b03811681146106c6575f5ffd5b50565b5f5f5f606084860312156106db575f5ffd5b83356106e6816106b2565b95602085013595506040909401359392505050565b5f5f5f5f5f5f60a08789031215610710575f5ffd5b863561071b816106b2565b955060208701359450604087013593506060870135925060808701356001600160401b0381111561074a575f5ffd5b8701601f8101891361075a575f5ffd5b80356001600160401b0381111561076f575f5ffd5b896020828401011115610780575f5ffd5b60208201935080925050509295509295509295565b5f6001600160401b038316806107b957634e487b7160e01b5f52601260045260245ffd5b806001600160401b0384160691505092915050565b85815284602082015260ff8416604082015260806060820152816080820152818360a08301375f81830160a090810191909152601f909201601f19160101949350505050565b805160ff81168114610696575f5ffd5b805163ffffffff81168114610696575f5ffd5b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f6080858703121561085e575f5ffd5b8451801515811461086d575f5ffd5b935061087b60208601610814565b925061088960408601610824565b915060608501516001600160401b038111156108a3575f5ffd5b8501601f810187136108b3575f5ffd5b80516001600160401b038111156108cc576108cc610837565b604051601f8201601f19908116603f011681016001600160401b03811182821017156108fa576108fa610837565b604052818152828201602001891015610911575f5ffd5b5f5b8281101561092f57602081850181015183830182015201610913565b505f6020838301015280935050505092959194509250565b5f5f5f5f5f5f5f5f5f6101208a8c031215610960575f5ffd5b6109698a610814565b985061097760208b01610814565b975061098560408b01610814565b965061099360608b01610824565b955060808a01516109a3816106b2565b60a08b01519095506109b4816106b2565b60c08b01519094506109c5816106b2565b60e08b0151610100909b0151999c989b50969995989497939695949392505050565b634e487b7160e01b5f52601160045260245ffd5b63ffffffff8281168282160390811115610661576106616109e7565b5f60ff821660ff8103610a2c57610a2c6109e7565b6001019291505056fea2646970667358221220bca887e7085e7517de562d6e653a2f919bba94adf7a5a7b503132dc06c8e7ef164736f6c634300081e0033";

    private static String librariesLinkedBinary;

    public static final String FUNC_ALGORITHM_ML_DSA_65 = "ALGORITHM_ML_DSA_65";

    public static final String FUNC_DOMAIN = "DOMAIN";

    public static final String FUNC_ML_DSA_65_SIGNATURE_LENGTH = "ML_DSA_65_SIGNATURE_LENGTH";

    public static final String FUNC_ROLE_AUTHORITY = "ROLE_AUTHORITY";

    public static final String FUNC_DIGESTFOR = "digestFor";

    public static final String FUNC_INTERVAL = "interval";

    public static final String FUNC_LATESTNUMBER = "latestNumber";

    public static final String FUNC_REGISTRY = "registry";

    public static final String FUNC_SIGNERS = "signers";

    public static final String FUNC_SUBMIT = "submit";

    public static final CustomError ALREADYSIGNED_ERROR = new CustomError("AlreadySigned", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Address>() {}));
    ;

    public static final CustomError FUTUREBLOCK_ERROR = new CustomError("FutureBlock", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDINTERVAL_ERROR = new CustomError("InvalidInterval", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDSIGNATURELENGTH_ERROR = new CustomError("InvalidSignatureLength", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError NOTAUTHORITY_ERROR = new CustomError("NotAuthority", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError NOTCHECKPOINTBLOCK_ERROR = new CustomError("NotCheckpointBlock", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final CustomError SIGNERNOTAUTHORITY_ERROR = new CustomError("SignerNotAuthority", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint8>() {}, new TypeReference<Uint8>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final Event CHECKPOINTSIGNED_EVENT = new Event("CheckpointSigned", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Bytes32>(true) {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Uint8>() {}, new TypeReference<DynamicBytes>() {}));
    ;

    @Deprecated
    protected CheckpointRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected CheckpointRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected CheckpointRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected CheckpointRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<CheckpointSignedEventResponse> getCheckpointSignedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(CHECKPOINTSIGNED_EVENT, transactionReceipt);
        ArrayList<CheckpointSignedEventResponse> responses = new ArrayList<CheckpointSignedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            CheckpointSignedEventResponse typedResponse = new CheckpointSignedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.number = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.signerSubjectId = (byte[]) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.blockHash = (byte[]) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.validatorSetHash = (byte[]) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.signatures = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.signature = (byte[]) eventValues.getNonIndexedValues().get(3).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static CheckpointSignedEventResponse getCheckpointSignedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(CHECKPOINTSIGNED_EVENT, log);
        CheckpointSignedEventResponse typedResponse = new CheckpointSignedEventResponse();
        typedResponse.log = log;
        typedResponse.number = (BigInteger) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.signerSubjectId = (byte[]) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.blockHash = (byte[]) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.validatorSetHash = (byte[]) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.signatures = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.signature = (byte[]) eventValues.getNonIndexedValues().get(3).getValue();
        return typedResponse;
    }

    public Flowable<CheckpointSignedEventResponse> checkpointSignedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getCheckpointSignedEventFromLog(log));
    }

    public Flowable<CheckpointSignedEventResponse> checkpointSignedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(CHECKPOINTSIGNED_EVENT));
        return checkpointSignedEventFlowable(filter);
    }

    public RemoteFunctionCall<BigInteger> ALGORITHM_ML_DSA_65() {
        final Function function = new Function(FUNC_ALGORITHM_ML_DSA_65, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<byte[]> DOMAIN() {
        final Function function = new Function(FUNC_DOMAIN, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<BigInteger> ML_DSA_65_SIGNATURE_LENGTH() {
        final Function function = new Function(FUNC_ML_DSA_65_SIGNATURE_LENGTH, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> ROLE_AUTHORITY() {
        final Function function = new Function(FUNC_ROLE_AUTHORITY, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<byte[]> digestFor(BigInteger number, byte[] blockHash,
            byte[] validatorSetHash) {
        final Function function = new Function(FUNC_DIGESTFOR, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Uint64(number), 
                new org.web3j.abi.datatypes.generated.Bytes32(blockHash), 
                new org.web3j.abi.datatypes.generated.Bytes32(validatorSetHash)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<BigInteger> interval() {
        final Function function = new Function(FUNC_INTERVAL, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> latestNumber() {
        final Function function = new Function(FUNC_LATESTNUMBER, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<String> registry() {
        final Function function = new Function(FUNC_REGISTRY, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<BigInteger> signers(byte[] param0) {
        final Function function = new Function(FUNC_SIGNERS, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint32>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> submit(BigInteger number, byte[] blockHash,
            byte[] validatorSetHash, byte[] signerSubjectId, byte[] signature) {
        final Function function = new Function(
                FUNC_SUBMIT, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Uint64(number), 
                new org.web3j.abi.datatypes.generated.Bytes32(blockHash), 
                new org.web3j.abi.datatypes.generated.Bytes32(validatorSetHash), 
                new org.web3j.abi.datatypes.generated.Bytes32(signerSubjectId), 
                new org.web3j.abi.datatypes.DynamicBytes(signature)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static CheckpointRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new CheckpointRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static CheckpointRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new CheckpointRegistry(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static CheckpointRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new CheckpointRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static CheckpointRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new CheckpointRegistry(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<CheckpointRegistry> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider, String identityRegistry,
            BigInteger checkpointInterval) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry), 
                new org.web3j.abi.datatypes.generated.Uint64(checkpointInterval)));
        return deployRemoteCall(CheckpointRegistry.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    public static RemoteCall<CheckpointRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider,
            String identityRegistry, BigInteger checkpointInterval) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry), 
                new org.web3j.abi.datatypes.generated.Uint64(checkpointInterval)));
        return deployRemoteCall(CheckpointRegistry.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<CheckpointRegistry> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit, String identityRegistry,
            BigInteger checkpointInterval) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry), 
                new org.web3j.abi.datatypes.generated.Uint64(checkpointInterval)));
        return deployRemoteCall(CheckpointRegistry.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<CheckpointRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit,
            String identityRegistry, BigInteger checkpointInterval) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry), 
                new org.web3j.abi.datatypes.generated.Uint64(checkpointInterval)));
        return deployRemoteCall(CheckpointRegistry.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }

    public static class CheckpointSignedEventResponse extends BaseEventResponse {
        public BigInteger number;

        public String authority;

        public byte[] signerSubjectId;

        public byte[] blockHash;

        public byte[] validatorSetHash;

        public BigInteger signatures;

        public byte[] signature;
    }
}
