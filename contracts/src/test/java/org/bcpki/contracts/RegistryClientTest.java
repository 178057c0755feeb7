package org.bcpki.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.GrantStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The web3j client and generated wrapper through signed transactions and JSON-RPC on chain-node's
 * embedded QBFT network: three authorities (k = 2), grants, refusals, revocation, expiry, governance.
 */
class RegistryClientTest {
    @TempDir
    static Path dir;
    static EmbeddedChain chain;
    static Web3j web3j;
    static final Credentials DEPLOYER = TestAccounts.named("deployer");
    static final Credentials PTB = TestAccounts.named("ptb");
    static final Credentials BSI = TestAccounts.named("bsi");
    static final Credentials GWA = TestAccounts.named("gwa");
    static final Credentials REGISTRAR = TestAccounts.named("registrar");
    static final Credentials MANUFACTURER = TestAccounts.named("manufacturer");
    static Address address;
    static RegistryClient asRegistrar;
    static RegistryClient asPtb;
    static RegistryClient asBsi;
    static RegistryClient asGwa;

    @BeforeAll
    static void start() throws Exception {
        chain = EmbeddedChain.start(dir);
        web3j = chain.web3j(EmbeddedChain.VALIDATOR);
        address = RegistryClient.deploy(web3j, DEPLOYER, EmbeddedChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER)),
                new RegistrySetup.Seat(BSI.getAddress(), "BSI", Set.of(Role.values())),
                new RegistrySetup.Seat(GWA.getAddress(), "GWA", Set.of(Role.SMGW, Role.EMT))),
                List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of(MANUFACTURER.getAddress())));
        asRegistrar = RegistryClient.connect(web3j, address, REGISTRAR, EmbeddedChain.CHAIN_ID);
        asPtb = RegistryClient.connect(web3j, address, PTB, EmbeddedChain.CHAIN_ID);
        asBsi = RegistryClient.connect(web3j, address, BSI, EmbeddedChain.CHAIN_ID);
        asGwa = RegistryClient.connect(web3j, address, GWA, EmbeddedChain.CHAIN_ID);
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        chain.close();
    }

    private static GrantSubmission submission(String meterId, String keySeed, long notBefore, long notAfter) {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        byte[] spki = suite.encodePublicKey(suite.fromSeed(Hash.sha3(keySeed.getBytes())).getPublic());
        return new GrantSubmission(SubjectId.parse(meterId), Role.METER, KeyAlgorithm.ML_DSA_65,
                SignatureSuite.keyHash(spki), new byte[32], notBefore, notAfter, spki);
    }

    private static GrantSubmission submission(String meterId, String keySeed) {
        long now = chain.time();
        return submission(meterId, keySeed, now - 60, now + 86_400);
    }

    private static String rejection(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(RegistryRejectedException.class, call).errorName();
    }

    @Test
    void requestApprovalsActivateAtKAndOneAuthorityRevokes() throws Exception {
        GrantSubmission s = submission("1ESY1160000041", "k41");
        RegistryOperations.TxOutcome requested = asRegistrar.requestGrant(s);
        assertTrue(requested.transactionHash().startsWith("0x"));
        assertEquals(OnChainRequest.State.PENDING, asPtb.request(s.requestId()).state());
        assertEquals("RequestExists", rejection(() -> asRegistrar.requestGrant(s)), "a duplicate submission");
        assertEquals("RequestExists", rejection(() -> asPtb.requestGrant(s)), "the same request via an authority");
        assertEquals("SubjectHasPendingRequest", rejection(() -> asRegistrar.requestGrant(submission("1ESY1160000041", "other"))));

        assertEquals("RoleNotAllowed", rejection(() -> asGwa.approve(s.requestId())), "GWA may not approve meters");
        assertEquals("NotAuthority", rejection(() -> asRegistrar.approve(s.requestId())), "a registrar is no authority");
        asPtb.approve(s.requestId());
        assertEquals(1, asPtb.request(s.requestId()).approvalCount());
        assertEquals(GrantStatus.NONE, asPtb.grant(s.subject()).status(), "one of k = 2");
        assertEquals("AlreadyVoted", rejection(() -> asPtb.approve(s.requestId())));
        asBsi.approve(s.requestId());

        GrantRecord record = RegistryClient.readOnly(web3j, address).grant(s.subject());
        assertEquals(GrantStatus.ACTIVE, record.status());
        assertEquals(1, record.version());
        assertArrayEquals(s.keyHash(), record.keyHash().toArrayUnsafe());
        assertEquals(OnChainRequest.State.ACTIVATED, asPtb.request(s.requestId()).state());
        assertEquals("AlreadyDecided", rejection(() -> asGwa.approve(s.requestId())));

        RegistryRejectedException notAuthority = assertThrows(RegistryRejectedException.class,
                () -> asRegistrar.revoke(s.subject(), "no"));
        assertEquals("NotAuthority", notAuthority.errorName());
        assertTrue(notAuthority.getMessage().contains(REGISTRAR.getAddress()), notAuthority.getMessage());
        asGwa.revoke(s.subject(), "key compromised"); // r = 1: any one authority, whatever its roles
        assertEquals(GrantStatus.REVOKED, asPtb.grant(s.subject()).status());
        assertEquals("GrantNotActive", rejection(() -> asPtb.revoke(s.subject(), "again")));
    }

    @Test
    void aSecondGrantRotatesTheKey() throws Exception {
        GrantSubmission first = submission("1ESY1160000043", "k43-a");
        asRegistrar.requestGrant(first);
        asPtb.approve(first.requestId());
        asBsi.approve(first.requestId());
        GrantSubmission second = submission("1ESY1160000043", "k43-b");
        asRegistrar.requestGrant(second);
        asPtb.approve(second.requestId());
        GrantRecord before = asPtb.grant(first.subject());
        assertArrayEquals(first.keyHash(), before.keyHash().toArrayUnsafe(), "the old key stays until activation");
        asBsi.approve(second.requestId());
        GrantRecord after = asPtb.grant(first.subject());
        assertEquals(2, after.version());
        assertArrayEquals(second.keyHash(), after.keyHash().toArrayUnsafe());
    }

    @Test
    void aGrantExpiresWithItsNotAfter() throws Exception {
        // A short validity keeps the test short; on a loaded machine the request or an approval may land
        // after it ended (InvalidValidity, RequestExpired), so each retry takes a new subject and a longer one.
        GrantSubmission s = null;
        long[] validity = {5, 30, 120};
        String[] subjects = {"1ESY1160000044", "1ESY1160000144", "1ESY1160000244"};
        for (int i = 0; i < validity.length && s == null; i++) {
            long now = chain.time();
            GrantSubmission attempt = submission(subjects[i], "k44-" + i, now - 60, now + validity[i]);
            try {
                asRegistrar.requestGrant(attempt);
                asPtb.approve(attempt.requestId());
                asBsi.approve(attempt.requestId());
                s = attempt;
            } catch (RegistryRejectedException e) {
                if (!e.errorName().equals("InvalidValidity") && !e.errorName().equals("RequestExpired")) {
                    throw e;
                }
            }
        }
        assertNotNull(s, "no grant activated within 120 s of validity");
        SubjectId subject = s.subject();
        Bytes32 key = Bytes32.wrap(s.keyHash());
        // Judged at its last valid second, not the chain's clock, which may already be past it.
        assertEquals(Decision.GRANTED, asPtb.grant(subject).decide(Role.METER, key, s.notAfter()));
        chain.awaitTime(s.notAfter() + 1);
        assertEquals(Decision.EXPIRED, asPtb.grant(subject).decide(Role.METER, key, chain.time()));
        IdentityRegistry reader = IdentityRegistry.load(address.toHex(), web3j, new org.web3j.tx.ReadonlyTransactionManager(web3j,
                REGISTRAR.getAddress()), new StaticGasProvider(BigInteger.ZERO, RegistryClient.CALL_GAS_LIMIT));
        assertFalse(reader.isValid(s.subject().bytes(), BigInteger.valueOf(Role.METER.code()), s.keyHash(),
                BigInteger.valueOf(chain.time())).send());
    }

    @Test
    void governanceChangesTheGrantThreshold() throws Exception {
        // A registry of its own, so that k = 3 does not affect the other tests.
        Address own = RegistryClient.deploy(web3j, DEPLOYER, EmbeddedChain.CHAIN_ID, RegistrySetup.withDefaults(List.of(
                new RegistrySetup.Seat(PTB.getAddress(), "PTB", Set.of(Role.METER)),
                new RegistrySetup.Seat(BSI.getAddress(), "BSI", Set.of(Role.values())),
                new RegistrySetup.Seat(GWA.getAddress(), "GWA", Set.of(Role.values()))),
                List.of(RegistrySetup.Registrar.anyRole(REGISTRAR.getAddress())), List.of()));
        IdentityRegistry ptb = wrapper(own, PTB);
        IdentityRegistry bsi = wrapper(own, BSI);
        ptb.propose(BigInteger.valueOf(6), "0x0000000000000000000000000000000000000000", "", BigInteger.ZERO,
                BigInteger.valueOf(3), BigInteger.ONE, BigInteger.TWO).send();
        assertEquals(BigInteger.TWO, ptb.config().send().component1(), "one vote of g = 2 changes nothing");
        bsi.approveProposal(BigInteger.ONE).send();
        assertEquals(BigInteger.valueOf(3), ptb.config().send().component1(), "k is now 3");

        RegistryClient registrar = RegistryClient.connect(web3j, own, REGISTRAR, EmbeddedChain.CHAIN_ID);
        GrantSubmission s = submission("1ESY1160000045", "k45");
        registrar.requestGrant(s);
        RegistryClient.connect(web3j, own, PTB, EmbeddedChain.CHAIN_ID).approve(s.requestId());
        RegistryClient.connect(web3j, own, BSI, EmbeddedChain.CHAIN_ID).approve(s.requestId());
        assertEquals(GrantStatus.NONE, registrar.grant(s.subject()).status(), "two of k = 3");
        RegistryClient.connect(web3j, own, GWA, EmbeddedChain.CHAIN_ID).approve(s.requestId());
        assertEquals(GrantStatus.ACTIVE, registrar.grant(s.subject()).status());
    }

    @Test
    @DisplayName("finding 1: only an enroller anchors; a request citing an unanchored enrollment is refused")
    void anchoredEnrollmentsThroughTheClient() throws Exception {
        GrantSubmission plain = submission("1ESY1160000046", "k46");
        byte[] attestation = Hash.sha3("enrollment-46".getBytes());
        GrantSubmission cited = new GrantSubmission(plain.subject(), plain.role(), plain.algorithm(), plain.keyHash(),
                attestation, plain.notBefore(), plain.notAfter(), plain.publicKey());
        SubjectId subject = cited.subject();
        assertTrue(asRegistrar.anchoredEnrollment(subject).isEmpty());
        assertEquals("EnrollmentNotAnchored", rejection(() -> asRegistrar.requestGrant(cited)));
        assertEquals("NotEnroller", rejection(() -> asRegistrar.anchorEnrollment(cited.subject(), attestation)),
                "a registrar cannot vouch for its own enrollment");

        RegistryClient manufacturer = RegistryClient.connect(web3j, address, MANUFACTURER, EmbeddedChain.CHAIN_ID);
        manufacturer.anchorEnrollment(cited.subject(), attestation);
        AnchoredEnrollment anchored = asRegistrar.anchoredEnrollment(subject).orElseThrow();
        assertArrayEquals(attestation, anchored.attestationHash());
        assertEquals(MANUFACTURER.getAddress(), anchored.enroller());
        assertTrue(anchored.enrollerTrusted());
        asRegistrar.requestGrant(cited);
        asPtb.approve(cited.requestId());
        asBsi.approve(cited.requestId());
        assertEquals(GrantStatus.ACTIVE, asPtb.grant(subject).status());
    }

    @Test
    @DisplayName("finding 2: the client reports a revoked key, and the registry refuses it for another subject")
    void revokedKeysThroughTheClient() throws Exception {
        GrantSubmission s = submission("1ESY1160000047", "k47");
        asRegistrar.requestGrant(s);
        asPtb.approve(s.requestId());
        asBsi.approve(s.requestId());
        assertFalse(asPtb.keyRevoked(s.keyHash()));
        asBsi.revoke(s.subject(), "key compromised");
        assertTrue(asPtb.keyRevoked(s.keyHash()));
        GrantSubmission elsewhere = new GrantSubmission(SubjectId.parse("1ESY1160000048"), s.role(), s.algorithm(),
                s.keyHash(), s.attestationHash(), s.notBefore(), s.notAfter(), s.publicKey());
        RegistryRejectedException refused = assertThrows(RegistryRejectedException.class,
                () -> asRegistrar.requestGrant(elsewhere));
        assertEquals("KeyRevoked", refused.errorName());
    }

    private static IdentityRegistry wrapper(Address registry, Credentials account) {
        return IdentityRegistry.load(registry.toHex(), web3j, new RawTransactionManager(web3j, account, EmbeddedChain.CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, 100, 300)), new StaticGasProvider(BigInteger.ZERO, RegistryClient.CALL_GAS_LIMIT));
    }

    @Test
    void anUnreachableNodeIsAnIoError() throws Exception {
        Web3j nowhere = Web3j.build(new HttpService("http://127.0.0.1:" + org.bcpki.chain.network.FreePorts.next()));
        try {
            assertThrows(IOException.class, () -> RegistryClient.connect(nowhere, address, PTB, EmbeddedChain.CHAIN_ID)
                    .approve(new byte[32]));
        } finally {
            nowhere.shutdown();
        }
        assertEquals("UnknownRequest", rejection(() -> asPtb.approve(new byte[32])));
    }
}
