package org.bcpki.contracts.evm;

import io.horizen.evm.Address;
import io.horizen.evm.results.EvmLog;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bcpki.contracts.RegistrySetup;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * An IdentityRegistry deployed on an {@link EvmChain}: each method ABI-encodes one contract call
 * with web3j's {@link FunctionEncoder} and runs it as a transaction (or eth_call for views).
 */
public final class RegistryOnEvm implements AutoCloseable {
    private final EvmChain chain;
    private final Address address;

    private RegistryOnEvm(EvmChain chain, Address address) {
        this.chain = chain;
        this.address = address;
    }

    /** Deploys the committed bytecode with {@code setup} from {@code deployer}. */
    public static RegistryOnEvm deploy(EvmChain chain, Address deployer, RegistrySetup setup) {
        Execution deployment = chain.deploy(deployer, setup.initCode());
        if (!deployment.success()) {
            throw new IllegalStateException("deployment failed: " + deployment.failure());
        }
        return new RegistryOnEvm(chain, deployment.contractAddress());
    }

    public EvmChain chain() {
        return chain;
    }

    public Address address() {
        return address;
    }

    /** The grant request's fields as {@code requestGrant} takes them. */
    public record GrantFields(byte[] subjectId, int role, int algorithm, byte[] keyHash, byte[] attestationHash,
                              long notBefore, long notAfter, byte[] publicKey) {}

    public Execution requestGrant(Address registrar, GrantFields f) {
        return send(registrar, new Function("requestGrant", List.of(new Bytes32(f.subjectId()), new Uint8(f.role()),
                new Uint8(f.algorithm()), new Bytes32(f.keyHash()), new Bytes32(f.attestationHash()),
                new Uint64(f.notBefore()), new Uint64(f.notAfter()), new DynamicBytes(f.publicKey())), List.of()));
    }

    public Execution approve(Address authority, byte[] requestId) {
        return send(authority, new Function("approve", List.of(new Bytes32(requestId)), List.of()));
    }

    public Execution reject(Address authority, byte[] requestId, String reason) {
        return send(authority, new Function("reject", List.of(new Bytes32(requestId), new Utf8String(reason)), List.of()));
    }

    public Execution closeExpired(Address caller, byte[] requestId) {
        return send(caller, new Function("closeExpired", List.of(new Bytes32(requestId)), List.of()));
    }

    public Execution revoke(Address authority, byte[] subjectId, String reason) {
        return send(authority, new Function("revoke", List.of(new Bytes32(subjectId), new Utf8String(reason)), List.of()));
    }

    public Execution suspend(Address authority, byte[] subjectId, String reason) {
        return send(authority, new Function("suspend", List.of(new Bytes32(subjectId), new Utf8String(reason)), List.of()));
    }

    public Execution resume(Address authority, byte[] subjectId) {
        return send(authority, new Function("resume", List.of(new Bytes32(subjectId)), List.of()));
    }

    public Execution propose(Address authority, int kind, String target, String name, long roles,
                             int grantThreshold, int revocationThreshold, int governanceThreshold) {
        return send(authority, new Function("propose", List.of(new Uint8(kind),
                new org.web3j.abi.datatypes.Address(target), new Utf8String(name), new Uint32(roles),
                new Uint8(grantThreshold), new Uint8(revocationThreshold), new Uint8(governanceThreshold)), List.of()));
    }

    public Execution proposeDuration(Address authority, int kind, long roles, long seconds) {
        return send(authority, new Function("proposeDuration", List.of(new Uint8(kind), new Uint32(roles),
                new Uint64(seconds)), List.of()));
    }

    public Execution anchorEnrollment(Address enroller, byte[] subjectId, byte[] attestationHash) {
        return send(enroller, new Function("anchorEnrollment", List.of(new Bytes32(subjectId), new Bytes32(attestationHash)),
                List.of()));
    }

    public boolean revokedKeys(byte[] keyHash) {
        return (Boolean) view("revokedKeys", List.of(new Bytes32(keyHash)),
                List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {})).get(0).getValue();
    }

    public boolean isAnchored(byte[] subjectId, byte[] attestationHash) {
        return (Boolean) view("isAnchored", List.of(new Bytes32(subjectId), new Bytes32(attestationHash)),
                List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {})).get(0).getValue();
    }

    public long maxValidity(int role) {
        return ((BigInteger) view("maxValidity", List.of(new Uint8(role)), List.of(new TypeReference<Uint64>() {}))
                .get(0).getValue()).longValueExact();
    }

    public long requestTtl() {
        return ((BigInteger) view("requestTtl", List.of(), List.of(new TypeReference<Uint64>() {})).get(0).getValue())
                .longValueExact();
    }

    public Execution approveProposal(Address authority, long proposalId) {
        return send(authority, new Function("approveProposal", List.of(new Uint256(proposalId)), List.of()));
    }

    /** {@code config()}: grant, revocation and governance thresholds, authority count, next index, mask. */
    public List<BigInteger> config() {
        List<TypeReference<?>> types = new ArrayList<>(uint8s(5));
        types.add(new TypeReference<Uint32>() {});
        return numbers(view("config", List.of(), types));
    }

    /** {@code recordOf(subjectId)}: the three raw words of grants[subjectId]. */
    public List<byte[]> recordOf(byte[] subjectId) {
        return view("recordOf", List.of(new Bytes32(subjectId)), List.of(new TypeReference<Bytes32>() {},
                new TypeReference<Bytes32>() {}, new TypeReference<Bytes32>() {})).stream()
                .map(word -> (byte[]) word.getValue()).toList();
    }

    /** {@code recordHashes(subjectId)}. */
    public byte[] recordHashes(byte[] subjectId) {
        return (byte[]) view("recordHashes", List.of(new Bytes32(subjectId)), List.of(new TypeReference<Bytes32>() {}))
                .get(0).getValue();
    }

    public boolean isValid(byte[] subjectId, int role, byte[] keyHash, long time) {
        List<Type> out = view("isValid", List.of(new Bytes32(subjectId), new Uint8(role), new Bytes32(keyHash),
                new Uint64(time)), List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {}));
        return (Boolean) out.get(0).getValue();
    }

    public byte[] requestIdFor(GrantFields f) {
        List<Type> out = view("requestIdFor", List.of(new Bytes32(f.subjectId()), new Uint8(f.role()),
                new Uint8(f.algorithm()), new Bytes32(f.keyHash()), new Bytes32(f.attestationHash()),
                new Uint64(f.notBefore()), new Uint64(f.notAfter())), List.of(new TypeReference<Bytes32>() {}));
        return (byte[]) out.get(0).getValue();
    }

    /**
     * The request as {@code requests(id)} returns it: state, role, algorithm, approvals, rejections,
     * notBefore, notAfter, pendingUntil, subjectId, keyHash, attestationHash.
     */
    public List<Object> request(byte[] requestId) {
        List<TypeReference<?>> types = new ArrayList<>(uint8s(3));
        types.add(new TypeReference<Uint32>() {});
        types.add(new TypeReference<Uint32>() {});
        types.add(new TypeReference<Uint64>() {});
        types.add(new TypeReference<Uint64>() {});
        types.add(new TypeReference<org.web3j.abi.datatypes.generated.Uint40>() {});
        types.add(new TypeReference<Bytes32>() {});
        types.add(new TypeReference<Bytes32>() {});
        types.add(new TypeReference<Bytes32>() {});
        return view("requests", List.of(new Bytes32(requestId)), types).stream().map(t -> (Object) t.getValue()).toList();
    }

    /** Decodes the logs of {@code execution} that are {@code event}, non-indexed parameters only. */
    public static List<List<Object>> events(Execution execution, Event event) {
        String topic = EventEncoder.encode(event);
        List<List<Object>> found = new ArrayList<>();
        for (EvmLog log : execution.logs()) {
            if (log.topics.length > 0 && Numeric.toHexString(log.topics[0].toBytes()).equals(topic)) {
                List<Type> values = FunctionReturnDecoder.decode(Numeric.toHexString(log.data), event.getNonIndexedParameters());
                found.add(values.stream().map(v -> (Object) v.getValue()).toList());
            }
        }
        return found;
    }

    /** The indexed topics (after the signature) of the first {@code event} log in {@code execution}. */
    public static List<byte[]> topics(Execution execution, Event event) {
        String topic = EventEncoder.encode(event);
        for (EvmLog log : execution.logs()) {
            if (Numeric.toHexString(log.topics[0].toBytes()).equals(topic)) {
                return Arrays.stream(log.topics).skip(1).map(h -> h.toBytes()).toList();
            }
        }
        return List.of();
    }

    public byte[] storage(byte[] slot) {
        return chain.storage(address, slot);
    }

    public Execution send(Address from, Function function) {
        return chain.transact(from, address, Numeric.hexStringToByteArray(FunctionEncoder.encode(function)));
    }

    private List<Type> view(String name, List<Type> inputs, List<TypeReference<?>> outputs) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Function function = new Function(name, inputs, (List) outputs);
        Execution result = chain.call(Address.ZERO, address, Numeric.hexStringToByteArray(FunctionEncoder.encode(function)));
        if (!result.success()) {
            throw new IllegalStateException(name + " failed: " + result.failure());
        }
        return FunctionReturnDecoder.decode(Numeric.toHexString(result.output()), function.getOutputParameters());
    }

    private static List<TypeReference<?>> uint8s(int count) {
        List<TypeReference<?>> types = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            types.add(new TypeReference<Uint8>() {});
        }
        return types;
    }

    private static List<BigInteger> numbers(List<Type> values) {
        return values.stream().map(v -> (BigInteger) v.getValue()).toList();
    }

    @Override
    public void close() throws Exception {
        chain.close();
    }
}
