package org.bcpki.contracts.generated;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.StaticArray7;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint40;
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
import org.web3j.tuples.generated.Tuple12;
import org.web3j.tuples.generated.Tuple2;
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
public class SoftwareRegistry extends Contract {
    public static final String BINARY = "60a060405234801561000f575f5ffd5b50604051611c89380380611c8983398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b608051611bd46100b55f395f81816101e501528181610bf301528181610f0101528181610fce0152818161112c015281816111bb0152818161133001526114280152611bd45ff3fe608060405234801561000f575f5ffd5b5060043610610127575f3560e01c806392a5a3f1116100a9578063b996de661161006e578063b996de6614610306578063e1377a751461030e578063e9ac2d8b1461032d578063f491a84c14610335578063fff9f0ff1461042f575f5ffd5b806392a5a3f11461029e578063a5c7f13d146102be578063a5d4eab3146102d1578063a9218f90146102d9578063b8106c9e146102e1575f5ffd5b806370289c25116100ef57806370289c25146101cd5780637b103999146101e057806384e1433b1461021f57806389b4bb5e146102265780638b30348e14610279575f5ffd5b806308ccbc941461012b578063266db04c14610140578063423d487c146101665780634a914791146101805780635110def714610193575b5f5ffd5b61013e6101393660046115a8565b610442565b005b61015361014e366004611611565b610621565b6040519081526020015b60405180910390f35b61016e600181565b60405160ff909116815260200161015d565b61015361018e3660046116b9565b6107dc565b6101b86101a13660046116ee565b60056020525f908152604090205463ffffffff1681565b60405163ffffffff909116815260200161015d565b61013e6101db366004611705565b610816565b6102077f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161015d565b61016e5f81565b6102596102343660046116ee565b60026020525f90815260409020546001600160401b0380821691600160401b90041682565b604080516001600160401b0393841681529290911660208301520161015d565b6101b86102873660046116ee565b60046020525f908152604090205463ffffffff1681565b6102b16102ac3660046116ee565b610a58565b60405161015d919061174c565b6101536102cc36600461177c565b610a95565b61016e600b81565b61016e600381565b6101b86102ef3660046116ee565b60036020525f908152604090205463ffffffff1681565b61016e600281565b61015361031c3660046116ee565b60016020525f908152604090205481565b61016e600981565b6103be6103433660046116ee565b5f60208190529081526040902080546001820154600283015460038401546004850154600586015460069096015460ff808716976101008804909116966001600160401b03620100008204811697600160501b83049091169664ffffffffff600160901b8404811697600160b81b909404169591949093908c565b6040805160ff9d8e1681529c909b1660208d01526001600160401b03998a169a8c019a909a529790961660608a015264ffffffffff94851660808a01529390921660a088015260c087015260e08601526101008501526101208401526101408301526101608201526101800161015d565b61013e61043d3660046117ef565b610afe565b5f838152602081905260409020805460ff168061047a576040516314b4482360e31b8152600481018690526024015b60405180910390fd5b60021960ff8216016104a2576040516390315de160e01b815260048101869052602401610471565b81545f90819081906104bb90610100900460ff16610ed6565b5f8c81526004602052604090205493965090945092505063ffffffff80821691600160ff87161b91908216161561050e57604051630bcf2ea360e01b8152600481018b9052336024820152604401610471565b5f8a8152600460205260408120805463ffffffff94841794851663ffffffff1990911617905561053f848416611062565b9050336001600160a01b03168b7fff69365ba135bf8bc771f36dcfc4b455495e1ad082babf8d76b4fd30c841ec69838d8d60405161057f93929190611840565b60405180910390a38460ff168160ff1610156105a2575050505050505050505050565b875464ffffffffff42908116600160b81b0260ff64ffffffffff60b81b01199092169190911760031789556105d78c8a611096565b8b7fc074dfc6a46c7a065817ded27ff381833abdbc6c2b8089ab9b42eaa239a3a3d4828d8d60405161060b9392919061185c565b60405180910390a2505050505050505050505050565b5f61062a611117565b60ff8a16158061063d575060ff8a166009145b8061064c575060208a60ff1610155b1561066f576040516378bc326f60e11b815260ff8b166004820152602401610471565b88158061068357506001600160401b038816155b8061069557506001600160401b038716155b8061069e575085155b806106a7575084155b806106b0575083155b156106ce57604051631cbb070960e01b815260040160405180910390fd5b6106e26106dc8c8c8c6107dc565b89611256565b6106f28b8b8b8b8b8b8b8b610a95565b5f81815260208190526040902080549192509060ff1615610729576040516330e35a8b60e21b815260048101839052602401610471565b8054600161ffff1990911661010060ff8e160217811771ffffffffffffffffffffffffffffffff00001916620100006001600160401b038c81169190910267ffffffffffffffff60501b191691909117600160501b918b169190910217825581018c9055600281018a905560038101879055600481018690556107ab8c611329565b6005820155600681018590556107c18282611096565b6107cd828286866114c5565b509a9950505050505050505050565b6040805160208082019590955260ff9390931683820152606080840192909252805180840390920182526080909201909152805191012090565b60ff82161580610829575060ff82166009145b80610838575060208260ff1610155b1561085b576040516378bc326f60e11b815260ff83166004820152602401610471565b5f5f5f61086785610ed6565b935093505092505f61087a8887896107dc565b5f8181526002602052604090208054919250906001600160401b03908116908716116108d657805460405163c494f06760e01b8152600481018490526001600160401b0380891660248301529091166044820152606401610471565b5f82876040516020016108fc9291909182526001600160401b0316602082015260400190565b60408051601f1981840301815291815281516020928301205f818152600590935291205490915063ffffffff80821691600160ff8a161b91908216161561095f57604051630bcf2ea360e01b815260048101849052336024820152604401610471565b5f838152600560205260408120805463ffffffff94841794851663ffffffff19909116179055610990878416611062565b604080516001600160401b038d16815260ff83166020820152919250339188917f1c6df74e70cd61dfe869432b27e8be71702c06c5185b2b71bba2badb71af71d8910160405180910390a38760ff168160ff1610156109f757505050505050505050610a52565b845467ffffffffffffffff19166001600160401b038b16908117865560405190815286907fbb20994ea1f357c28e2e8f92e7c7f290e86b3f249d025ca4e4ed1b5e8218b0c69060200160405180910390a25050505050505050505b50505050565b610a60611546565b5f8281526020819052604081209081905b6007811015610a8d578181015460208202850152600101610a71565b505050919050565b6040805160208082019a909a5260ff989098168882015260608801969096526001600160401b0394851660808801529290931660a086015260c085015260e084019190915261010080840191909152815180840390910181526101209092019052805191012090565b5f838152602081905260409020805460ff1680610b31576040516314b4482360e31b815260048101869052602401610471565b60ff8116600114610b6157604051634d81461b60e01b81526004810186905260ff82166024820152604401610471565b81545f9081908190610b7a90610100900460ff16610ed6565b9350509250925084600601548714610bb5576006850154604051631e4eee9160e01b8152610471918991600401918252602082015260400190565b6001850154600586015460405163583a98bd60e01b8152600481018390526009602482015260448101919091526001600160401b03421660648201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063583a98bd90608401602060405180830381865afa158015610c40573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610c64919061188b565b610c845760405163222b4dd360e21b815260048101829052602401610471565b855460028701545f91610ca1918491610100900460ff16906107dc565b87549091506201000090046001600160401b0316610cbf8282611256565b5f8b81526003602052604090205463ffffffff80821691600160ff8a161b919082161615610d0957604051630bcf2ea360e01b8152600481018e9052336024820152604401610471565b5f8d8152600360205260408120805463ffffffff94841794851663ffffffff19909116179055610d3a878416611062565b9050336001600160a01b03168e7f04ac92a8e71f92de372232b9d87c488d799ae6e5a39b59bb413219f812be689f838f604051610d8692919060ff929092168252602082015260400190565b60405180910390a38760ff168160ff161015610dac575050505050505050505050505050565b8a5464ffffffffff4216600160901b0276ffffffffff0000000000000000000000000000000000ff19909116176002178b55610de88e8c611096565b6040805180820182526001600160401b0380871680835260208084019182525f8a815260029091528490209251835491518316600160401b026fffffffffffffffffffffffffffffffff199092169216919091171790555185908f907fd91027677fc5ef9c1e222add1805d64b380743b932b090a1c33b4f46042e451c90610e809088906001600160401b0391909116815260200190565b60405180910390a36040516001600160401b038516815285907fbb20994ea1f357c28e2e8f92e7c7f290e86b3f249d025ca4e4ed1b5e8218b0c69060200160405180910390a25050505050505050505050505050565b6040516391223d6960e01b81523360048201525f908190819081908190819081906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906391223d69906024015f60405180830381865afa158015610f45573d5f5f3e3d5ffd5b505050506040513d5f823e601f3d908101601f19168201604052610f6c91908101906118d2565b5092509250925082610f9357604051639e066db160e01b8152336004820152602401610471565b600160ff89161b811663ffffffff165f03610fcc57604051639f3a48db60e01b815233600482015260ff89166024820152604401610471565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166379502c556040518163ffffffff1660e01b815260040160c060405180830381865afa158015611028573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061104c91906119ca565b969d949c50929a50949850919650505050505050565b5f5b63ffffffff8216156110915761107b600183611a5c565b909116908061108981611a7e565b915050611064565b919050565b80546001820154600283015460038401546004850154600586015460068701546040805160208101899052908101969096526060860194909452608085019290925260a084015260c083015260e08201526101000160408051601f1981840301815291815281516020928301205f9586526001909252909320929092555050565b604051633183772b60e11b81523360048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031690636306ee5690602401602060405180830381865afa158015611179573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061119d919061188b565b156111a457565b6040516391223d6960e01b81523360048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906391223d69906024015f60405180830381865afa158015611207573d5f5f3e3d5ffd5b505050506040513d5f823e601f3d908101601f1916820160405261122e91908101906118d2565b50505090508061125357604051630b5024e560e11b8152336004820152602401610471565b50565b5f828152600260209081526040918290208251808401909352546001600160401b03808216808552600160401b90920481169284019290925290831610156112ce57805160405163c494f06760e01b8152600481018590526001600160401b0380851660248301529091166044820152606401610471565b80602001516001600160401b0316826001600160401b031611611324576020810151604051630a5ccc7f60e31b8152600481018590526001600160401b0380851660248301529091166044820152606401610471565b505050565b5f5f5f5f5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663de1f8980876040518263ffffffff1660e01b815260040161137c91815260200190565b61012060405180830381865afa158015611398573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906113bc9190611a9c565b509750505050509350935093508360ff1660011415806113e0575060ff8316600914155b806113ef575060ff8216600b14155b8061149b575060405163583a98bd60e01b81526004810187905260096024820152604481018290526001600160401b03421660648201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03169063583a98bd90608401602060405180830381865afa158015611475573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611499919061188b565b155b156114bc5760405163222b4dd360e21b815260048101879052602401610471565b95945050505050565b6002830154600184015484546003860154600487015460068801546040518a947ff3257632995d9dd19d40ab4cf5e8f12181505caef075f9ed4e011eaf76b776f7946115389460ff610100840416946001600160401b03620100008504811695600160501b90950416938d908d90611b44565b60405180910390a450505050565b6040518060e001604052806007906020820280368337509192915050565b5f5f83601f840112611574575f5ffd5b5081356001600160401b0381111561158a575f5ffd5b6020830191508360208285010111156115a1575f5ffd5b9250929050565b5f5f5f604084860312156115ba575f5ffd5b8335925060208401356001600160401b038111156115d6575f5ffd5b6115e286828701611564565b9497909650939450505050565b60ff81168114611253575f5ffd5b6001600160401b0381168114611253575f5ffd5b5f5f5f5f5f5f5f5f5f5f6101208b8d03121561162b575f5ffd5b8a35995060208b013561163d816115ef565b985060408b0135975060608b0135611654816115fd565b965060808b0135611664816115fd565b955060a08b0135945060c08b0135935060e08b013592506101008b01356001600160401b03811115611694575f5ffd5b6116a08d828e01611564565b915080935050809150509295989b9194979a5092959850565b5f5f5f606084860312156116cb575f5ffd5b8335925060208401356116dd816115ef565b929592945050506040919091013590565b5f602082840312156116fe575f5ffd5b5035919050565b5f5f5f5f60808587031215611718575f5ffd5b84359350602085013592506040850135611731816115ef565b91506060850135611741816115fd565b939692955090935050565b60e0810181835f5b6007811015611773578151835260209283019290910190600101611754565b50505092915050565b5f5f5f5f5f5f5f5f610100898b031215611794575f5ffd5b8835975060208901356117a6816115ef565b96506040890135955060608901356117bd816115fd565b945060808901356117cd816115fd565b979a969950949793969560a0850135955060c08501359460e001359350915050565b5f5f5f60608486031215611801575f5ffd5b505081359360208301359350604090920135919050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b60ff84168152604060208201525f6114bc604083018486611818565b64ffffffffff84168152604060208201525f6114bc604083018486611818565b80518015158114611091575f5ffd5b5f6020828403121561189b575f5ffd5b6118a48261187c565b9392505050565b805163ffffffff81168114611091575f5ffd5b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f608085870312156118e5575f5ffd5b6118ee8561187c565b935060208501516118fe816115ef565b925061190c604086016118ab565b915060608501516001600160401b03811115611926575f5ffd5b8501601f81018713611936575f5ffd5b80516001600160401b0381111561194f5761194f6118be565b604051601f8201601f19908116603f011681016001600160401b038111828210171561197d5761197d6118be565b604052818152828201602001891015611994575f5ffd5b5f5b828110156119b257602081850181015183830182015201611996565b505f6020838301015280935050505092959194509250565b5f5f5f5f5f5f60c087890312156119df575f5ffd5b86516119ea816115ef565b60208801519096506119fb816115ef565b6040880151909550611a0c816115ef565b6060880151909450611a1d816115ef565b6080880151909350611a2e816115ef565b9150611a3c60a088016118ab565b90509295509295509295565b634e487b7160e01b5f52601160045260245ffd5b63ffffffff8281168282160390811115611a7857611a78611a48565b92915050565b5f60ff821660ff8103611a9357611a93611a48565b60010192915050565b5f5f5f5f5f5f5f5f5f6101208a8c031215611ab5575f5ffd5b8951611ac0816115ef565b60208b0151909950611ad1816115ef565b60408b0151909850611ae2816115ef565b9650611af060608b016118ab565b955060808a0151611b00816115fd565b60a08b0151909550611b11816115fd565b60c08b0151909450611b22816115fd565b60e08b0151610100909b0151999c989b50969995989497939695949392505050565b60ff891681526001600160401b03881660208201526001600160401b03871660408201528560608201528460808201528360a082015260e060c08201525f611b9060e083018486611818565b9a995050505050505050505056fea26469706673582212200a25f52fcff60936788fdb347814692e88f162a1dd360efad06cf684104c042864736f6c634300081e0033";

    private static String librariesLinkedBinary;

    public static final String FUNC_ALGORITHM_ML_DSA_65 = "ALGORITHM_ML_DSA_65";

    public static final String FUNC_ROLE_MANUFACTURER = "ROLE_MANUFACTURER";

    public static final String FUNC_STATUS_APPROVED = "STATUS_APPROVED";

    public static final String FUNC_STATUS_NONE = "STATUS_NONE";

    public static final String FUNC_STATUS_PENDING = "STATUS_PENDING";

    public static final String FUNC_STATUS_REVOKED = "STATUS_REVOKED";

    public static final String FUNC_APPROVALVOTES = "approvalVotes";

    public static final String FUNC_APPROVE = "approve";

    public static final String FUNC_DEVICETYPES = "deviceTypes";

    public static final String FUNC_MINIMUMVOTES = "minimumVotes";

    public static final String FUNC_RAISEMINIMUMVERSION = "raiseMinimumVersion";

    public static final String FUNC_RECORDHASHES = "recordHashes";

    public static final String FUNC_REGISTRY = "registry";

    public static final String FUNC_RELEASEIDFOR = "releaseIdFor";

    public static final String FUNC_RELEASEOF = "releaseOf";

    public static final String FUNC_RELEASES = "releases";

    public static final String FUNC_REVOCATIONVOTES = "revocationVotes";

    public static final String FUNC_REVOKE = "revoke";

    public static final String FUNC_SUBMIT = "submit";

    public static final String FUNC_TYPEKEYFOR = "typeKeyFor";

    public static final CustomError ALREADYREVOKED_ERROR = new CustomError("AlreadyRevoked", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError ALREADYVOTED_ERROR = new CustomError("AlreadyVoted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Address>() {}));
    ;

    public static final CustomError BELOWMINIMUMVERSION_ERROR = new CustomError("BelowMinimumVersion", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final CustomError INVALIDRELEASE_ERROR = new CustomError("InvalidRelease", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError INVALIDROLE_ERROR = new CustomError("InvalidRole", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
    ;

    public static final CustomError MANUFACTURERNOTVALID_ERROR = new CustomError("ManufacturerNotValid", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError NOTAUTHORITY_ERROR = new CustomError("NotAuthority", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError NOTNEWERTHANLATEST_ERROR = new CustomError("NotNewerThanLatest", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final CustomError NOTPENDING_ERROR = new CustomError("NotPending", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final CustomError NOTSUBMITTER_ERROR = new CustomError("NotSubmitter", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError RELEASEEXISTS_ERROR = new CustomError("ReleaseExists", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError ROLENOTALLOWED_ERROR = new CustomError("RoleNotAllowed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final CustomError SIGNATUREMISMATCH_ERROR = new CustomError("SignatureMismatch", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError UNKNOWNRELEASE_ERROR = new CustomError("UnknownRelease", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final Event MINIMUMVERSIONRAISED_EVENT = new Event("MinimumVersionRaised", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Uint64>() {}));
    ;

    public static final Event MINIMUMVERSIONVOTED_EVENT = new Event("MinimumVersionVoted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint64>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final Event RELEASEAPPROVALVOTED_EVENT = new Event("ReleaseApprovalVoted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint8>() {}, new TypeReference<Bytes32>() {}));
    ;

    public static final Event RELEASEAPPROVED_EVENT = new Event("ReleaseApproved", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Bytes32>(true) {}, new TypeReference<Uint64>() {}));
    ;

    public static final Event RELEASEREVOCATIONVOTED_EVENT = new Event("ReleaseRevocationVoted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint8>() {}, new TypeReference<Utf8String>() {}));
    ;

    public static final Event RELEASEREVOKED_EVENT = new Event("ReleaseRevoked", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Uint40>() {}, new TypeReference<Utf8String>() {}));
    ;

    public static final Event RELEASESUBMITTED_EVENT = new Event("ReleaseSubmitted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Bytes32>(true) {}, new TypeReference<Bytes32>(true) {}, new TypeReference<Uint8>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Utf8String>() {}));
    ;

    @Deprecated
    protected SoftwareRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected SoftwareRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected SoftwareRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected SoftwareRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<MinimumVersionRaisedEventResponse> getMinimumVersionRaisedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(MINIMUMVERSIONRAISED_EVENT, transactionReceipt);
        ArrayList<MinimumVersionRaisedEventResponse> responses = new ArrayList<MinimumVersionRaisedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            MinimumVersionRaisedEventResponse typedResponse = new MinimumVersionRaisedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.minimumVersion = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static MinimumVersionRaisedEventResponse getMinimumVersionRaisedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(MINIMUMVERSIONRAISED_EVENT, log);
        MinimumVersionRaisedEventResponse typedResponse = new MinimumVersionRaisedEventResponse();
        typedResponse.log = log;
        typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.minimumVersion = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<MinimumVersionRaisedEventResponse> minimumVersionRaisedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getMinimumVersionRaisedEventFromLog(log));
    }

    public Flowable<MinimumVersionRaisedEventResponse> minimumVersionRaisedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(MINIMUMVERSIONRAISED_EVENT));
        return minimumVersionRaisedEventFlowable(filter);
    }

    public static List<MinimumVersionVotedEventResponse> getMinimumVersionVotedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(MINIMUMVERSIONVOTED_EVENT, transactionReceipt);
        ArrayList<MinimumVersionVotedEventResponse> responses = new ArrayList<MinimumVersionVotedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            MinimumVersionVotedEventResponse typedResponse = new MinimumVersionVotedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.votes = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static MinimumVersionVotedEventResponse getMinimumVersionVotedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(MINIMUMVERSIONVOTED_EVENT, log);
        MinimumVersionVotedEventResponse typedResponse = new MinimumVersionVotedEventResponse();
        typedResponse.log = log;
        typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.votes = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<MinimumVersionVotedEventResponse> minimumVersionVotedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getMinimumVersionVotedEventFromLog(log));
    }

    public Flowable<MinimumVersionVotedEventResponse> minimumVersionVotedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(MINIMUMVERSIONVOTED_EVENT));
        return minimumVersionVotedEventFlowable(filter);
    }

    public static List<ReleaseApprovalVotedEventResponse> getReleaseApprovalVotedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(RELEASEAPPROVALVOTED_EVENT, transactionReceipt);
        ArrayList<ReleaseApprovalVotedEventResponse> responses = new ArrayList<ReleaseApprovalVotedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ReleaseApprovalVotedEventResponse typedResponse = new ReleaseApprovalVotedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.approvals = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.approvalSignatureHash = (byte[]) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ReleaseApprovalVotedEventResponse getReleaseApprovalVotedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(RELEASEAPPROVALVOTED_EVENT, log);
        ReleaseApprovalVotedEventResponse typedResponse = new ReleaseApprovalVotedEventResponse();
        typedResponse.log = log;
        typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.approvals = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.approvalSignatureHash = (byte[]) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<ReleaseApprovalVotedEventResponse> releaseApprovalVotedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getReleaseApprovalVotedEventFromLog(log));
    }

    public Flowable<ReleaseApprovalVotedEventResponse> releaseApprovalVotedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RELEASEAPPROVALVOTED_EVENT));
        return releaseApprovalVotedEventFlowable(filter);
    }

    public static List<ReleaseApprovedEventResponse> getReleaseApprovedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(RELEASEAPPROVED_EVENT, transactionReceipt);
        ArrayList<ReleaseApprovedEventResponse> responses = new ArrayList<ReleaseApprovedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ReleaseApprovedEventResponse typedResponse = new ReleaseApprovedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ReleaseApprovedEventResponse getReleaseApprovedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(RELEASEAPPROVED_EVENT, log);
        ReleaseApprovedEventResponse typedResponse = new ReleaseApprovedEventResponse();
        typedResponse.log = log;
        typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.typeKey = (byte[]) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<ReleaseApprovedEventResponse> releaseApprovedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getReleaseApprovedEventFromLog(log));
    }

    public Flowable<ReleaseApprovedEventResponse> releaseApprovedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RELEASEAPPROVED_EVENT));
        return releaseApprovedEventFlowable(filter);
    }

    public static List<ReleaseRevocationVotedEventResponse> getReleaseRevocationVotedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(RELEASEREVOCATIONVOTED_EVENT, transactionReceipt);
        ArrayList<ReleaseRevocationVotedEventResponse> responses = new ArrayList<ReleaseRevocationVotedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ReleaseRevocationVotedEventResponse typedResponse = new ReleaseRevocationVotedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.votes = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.reason = (String) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ReleaseRevocationVotedEventResponse getReleaseRevocationVotedEventFromLog(
            Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(RELEASEREVOCATIONVOTED_EVENT, log);
        ReleaseRevocationVotedEventResponse typedResponse = new ReleaseRevocationVotedEventResponse();
        typedResponse.log = log;
        typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.authority = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.votes = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.reason = (String) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<ReleaseRevocationVotedEventResponse> releaseRevocationVotedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getReleaseRevocationVotedEventFromLog(log));
    }

    public Flowable<ReleaseRevocationVotedEventResponse> releaseRevocationVotedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RELEASEREVOCATIONVOTED_EVENT));
        return releaseRevocationVotedEventFlowable(filter);
    }

    public static List<ReleaseRevokedEventResponse> getReleaseRevokedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(RELEASEREVOKED_EVENT, transactionReceipt);
        ArrayList<ReleaseRevokedEventResponse> responses = new ArrayList<ReleaseRevokedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ReleaseRevokedEventResponse typedResponse = new ReleaseRevokedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.revokedAt = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.reason = (String) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ReleaseRevokedEventResponse getReleaseRevokedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(RELEASEREVOKED_EVENT, log);
        ReleaseRevokedEventResponse typedResponse = new ReleaseRevokedEventResponse();
        typedResponse.log = log;
        typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.revokedAt = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.reason = (String) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<ReleaseRevokedEventResponse> releaseRevokedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getReleaseRevokedEventFromLog(log));
    }

    public Flowable<ReleaseRevokedEventResponse> releaseRevokedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RELEASEREVOKED_EVENT));
        return releaseRevokedEventFlowable(filter);
    }

    public static List<ReleaseSubmittedEventResponse> getReleaseSubmittedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(RELEASESUBMITTED_EVENT, transactionReceipt);
        ArrayList<ReleaseSubmittedEventResponse> responses = new ArrayList<ReleaseSubmittedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ReleaseSubmittedEventResponse typedResponse = new ReleaseSubmittedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.manufacturer = (byte[]) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.deviceType = (byte[]) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.deviceRole = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.size = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.imageSha256 = (byte[]) eventValues.getNonIndexedValues().get(3).getValue();
            typedResponse.imageKeccak256 = (byte[]) eventValues.getNonIndexedValues().get(4).getValue();
            typedResponse.signatureHash = (byte[]) eventValues.getNonIndexedValues().get(5).getValue();
            typedResponse.uri = (String) eventValues.getNonIndexedValues().get(6).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ReleaseSubmittedEventResponse getReleaseSubmittedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(RELEASESUBMITTED_EVENT, log);
        ReleaseSubmittedEventResponse typedResponse = new ReleaseSubmittedEventResponse();
        typedResponse.log = log;
        typedResponse.releaseId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.manufacturer = (byte[]) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.deviceType = (byte[]) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.deviceRole = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.version = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.size = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.imageSha256 = (byte[]) eventValues.getNonIndexedValues().get(3).getValue();
        typedResponse.imageKeccak256 = (byte[]) eventValues.getNonIndexedValues().get(4).getValue();
        typedResponse.signatureHash = (byte[]) eventValues.getNonIndexedValues().get(5).getValue();
        typedResponse.uri = (String) eventValues.getNonIndexedValues().get(6).getValue();
        return typedResponse;
    }

    public Flowable<ReleaseSubmittedEventResponse> releaseSubmittedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getReleaseSubmittedEventFromLog(log));
    }

    public Flowable<ReleaseSubmittedEventResponse> releaseSubmittedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(RELEASESUBMITTED_EVENT));
        return releaseSubmittedEventFlowable(filter);
    }

    public RemoteFunctionCall<BigInteger> ALGORITHM_ML_DSA_65() {
        final Function function = new Function(FUNC_ALGORITHM_ML_DSA_65, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> ROLE_MANUFACTURER() {
        final Function function = new Function(FUNC_ROLE_MANUFACTURER, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> STATUS_APPROVED() {
        final Function function = new Function(FUNC_STATUS_APPROVED, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> STATUS_NONE() {
        final Function function = new Function(FUNC_STATUS_NONE, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> STATUS_PENDING() {
        final Function function = new Function(FUNC_STATUS_PENDING, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> STATUS_REVOKED() {
        final Function function = new Function(FUNC_STATUS_REVOKED, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> approvalVotes(byte[] param0) {
        final Function function = new Function(FUNC_APPROVALVOTES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint32>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> approve(byte[] releaseId, byte[] signatureHash,
            byte[] approvalSignatureHash) {
        final Function function = new Function(
                FUNC_APPROVE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(releaseId), 
                new org.web3j.abi.datatypes.generated.Bytes32(signatureHash), 
                new org.web3j.abi.datatypes.generated.Bytes32(approvalSignatureHash)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Tuple2<BigInteger, BigInteger>> deviceTypes(byte[] param0) {
        final Function function = new Function(FUNC_DEVICETYPES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
        return new RemoteFunctionCall<Tuple2<BigInteger, BigInteger>>(function,
                new Callable<Tuple2<BigInteger, BigInteger>>() {
                    @Override
                    public Tuple2<BigInteger, BigInteger> call() throws Exception {
                        List<Type> results = executeCallMultipleValueReturn(function);
                        return new Tuple2<BigInteger, BigInteger>(
                                (BigInteger) results.get(0).getValue(), 
                                (BigInteger) results.get(1).getValue());
                    }
                });
    }

    public RemoteFunctionCall<BigInteger> minimumVotes(byte[] param0) {
        final Function function = new Function(FUNC_MINIMUMVOTES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint32>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> raiseMinimumVersion(byte[] manufacturer,
            byte[] deviceType, BigInteger deviceRole, BigInteger version) {
        final Function function = new Function(
                FUNC_RAISEMINIMUMVERSION, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(manufacturer), 
                new org.web3j.abi.datatypes.generated.Bytes32(deviceType), 
                new org.web3j.abi.datatypes.generated.Uint8(deviceRole), 
                new org.web3j.abi.datatypes.generated.Uint64(version)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<byte[]> recordHashes(byte[] param0) {
        final Function function = new Function(FUNC_RECORDHASHES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<String> registry() {
        final Function function = new Function(FUNC_REGISTRY, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<byte[]> releaseIdFor(byte[] manufacturer, BigInteger deviceRole,
            byte[] deviceType, BigInteger version, BigInteger size, byte[] imageSha256,
            byte[] imageKeccak256, byte[] signatureHash) {
        final Function function = new Function(FUNC_RELEASEIDFOR, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(manufacturer), 
                new org.web3j.abi.datatypes.generated.Uint8(deviceRole), 
                new org.web3j.abi.datatypes.generated.Bytes32(deviceType), 
                new org.web3j.abi.datatypes.generated.Uint64(version), 
                new org.web3j.abi.datatypes.generated.Uint64(size), 
                new org.web3j.abi.datatypes.generated.Bytes32(imageSha256), 
                new org.web3j.abi.datatypes.generated.Bytes32(imageKeccak256), 
                new org.web3j.abi.datatypes.generated.Bytes32(signatureHash)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<List> releaseOf(byte[] releaseId) {
        final Function function = new Function(FUNC_RELEASEOF, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(releaseId)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<StaticArray7<Bytes32>>() {}));
        return new RemoteFunctionCall<List>(function,
                new Callable<List>() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public List call() throws Exception {
                        List<Type> result = (List<Type>) executeCallSingleValueReturn(function, List.class);
                        return convertToNative(result);
                    }
                });
    }

    public RemoteFunctionCall<Tuple12<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[], byte[], byte[], byte[]>> releases(
            byte[] param0) {
        final Function function = new Function(FUNC_RELEASES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint8>() {}, new TypeReference<Uint8>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint40>() {}, new TypeReference<Uint40>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {}));
        return new RemoteFunctionCall<Tuple12<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[], byte[], byte[], byte[]>>(function,
                new Callable<Tuple12<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[], byte[], byte[], byte[]>>() {
                    @Override
                    public Tuple12<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[], byte[], byte[], byte[]> call(
                            ) throws Exception {
                        List<Type> results = executeCallMultipleValueReturn(function);
                        return new Tuple12<BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, byte[], byte[], byte[], byte[], byte[], byte[]>(
                                (BigInteger) results.get(0).getValue(), 
                                (BigInteger) results.get(1).getValue(), 
                                (BigInteger) results.get(2).getValue(), 
                                (BigInteger) results.get(3).getValue(), 
                                (BigInteger) results.get(4).getValue(), 
                                (BigInteger) results.get(5).getValue(), 
                                (byte[]) results.get(6).getValue(), 
                                (byte[]) results.get(7).getValue(), 
                                (byte[]) results.get(8).getValue(), 
                                (byte[]) results.get(9).getValue(), 
                                (byte[]) results.get(10).getValue(), 
                                (byte[]) results.get(11).getValue());
                    }
                });
    }

    public RemoteFunctionCall<BigInteger> revocationVotes(byte[] param0) {
        final Function function = new Function(FUNC_REVOCATIONVOTES, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(param0)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint32>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> revoke(byte[] releaseId, String reason) {
        final Function function = new Function(
                FUNC_REVOKE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(releaseId), 
                new org.web3j.abi.datatypes.Utf8String(reason)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> submit(byte[] manufacturer, BigInteger deviceRole,
            byte[] deviceType, BigInteger version, BigInteger size, byte[] imageSha256,
            byte[] imageKeccak256, byte[] signatureHash, String uri) {
        final Function function = new Function(
                FUNC_SUBMIT, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(manufacturer), 
                new org.web3j.abi.datatypes.generated.Uint8(deviceRole), 
                new org.web3j.abi.datatypes.generated.Bytes32(deviceType), 
                new org.web3j.abi.datatypes.generated.Uint64(version), 
                new org.web3j.abi.datatypes.generated.Uint64(size), 
                new org.web3j.abi.datatypes.generated.Bytes32(imageSha256), 
                new org.web3j.abi.datatypes.generated.Bytes32(imageKeccak256), 
                new org.web3j.abi.datatypes.generated.Bytes32(signatureHash), 
                new org.web3j.abi.datatypes.Utf8String(uri)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<byte[]> typeKeyFor(byte[] manufacturer, BigInteger deviceRole,
            byte[] deviceType) {
        final Function function = new Function(FUNC_TYPEKEYFOR, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(manufacturer), 
                new org.web3j.abi.datatypes.generated.Uint8(deviceRole), 
                new org.web3j.abi.datatypes.generated.Bytes32(deviceType)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    @Deprecated
    public static SoftwareRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new SoftwareRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static SoftwareRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new SoftwareRegistry(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static SoftwareRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new SoftwareRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static SoftwareRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new SoftwareRegistry(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<SoftwareRegistry> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider, String identityRegistry) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry)));
        return deployRemoteCall(SoftwareRegistry.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    public static RemoteCall<SoftwareRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider,
            String identityRegistry) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry)));
        return deployRemoteCall(SoftwareRegistry.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<SoftwareRegistry> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit, String identityRegistry) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry)));
        return deployRemoteCall(SoftwareRegistry.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<SoftwareRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit,
            String identityRegistry) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, identityRegistry)));
        return deployRemoteCall(SoftwareRegistry.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
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

    public static class MinimumVersionRaisedEventResponse extends BaseEventResponse {
        public byte[] typeKey;

        public BigInteger minimumVersion;
    }

    public static class MinimumVersionVotedEventResponse extends BaseEventResponse {
        public byte[] typeKey;

        public String authority;

        public BigInteger version;

        public BigInteger votes;
    }

    public static class ReleaseApprovalVotedEventResponse extends BaseEventResponse {
        public byte[] releaseId;

        public String authority;

        public BigInteger approvals;

        public byte[] approvalSignatureHash;
    }

    public static class ReleaseApprovedEventResponse extends BaseEventResponse {
        public byte[] releaseId;

        public byte[] typeKey;

        public BigInteger version;
    }

    public static class ReleaseRevocationVotedEventResponse extends BaseEventResponse {
        public byte[] releaseId;

        public String authority;

        public BigInteger votes;

        public String reason;
    }

    public static class ReleaseRevokedEventResponse extends BaseEventResponse {
        public byte[] releaseId;

        public BigInteger revokedAt;

        public String reason;
    }

    public static class ReleaseSubmittedEventResponse extends BaseEventResponse {
        public byte[] releaseId;

        public byte[] manufacturer;

        public byte[] deviceType;

        public BigInteger deviceRole;

        public BigInteger version;

        public BigInteger size;

        public byte[] imageSha256;

        public byte[] imageKeccak256;

        public byte[] signatureHash;

        public String uri;
    }
}
