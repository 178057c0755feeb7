package org.bcpki.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.horizen.evm.Address;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.Execution;
import org.bcpki.contracts.evm.RegistryOnEvm;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.contracts.generated.CheckpointRegistry;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Post-quantum checkpoints: submitted on the EVM, verified off chain against registry grants. */
class CheckpointRegistryTest {
    private static final long INTERVAL = 4;
    private static final Address PTB = new Address("0x00000000000000000000000000000000000000a1");
    private static final Address BSI = new Address("0x00000000000000000000000000000000000000a2");
    private static final Address OUTSIDER = new Address("0x00000000000000000000000000000000000000e1");
    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    private final EvmChain chain = new EvmChain();
    private final RegistryOnEvm registry = RegistryOnEvm.deploy(chain, new Address("0x00000000000000000000000000000000000000d0"),
            RegistrySetup.withDefaults(List.of(
                    new RegistrySetup.Seat(PTB.toString(), "PTB", Set.of(Role.METER, Role.AUTHORITY)),
                    new RegistrySetup.Seat(BSI.toString(), "BSI", Set.of(Role.values()))), List.of(), List.of()));
    private final Address checkpoints;
    private final KeyPair ptbKey = ML_DSA_65.fromSeed(Hash.sha3("ptb-checkpoint-key".getBytes()));
    private final KeyPair bsiKey = ML_DSA_65.fromSeed(Hash.sha3("bsi-checkpoint-key".getBytes()));
    private final SubjectId ptbSubject = SubjectId.parse("ptb.authority");
    private final SubjectId bsiSubject = SubjectId.parse("bsi.authority");

    CheckpointRegistryTest() {
        byte[] initCode = Numeric.hexStringToByteArray(Numeric.toHexString(RegistryArtifact.checkpointRegistry().bytecode())
                + FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.Address(registry.address().toString()),
                new Uint64(INTERVAL))));
        Execution deployment = chain.deploy(new Address("0x00000000000000000000000000000000000000d0"), initCode);
        assertTrue(deployment.success(), deployment::failure);
        checkpoints = deployment.contractAddress();
        grantAuthorityKey(ptbSubject, ptbKey);
        grantAuthorityKey(bsiSubject, bsiKey);
        while (chain.blockNumber() < 3 * INTERVAL) {
            registry.approve(PTB, new byte[32]); // each transaction is a block
        }
    }

    @AfterEach
    void close() throws Exception {
        chain.close();
    }

    private void grantAuthorityKey(SubjectId subject, KeyPair key) {
        byte[] spki = ML_DSA_65.encodePublicKey(key.getPublic());
        GrantFields fields = new GrantFields(subject.bytes(), Role.AUTHORITY.code(), KeyAlgorithm.ML_DSA_65.code(),
                SignatureSuite.keyHash(spki), new byte[32], chain.time() - 1, chain.time() + 86_400 * 365, spki);
        // Authorities may file requests themselves.
        byte[] requestId = registry.requestGrant(BSI, fields).output();
        assertTrue(registry.approve(PTB, requestId).success());
        assertTrue(registry.approve(BSI, requestId).success());
    }

    private byte[] digest(long number, byte[] blockHash, byte[] validatorSetHash) {
        Function function = new Function("digestFor", List.of(new Uint64(number), new Bytes32(blockHash),
                new Bytes32(validatorSetHash)), List.of(new TypeReference<Bytes32>() {}));
        Execution result = chain.call(OUTSIDER, checkpoints, Numeric.hexStringToByteArray(FunctionEncoder.encode(function)));
        return (byte[]) FunctionReturnDecoder.decode(Numeric.toHexString(result.output()), function.getOutputParameters())
                .get(0).getValue();
    }

    private Execution submit(Address from, long number, byte[] blockHash, byte[] validatorSetHash, SubjectId signer,
                             byte[] signature) {
        Function function = new Function("submit", List.of(new Uint64(number), new Bytes32(blockHash),
                new Bytes32(validatorSetHash), new Bytes32(signer.bytes()), new DynamicBytes(signature)), List.of());
        return chain.transact(from, checkpoints, Numeric.hexStringToByteArray(FunctionEncoder.encode(function)));
    }

    @Test
    void authoritiesSubmitSignaturesThatLightClientsVerifyAgainstTheirGrants() {
        byte[] blockHash = Hash.sha3("block 8".getBytes());
        byte[] validators = Hash.sha3("validators".getBytes());
        byte[] digest = digest(8, blockHash, validators);
        byte[] expected = Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(
                new Bytes32(Hash.sha3("bcpki-checkpoint-v1".getBytes())), new org.web3j.abi.datatypes.generated.Uint256(EvmChain.CHAIN_ID),
                new Uint64(8), new Bytes32(blockHash), new Bytes32(validators)))));
        assertArrayEquals(expected, digest, "the documented message");
        assertArrayEquals(digest, CheckpointDigest.of(new CheckpointMessage(EvmChain.CHAIN_ID, 8,
                org.apache.tuweni.bytes.Bytes32.wrap(blockHash), org.apache.tuweni.bytes.Bytes32.wrap(validators))),
                "Java computes the same digest");

        byte[] ptbSignature = ML_DSA_65.sign(ptbKey.getPrivate(), digest);
        Execution first = submit(PTB, 8, blockHash, validators, ptbSubject, ptbSignature);
        assertTrue(first.success(), first::failure);
        Execution second = submit(BSI, 8, blockHash, validators, bsiSubject, ML_DSA_65.sign(bsiKey.getPrivate(), digest));
        assertTrue(second.success(), second::failure);
        System.out.println("CheckpointRegistry.submit gas: execution " + first.executionGas() + ", transaction "
                + first.transactionGas());

        // What a light client does with the event: check the signature against the signer's grant.
        List<List<Object>> events = RegistryOnEvm.events(second, CheckpointRegistry.CHECKPOINTSIGNED_EVENT);
        assertEquals(BigInteger.TWO, events.get(0).get(2), "two authorities signed");
        byte[] published = (byte[]) RegistryOnEvm.events(first, CheckpointRegistry.CHECKPOINTSIGNED_EVENT).get(0).get(3);
        byte[] ptbSpki = ML_DSA_65.encodePublicKey(ptbKey.getPublic());
        assertArrayEquals(SignatureSuite.keyHash(ptbSpki), GrantSlots.read(registry, ptbSubject.bytes()).keyHash());
        assertTrue(ML_DSA_65.verify(ptbSpki, digest, published));
        assertFalse(ML_DSA_65.verify(ptbSpki, digest(8, blockHash, Hash.sha3("other set".getBytes())), published));
    }

    @Test
    void refusals() {
        byte[] blockHash = Hash.sha3("block 8".getBytes());
        byte[] validators = Hash.sha3("validators".getBytes());
        byte[] signature = ML_DSA_65.sign(ptbKey.getPrivate(), digest(8, blockHash, validators));
        assertEquals("NotAuthority", submit(OUTSIDER, 8, blockHash, validators, ptbSubject, signature).failure());
        assertEquals("NotCheckpointBlock", submit(PTB, 9, blockHash, validators, ptbSubject, signature).failure());
        assertEquals("FutureBlock", submit(PTB, 4000, blockHash, validators, ptbSubject, signature).failure());
        assertEquals("InvalidSignatureLength", submit(PTB, 8, blockHash, validators, ptbSubject, new byte[64]).failure());
        assertEquals("SignerNotAuthority",
                submit(PTB, 8, blockHash, validators, SubjectId.parse("nobody.authority"), signature).failure());
        assertTrue(submit(PTB, 8, blockHash, validators, ptbSubject, signature).success());
        assertEquals("AlreadySigned", submit(PTB, 8, blockHash, validators, ptbSubject, signature).failure());
    }

}
