package org.bcpki.contracts;

import io.horizen.evm.Address;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.Execution;
import org.bcpki.contracts.evm.RegistryOnEvm;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.web3j.crypto.Hash;

/** Three authorities (k = 2, r = 1), one registrar and one outsider on a fresh registry. */
final class RegistryFixture implements AutoCloseable {
    static final Address DEPLOYER = new Address("0x00000000000000000000000000000000000000d0");
    /** A metrological institute: approves meters and gateways. */
    static final Address PTB = new Address("0x00000000000000000000000000000000000000a1");
    /** The security agency's sub-CA: approves every role. */
    static final Address BSI = new Address("0x00000000000000000000000000000000000000a2");
    /** A gateway administrator: approves gateways and external market participants only. */
    static final Address GWA = new Address("0x00000000000000000000000000000000000000a3");
    /** A registrar that may request every role. */
    static final Address REGISTRAR = new Address("0x00000000000000000000000000000000000000b1");
    /** A meter manufacturer: anchors its devices' enrollments. */
    static final Address ENROLLER = new Address("0x00000000000000000000000000000000000000c1");
    static final Address OUTSIDER = new Address("0x00000000000000000000000000000000000000e1");
    static final long DAY = 86_400;

    final EvmChain chain = new EvmChain();
    final RegistryOnEvm registry = RegistryOnEvm.deploy(chain, DEPLOYER, RegistrySetup.withDefaults(List.of(
            new RegistrySetup.Seat(PTB.toString(), "PTB", Set.of(Role.METER, Role.SMGW)),
            new RegistrySetup.Seat(BSI.toString(), "BSI Sub-CA", Set.of(Role.values())),
            new RegistrySetup.Seat(GWA.toString(), "GWA Nord", Set.of(Role.SMGW, Role.EMT, Role.GWA))),
            List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.toString())), List.of(ENROLLER.toString())));

    /** A meter grant request with a fresh ML-DSA-65 key valid for a year from now, its enrollment anchored by ENROLLER. */
    GrantFields meterRequest(String meterId, long seed) {
        GrantFields fields = unanchoredMeterRequest(meterId, seed);
        Execution anchoring = registry.anchorEnrollment(ENROLLER, fields.subjectId(), fields.attestationHash());
        if (!anchoring.success()) {
            throw new AssertionError("anchoring failed: " + anchoring.failure());
        }
        return fields;
    }

    /** A meter grant request citing an enrollment nobody anchored. */
    GrantFields unanchoredMeterRequest(String meterId, long seed) {
        byte[] spki = mlDsaKey(seed);
        return new GrantFields(SubjectId.parse(meterId).bytes(), Role.METER.code(), KeyAlgorithm.ML_DSA_65.code(),
                SignatureSuite.keyHash(spki), Hash.sha3(("attestation-" + seed).getBytes()),
                chain.time() - 60, chain.time() + 365 * DAY, spki);
    }

    static byte[] mlDsaKey(long seed) {
        byte[] seedBytes = Hash.sha3(("key-" + seed).getBytes());
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        return suite.encodePublicKey(suite.fromSeed(seedBytes).getPublic());
    }

    /** Requests and activates (PTB + BSI approve) a grant; returns its request id. */
    byte[] activate(GrantFields fields) {
        Execution request = registry.requestGrant(REGISTRAR, fields);
        if (!request.success()) {
            throw new AssertionError("request failed: " + request.failure());
        }
        byte[] requestId = request.output();
        for (Address authority : List.of(PTB, BSI)) {
            Execution approval = registry.approve(authority, requestId);
            if (!approval.success()) {
                throw new AssertionError("approval failed: " + approval.failure());
            }
        }
        return requestId;
    }

    @Override
    public void close() throws Exception {
        chain.close();
    }

    /** Asserts that {@code execution} reverted with the custom error {@code error}. */
    static void assertReverts(String error, Execution execution) {
        org.junit.jupiter.api.Assertions.assertFalse(execution.success(), "expected " + error + " but the call succeeded");
        org.junit.jupiter.api.Assertions.assertEquals(error, execution.failure(), () -> "revert: " + execution.revert());
    }
}
