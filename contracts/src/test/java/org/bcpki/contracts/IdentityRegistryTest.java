package org.bcpki.contracts;

import static org.bcpki.contracts.RegistryFixture.assertReverts;
import static org.bcpki.contracts.RegistryFixture.BSI;
import static org.bcpki.contracts.RegistryFixture.DAY;
import static org.bcpki.contracts.RegistryFixture.GWA;
import static org.bcpki.contracts.RegistryFixture.OUTSIDER;
import static org.bcpki.contracts.RegistryFixture.PTB;
import static org.bcpki.contracts.RegistryFixture.REGISTRAR;
import static org.bcpki.contracts.evm.RegistryOnEvm.events;
import static org.bcpki.contracts.evm.RegistryOnEvm.topics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.bcpki.contracts.evm.Execution;
import org.bcpki.contracts.evm.RegistryOnEvm;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's rules, executed by go-ethereum's EVM (libevm) on the committed bytecode. */
class IdentityRegistryTest {
    private final RegistryFixture fixture = new RegistryFixture();
    private final RegistryOnEvm registry = fixture.registry;

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private GrantSlots.Grant grant(GrantFields fields) {
        return GrantSlots.read(registry, fields.subjectId());
    }

    @Test
    void deploysWithDefaultThresholdsAndThreeAuthorities() {
        List<BigInteger> config = registry.config();
        assertEquals(List.of(2, 1, 2, 3, 3), config.subList(0, 5).stream().map(BigInteger::intValue).toList());
        assertEquals(0b111, config.get(5).intValue());
    }

    @Test
    void constructorRejectsUnreachableThresholds() {
        RegistrySetup impossible = new RegistrySetup(
                List.of(new RegistrySetup.Seat(PTB.toString(), "PTB", java.util.Set.of(Role.METER))),
                List.of(), List.of(), 2, 1, 1, RegistrySetup.DEFAULT_REQUEST_TTL);
        Execution deployment = fixture.chain.deploy(RegistryFixture.DEPLOYER, impossible.initCode());
        // libevm does not hand back a constructor's revert data, so only the revert itself is visible.
        assertFalse(deployment.success());
        assertEquals("execution reverted", deployment.error());
        RegistrySetup possible = new RegistrySetup(impossible.authorities(), List.of(), List.of(), 1, 1, 1,
                RegistrySetup.DEFAULT_REQUEST_TTL);
        assertTrue(fixture.chain.deploy(RegistryFixture.DEPLOYER, possible.initCode()).success());
    }

    @Test
    void requestStoresHashesAndPutsTheFullKeyOnlyInTheEvent() {
        GrantFields fields = fixture.meterRequest("1ESY1160000001", 1);
        Execution request = registry.requestGrant(REGISTRAR, fields);
        assertTrue(request.success(), request::failure);
        byte[] requestId = request.output();

        byte[] expectedId = GrantRequestIds.requestId(fields.subjectId(), fields.role(), fields.algorithm(),
                fields.keyHash(), fields.attestationHash(), fields.notBefore(), fields.notAfter());
        assertArrayEquals(expectedId, requestId);
        assertArrayEquals(expectedId, registry.requestIdFor(fields));

        List<List<Object>> requested = events(request, IdentityRegistry.GRANTREQUESTED_EVENT);
        assertEquals(1, requested.size());
        assertArrayEquals(fields.publicKey(), (byte[]) requested.get(0).get(6), "public key travels in the event");
        assertArrayEquals(requestId, topics(request, IdentityRegistry.GRANTREQUESTED_EVENT).get(0));

        List<Object> stored = registry.request(requestId);
        assertEquals(BigInteger.ONE, stored.get(0), "pending");
        assertEquals(BigInteger.valueOf(fixture.chain.time() + RegistrySetup.DEFAULT_REQUEST_TTL.toSeconds()), stored.get(7),
                "pendingUntil");
        assertArrayEquals(new byte[32], (byte[]) stored.get(9), "a new subject's hashes are staged in its record");
        GrantSlots.Grant staged = grant(fields);
        assertEquals(GrantSlots.Grant.NONE, staged.status(), "nothing granted before approvals");
        assertArrayEquals(fields.keyHash(), staged.keyHash());
        assertArrayEquals(fields.attestationHash(), staged.attestationHash());
    }

    @Test
    void aNewSubjectHasOnePendingRequestAtATime() {
        GrantFields first = fixture.meterRequest("1ESY1160000009", 9);
        byte[] firstId = registry.requestGrant(REGISTRAR, first).output();
        GrantFields competitor = fixture.meterRequest("1ESY1160000009", 10);
        assertReverts("SubjectHasPendingRequest", registry.requestGrant(REGISTRAR, competitor));
        assertReverts("RequestNotExpired", registry.closeExpired(REGISTRAR, firstId));

        // Two rejections out of three authorities make k = 2 unreachable: the subject is released.
        assertTrue(registry.reject(PTB, firstId, "wrong device").success());
        assertTrue(registry.reject(BSI, firstId, "wrong device").success());
        assertArrayEquals(new byte[32], grant(first).keyHash(), "staged hashes cleared");
        byte[] competitorId = registry.requestGrant(REGISTRAR, competitor).output();
        assertReverts("AlreadyDecided", registry.approve(PTB, firstId));

        // A request that expires unapproved is closed by anyone, releasing the subject again.
        fixture.chain.setTime(competitor.notAfter());
        assertReverts("RequestExpired", registry.approve(PTB, competitorId));
        assertTrue(registry.closeExpired(REGISTRAR, competitorId).success());
        assertReverts("AlreadyDecided", registry.closeExpired(REGISTRAR, competitorId));
        assertEquals(GrantSlots.Grant.NONE, grant(competitor).status());
        assertArrayEquals(new byte[32], grant(competitor).keyHash());
        GrantFields third = fixture.meterRequest("1ESY1160000009", 11);
        fixture.activate(third);
        GrantSlots.Grant active = grant(third);
        assertEquals(GrantSlots.Grant.ACTIVE, active.status());
        assertArrayEquals(third.keyHash(), active.keyHash());
        assertArrayEquals(third.attestationHash(), active.attestationHash());
    }

    @Test
    void requestValidation() {
        GrantFields good = fixture.meterRequest("1ESY1160000002", 2);
        assertReverts("NotRegistrar", registry.requestGrant(OUTSIDER, good));
        assertReverts("InvalidRole", registry.requestGrant(REGISTRAR, withRole(good, 0)));
        assertReverts("InvalidRole", registry.requestGrant(REGISTRAR, withRole(good, 32)));
        assertReverts("InvalidAlgorithm", registry.requestGrant(REGISTRAR, new GrantFields(good.subjectId(), good.role(), 0,
                good.keyHash(), good.attestationHash(), good.notBefore(), good.notAfter(), good.publicKey())));
        assertReverts("InvalidValidity", registry.requestGrant(REGISTRAR, withValidity(good, good.notAfter(), good.notAfter())));
        assertReverts("InvalidValidity", registry.requestGrant(REGISTRAR,
                withValidity(good, fixture.chain.time() - 2 * DAY, fixture.chain.time() - DAY)));
        assertReverts("EmptyPublicKey", registry.requestGrant(REGISTRAR, new GrantFields(good.subjectId(), good.role(),
                good.algorithm(), good.keyHash(), good.attestationHash(), good.notBefore(), good.notAfter(), new byte[0])));
        byte[] otherKey = RegistryFixture.mlDsaKey(99);
        Execution mismatch = registry.requestGrant(REGISTRAR, new GrantFields(good.subjectId(), good.role(),
                good.algorithm(), good.keyHash(), good.attestationHash(), good.notBefore(), good.notAfter(), otherKey));
        assertReverts("KeyHashMismatch", mismatch);
        assertTrue(mismatch.revert().orElseThrow().toString().startsWith("KeyHashMismatch(given=0x"));

        assertTrue(registry.requestGrant(REGISTRAR, good).success());
        assertReverts("RequestExists", registry.requestGrant(REGISTRAR, good));
        assertReverts("RequestExists", registry.requestGrant(PTB, good));
        GrantFields competing = withValidity(good, good.notBefore() + 1, good.notAfter());
        assertReverts("SubjectHasPendingRequest", registry.requestGrant(PTB, competing));
        GrantFields viaAuthority = fixture.meterRequest("1ESY1160000012", 12);
        assertTrue(registry.requestGrant(PTB, viaAuthority).success(), "an authority service files requests too");
    }

    @Test
    void activatesAtKApprovalsAndEnforcesAuthorityRoles() {
        GrantFields fields = fixture.meterRequest("1ESY1160000003", 3);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();

        assertReverts("NotAuthority", registry.approve(OUTSIDER, requestId));
        assertReverts("NotAuthority", registry.approve(REGISTRAR, requestId));
        assertReverts("UnknownRequest", registry.approve(PTB, new byte[32]));
        assertReverts("RoleNotAllowed", registry.approve(GWA, requestId));

        Execution first = registry.approve(PTB, requestId);
        assertTrue(first.success(), first::failure);
        assertEquals(List.of(BigInteger.ONE), events(first, IdentityRegistry.GRANTAPPROVED_EVENT).get(0));
        assertEquals(GrantSlots.Grant.NONE, grant(fields).status(), "one approval is not enough");
        assertReverts("AlreadyVoted", registry.approve(PTB, requestId));

        Execution second = registry.approve(BSI, requestId);
        assertTrue(second.success(), second::failure);
        List<List<Object>> activated = events(second, IdentityRegistry.GRANTACTIVATED_EVENT);
        assertEquals(BigInteger.ONE, activated.get(0).get(0), "version 1");
        assertTrue(events(second, IdentityRegistry.GRANTSUPERSEDED_EVENT).isEmpty());

        GrantSlots.Grant grant = grant(fields);
        assertEquals(GrantSlots.Grant.ACTIVE, grant.status());
        assertEquals(Role.METER.code(), grant.role());
        assertEquals(fields.algorithm(), grant.algorithm());
        assertEquals(1, grant.version());
        assertEquals(fields.notBefore(), grant.notBefore());
        assertEquals(fields.notAfter(), grant.notAfter());
        assertEquals(0, grant.revokedAt());
        assertArrayEquals(fields.keyHash(), grant.keyHash());
        assertArrayEquals(fields.attestationHash(), grant.attestationHash());
        assertEquals(BigInteger.TWO, registry.request(requestId).get(0), "request marked activated");

        assertReverts("AlreadyDecided", registry.approve(GWA, requestId));
        assertReverts("AlreadyDecided", registry.reject(GWA, requestId, "late"));
    }

    @Test
    void expiredRequestCannotBeApprovedAndGrantExpiresByNotAfter() {
        GrantFields fields = fixture.meterRequest("1ESY1160000004", 4);
        byte[] requestId = fixture.activate(fields);
        long now = fixture.chain.time();
        assertTrue(registry.isValid(fields.subjectId(), Role.METER.code(), fields.keyHash(), now));
        assertFalse(registry.isValid(fields.subjectId(), Role.SMGW.code(), fields.keyHash(), now), "wrong role");
        assertFalse(registry.isValid(fields.subjectId(), Role.METER.code(), new byte[32], now), "wrong key");
        assertFalse(registry.isValid(fields.subjectId(), Role.METER.code(), fields.keyHash(), fields.notAfter() + 1), "expired");
        assertEquals(GrantSlots.Grant.ACTIVE, grant(fields).status(), "expiry needs no transaction");

        GrantFields late = fixture.meterRequest("1ESY1160000005", 5);
        byte[] lateId = registry.requestGrant(REGISTRAR, late).output();
        fixture.chain.setTime(late.notAfter());
        assertReverts("RequestExpired", registry.approve(PTB, lateId));
        assertReverts("AlreadyDecided", registry.approve(PTB, requestId));
    }

    @Test
    void rejectionsCloseTheRequestWhenKIsNoLongerReachable() {
        GrantFields fields = fixture.meterRequest("1ESY1160000006", 6);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();
        assertReverts("NotAuthority", registry.reject(OUTSIDER, requestId, "no"));
        assertReverts("UnknownRequest", registry.reject(PTB, new byte[32], "no"));

        Execution first = registry.reject(BSI, requestId, "attestation does not match the manufacturer's");
        assertTrue(first.success(), first::failure);
        assertEquals(List.of(BigInteger.ONE, "attestation does not match the manufacturer's"),
                events(first, IdentityRegistry.GRANTREJECTED_EVENT).get(0));
        assertTrue(events(first, IdentityRegistry.REQUESTCLOSED_EVENT).isEmpty(), "2 of 3 can still approve");
        assertReverts("AlreadyVoted", registry.approve(BSI, requestId));
        assertReverts("AlreadyVoted", registry.reject(BSI, requestId, "twice"));

        Execution second = registry.reject(GWA, requestId, "unknown manufacturer");
        assertEquals(1, events(second, IdentityRegistry.REQUESTCLOSED_EVENT).size());
        assertEquals(BigInteger.valueOf(3), registry.request(requestId).get(0), "rejected");
        assertReverts("AlreadyDecided", registry.approve(PTB, requestId));
        assertEquals(GrantSlots.Grant.NONE, grant(fields).status());
    }

    @Test
    void oneAuthorityRevokesAtOnceByDefault() {
        GrantFields fields = fixture.meterRequest("1ESY1160000007", 7);
        fixture.activate(fields);
        assertReverts("NotAuthority", registry.revoke(REGISTRAR, fields.subjectId(), "key compromised"));

        Execution revocation = registry.revoke(GWA, fields.subjectId(), "key compromised");
        assertTrue(revocation.success(), revocation::failure);
        List<Object> revoked = events(revocation, IdentityRegistry.GRANTREVOKED_EVENT).get(0);
        assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(fixture.chain.time()), "key compromised"), revoked);
        GrantSlots.Grant grant = grant(fields);
        assertEquals(GrantSlots.Grant.REVOKED, grant.status());
        assertEquals(fixture.chain.time(), grant.revokedAt());
        assertFalse(registry.isValid(fields.subjectId(), Role.METER.code(), fields.keyHash(), fixture.chain.time()));

        assertReverts("GrantNotActive", registry.revoke(BSI, fields.subjectId(), "again"));
        assertReverts("GrantNotActive", registry.revoke(BSI, new byte[32], "nobody"));
    }

    @Test
    void rotationSupersedesTheOldGrantAndIncrementsTheVersion() {
        GrantFields first = fixture.meterRequest("1ESY1160000008", 8);
        fixture.activate(first);
        GrantFields rotated = new GrantFields(first.subjectId(), first.role(), first.algorithm(),
                org.bcpki.core.crypto.SignatureSuite.keyHash(RegistryFixture.mlDsaKey(80)), first.attestationHash(),
                first.notBefore(), first.notAfter() + DAY, RegistryFixture.mlDsaKey(80));
        byte[] requestId = registry.requestGrant(REGISTRAR, rotated).output();
        assertTrue(registry.approve(BSI, requestId).success());
        assertArrayEquals(first.keyHash(), grant(first).keyHash(), "the old key stays valid until k approve");
        Execution activation = registry.approve(PTB, requestId);
        assertTrue(activation.success(), activation::failure);

        List<Object> superseded = events(activation, IdentityRegistry.GRANTSUPERSEDED_EVENT).get(0);
        assertEquals(BigInteger.ONE, superseded.get(0));
        assertArrayEquals(first.keyHash(), (byte[]) superseded.get(1));
        GrantSlots.Grant grant = grant(first);
        assertEquals(2, grant.version());
        assertEquals(GrantSlots.Grant.ACTIVE, grant.status());
        assertArrayEquals(rotated.keyHash(), grant.keyHash());
        assertEquals(rotated.notAfter(), grant.notAfter());

        registry.revoke(GWA, first.subjectId(), "decommissioned");
        byte[] freshKey = RegistryFixture.mlDsaKey(81);
        GrantFields reissued = new GrantFields(first.subjectId(), first.role(), first.algorithm(),
                org.bcpki.core.crypto.SignatureSuite.keyHash(freshKey), first.attestationHash(), first.notBefore() + 1,
                first.notAfter(), freshKey);
        fixture.activate(reissued);
        assertEquals(3, grant(first).version(), "a revoked subject can be granted again, one version up");
        assertEquals(0, grant(first).revokedAt());
    }

    @Test
    void suspensionIsReversibleAndBlocksRotation() {
        GrantFields fields = fixture.meterRequest("1ESY1160000009", 9);
        fixture.activate(fields);
        assertReverts("NotSuspended", registry.resume(PTB, fields.subjectId()));
        assertReverts("RoleNotAllowed", registry.suspend(GWA, fields.subjectId(), "tamper alarm"));
        Execution suspension = registry.suspend(PTB, fields.subjectId(), "tamper alarm");
        assertTrue(suspension.success(), suspension::failure);
        assertEquals(1, events(suspension, IdentityRegistry.GRANTSUSPENDED_EVENT).size());
        assertEquals(GrantSlots.Grant.SUSPENDED, grant(fields).status());
        assertReverts("GrantNotActive", registry.suspend(BSI, fields.subjectId(), "twice"));

        GrantFields rotated = withValidity(fields, fields.notBefore() + 1, fields.notAfter());
        byte[] requestId = registry.requestGrant(REGISTRAR, rotated).output();
        assertTrue(registry.approve(PTB, requestId).success());
        assertReverts("GrantIsSuspended", registry.approve(BSI, requestId));

        Execution resumed = registry.resume(BSI, fields.subjectId());
        assertTrue(resumed.success(), resumed::failure);
        assertEquals(1, events(resumed, IdentityRegistry.GRANTRESUMED_EVENT).size());
        assertEquals(GrantSlots.Grant.ACTIVE, grant(fields).status());
        assertTrue(registry.approve(BSI, requestId).success(), "rotation proceeds after resumption");

        registry.suspend(BSI, fields.subjectId(), "audit");
        assertTrue(registry.revoke(GWA, fields.subjectId(), "audit failed").success(), "a suspended grant can be revoked");
        assertEquals(GrantSlots.Grant.REVOKED, grant(fields).status());
    }

    @Test
    void governanceChangesThresholdsAtTheGovernanceThreshold() {
        assertReverts("NotAuthority", registry.propose(REGISTRAR, 6, "0x0000000000000000000000000000000000000000", "", 0, 3, 2, 2));
        assertReverts("InvalidProposalKind", registry.propose(PTB, 12, "0x0000000000000000000000000000000000000000", "", 0, 3, 2, 2));
        assertReverts("InvalidProposalKind", registry.propose(PTB, 10, "0x0000000000000000000000000000000000000000", "", 2, 3, 2, 2));
        Execution proposal = registry.propose(PTB, 6, "0x0000000000000000000000000000000000000000", "", 0, 3, 2, 2);
        assertTrue(proposal.success(), proposal::failure);
        assertEquals(2, registry.config().get(0).intValue(), "one vote of two");
        assertReverts("AlreadyVoted", registry.approveProposal(PTB, 1));
        assertReverts("UnknownProposal", registry.approveProposal(BSI, 9));
        assertReverts("NotAuthority", registry.approveProposal(OUTSIDER, 1));

        Execution executed = registry.approveProposal(BSI, 1);
        assertTrue(executed.success(), executed::failure);
        assertEquals(1, events(executed, IdentityRegistry.PROPOSALEXECUTED_EVENT).size());
        assertEquals(List.of(BigInteger.valueOf(3), BigInteger.TWO, BigInteger.TWO),
                events(executed, IdentityRegistry.THRESHOLDSCHANGED_EVENT).get(0));
        assertReverts("ProposalAlreadyExecuted", registry.approveProposal(GWA, 1));

        // k = 3: two approvals no longer activate.
        GrantFields fields = fixture.meterRequest("1ESY1160000010", 10);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();
        registry.approve(PTB, requestId);
        registry.approve(BSI, requestId);
        assertEquals(GrantSlots.Grant.NONE, grant(fields).status());

        // r = 2: the first revocation vote is recorded, the second revokes.
        GrantFields other = fixture.meterRequest("1ESY1160000011", 11);
        byte[] otherId = registry.requestGrant(REGISTRAR, other).output();
        registry.approve(PTB, otherId);
        registry.approve(BSI, otherId);
        registry.propose(BSI, 6, "0x0000000000000000000000000000000000000000", "", 0, 2, 2, 2);
        registry.approveProposal(GWA, 2);
        GrantFields third = fixture.meterRequest("1ESY1160000012", 12);
        fixture.activate(third);
        byte[] subject = third.subjectId();
        Execution vote = registry.revoke(PTB, subject, "suspicious");
        assertEquals(1, events(vote, IdentityRegistry.REVOCATIONVOTED_EVENT).size());
        assertEquals(GrantSlots.Grant.ACTIVE, GrantSlots.read(registry, subject).status());
        assertReverts("AlreadyVoted", registry.revoke(PTB, subject, "again"));
        Execution revocation = registry.revoke(GWA, subject, "confirmed");
        assertEquals(1, events(revocation, IdentityRegistry.GRANTREVOKED_EVENT).size());
        assertEquals(GrantSlots.Grant.REVOKED, GrantSlots.read(registry, subject).status());
    }

    @Test
    void governanceManagesAuthoritiesAndRegistrars() {
        String newcomer = "0x00000000000000000000000000000000000000a4";
        long meterMask = RegistrySetup.roleMask(List.of(Role.METER));
        registry.propose(PTB, 1, newcomer, "Eichamt Sued", meterMask, 0, 0, 0);
        Execution added = registry.approveProposal(GWA, 1);
        assertTrue(added.success(), added::failure);
        assertEquals(1, events(added, IdentityRegistry.AUTHORITYADDED_EVENT).size());
        assertEquals(4, registry.config().get(3).intValue());

        // Adding the same authority again fails when the proposal executes.
        registry.propose(PTB, 1, newcomer, "again", meterMask, 0, 0, 0);
        assertReverts("AuthorityExists", registry.approveProposal(BSI, 2));
        assertTrue(registry.propose(PTB, 1, "0x00000000000000000000000000000000000000a5", "x", 1, 0, 0, 0).success());
        assertReverts("InvalidRoles", registry.approveProposal(BSI, 3));

        // Removing: the removed authority's approval stops counting.
        GrantFields fields = fixture.meterRequest("1ESY1160000013", 13);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();
        registry.approve(PTB, requestId);
        registry.propose(BSI, 2, PTB.toString(), "", 0, 0, 0, 0);
        Execution removed = registry.approveProposal(GWA, 4);
        assertTrue(removed.success(), removed::failure);
        assertEquals(1, events(removed, IdentityRegistry.AUTHORITYREMOVED_EVENT).size());
        assertReverts("NotAuthority", registry.approve(PTB, requestId));
        registry.approve(BSI, requestId);
        assertEquals(GrantSlots.Grant.NONE, grant(fields).status(), "PTB's earlier approval no longer counts");
        assertTrue(registry.approve(new io.horizen.evm.Address(newcomer), requestId).success());
        assertEquals(GrantSlots.Grant.ACTIVE, grant(fields).status());

        // Registrars.
        String lab = "0x00000000000000000000000000000000000000b2";
        registry.propose(BSI, 4, lab, "", meterMask, 0, 0, 0);
        assertTrue(registry.approveProposal(GWA, 5).success());
        assertTrue(registry.requestGrant(new io.horizen.evm.Address(lab), fixture.meterRequest("1ESY1160000014", 14)).success());
        registry.propose(BSI, 5, REGISTRAR.toString(), "", 0, 0, 0, 0);
        assertTrue(registry.approveProposal(GWA, 6).success());
        assertReverts("NotRegistrar", registry.requestGrant(REGISTRAR, fixture.meterRequest("1ESY1160000015", 15)));

        // Thresholds that the remaining authorities could not reach are refused.
        registry.propose(BSI, 6, "0x0000000000000000000000000000000000000000", "", 0, 4, 1, 2);
        assertReverts("InvalidThresholds", registry.approveProposal(GWA, 7));
    }

    private static GrantFields withRole(GrantFields f, int role) {
        return new GrantFields(f.subjectId(), role, f.algorithm(), f.keyHash(), f.attestationHash(), f.notBefore(),
                f.notAfter(), f.publicKey());
    }

    private static GrantFields withValidity(GrantFields f, long notBefore, long notAfter) {
        return new GrantFields(f.subjectId(), f.role(), f.algorithm(), f.keyHash(), f.attestationHash(), notBefore,
                notAfter, f.publicKey());
    }
}
