package org.bcpki.contracts;

import static org.bcpki.contracts.RegistryFixture.assertReverts;
import static org.bcpki.contracts.RegistryFixture.BSI;
import static org.bcpki.contracts.RegistryFixture.DAY;
import static org.bcpki.contracts.RegistryFixture.ENROLLER;
import static org.bcpki.contracts.RegistryFixture.GWA;
import static org.bcpki.contracts.RegistryFixture.OUTSIDER;
import static org.bcpki.contracts.RegistryFixture.PTB;
import static org.bcpki.contracts.RegistryFixture.REGISTRAR;
import static org.bcpki.contracts.evm.RegistryOnEvm.events;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.horizen.evm.Address;
import java.util.List;
import org.bcpki.contracts.evm.Execution;
import org.bcpki.contracts.evm.RegistryOnEvm;
import org.bcpki.contracts.evm.RegistryOnEvm.GrantFields;
import org.bcpki.contracts.generated.IdentityRegistry;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** Issue #14's attacks on the registry itself (findings 1, 2 and 3), each performed on the EVM. */
class RegistrySecurityTest {
    private static final String NOBODY = "0x0000000000000000000000000000000000000000";
    private static final long YEAR = 365 * DAY;

    private final RegistryFixture fixture = new RegistryFixture();
    private final RegistryOnEvm registry = fixture.registry;

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static void assertSucceeds(Execution execution) {
        assertTrue(execution.success(), execution::failure);
    }

    private GrantSlots.Grant grant(byte[] subjectId) {
        return GrantSlots.read(registry, subjectId);
    }

    private static GrantFields withKey(GrantFields f, byte[] subjectId, long keySeed) {
        byte[] spki = RegistryFixture.mlDsaKey(keySeed);
        return new GrantFields(subjectId, f.role(), f.algorithm(), SignatureSuite.keyHash(spki), f.attestationHash(),
                f.notBefore(), f.notAfter(), spki);
    }

    private static GrantFields withRole(GrantFields f, Role role, long notBefore, long notAfter) {
        return new GrantFields(f.subjectId(), role.code(), f.algorithm(), f.keyHash(), new byte[32], notBefore, notAfter,
                f.publicKey());
    }

    @Test
    @DisplayName("finding 1: a request citing a self-made (unanchored) enrollment is refused; the anchored one is granted")
    void unanchoredEnrollmentsAreRefused() {
        GrantFields selfMade = fixture.unanchoredMeterRequest("1ESY1160000051", 51);
        Execution refused = registry.requestGrant(REGISTRAR, selfMade);
        assertReverts("EnrollmentNotAnchored", refused);
        assertTrue(refused.revert().orElseThrow().toString().startsWith("EnrollmentNotAnchored(subjectId=0x"),
                () -> refused.revert().toString());
        assertReverts("EnrollmentNotAnchored", registry.requestGrant(PTB, selfMade));

        // The enrollment of another device does not count for this one either.
        GrantFields other = fixture.meterRequest("1ESY1160000052", 52);
        GrantFields borrowed = new GrantFields(selfMade.subjectId(), selfMade.role(), selfMade.algorithm(),
                selfMade.keyHash(), other.attestationHash(), selfMade.notBefore(), selfMade.notAfter(), selfMade.publicKey());
        assertReverts("EnrollmentNotAnchored", registry.requestGrant(REGISTRAR, borrowed));

        Execution anchoring = registry.anchorEnrollment(ENROLLER, selfMade.subjectId(), selfMade.attestationHash());
        assertSucceeds(anchoring);
        assertEquals(1, events(anchoring, IdentityRegistry.ENROLLMENTANCHORED_EVENT).size());
        assertTrue(registry.isAnchored(selfMade.subjectId(), selfMade.attestationHash()));
        fixture.activate(selfMade);
        assertEquals(GrantSlots.Grant.ACTIVE, grant(selfMade.subjectId()).status());
        assertArrayEquals(selfMade.attestationHash(), grant(selfMade.subjectId()).attestationHash());
    }

    @Test
    @DisplayName("finding 1: only an enroller anchors; a registrar, an authority or an outsider cannot")
    void onlyEnrollersAnchor() {
        byte[] subject = SubjectId.parse("1ESY1160000053").bytes();
        byte[] attestation = Hash.sha3("made-up".getBytes());
        for (Address caller : List.of(REGISTRAR, PTB, OUTSIDER)) {
            assertReverts("NotEnroller", registry.anchorEnrollment(caller, subject, attestation));
        }
        assertReverts("EmptyAttestation", registry.anchorEnrollment(ENROLLER, subject, new byte[32]));
        assertFalse(registry.isAnchored(subject, attestation));
    }

    @Test
    @DisplayName("finding 1: re-checked at activation: re-anchoring or removing the enroller stops a pending request")
    void anchoringIsRecheckedAtActivation() {
        GrantFields fields = fixture.meterRequest("1ESY1160000054", 54);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();
        assertSucceeds(registry.approve(PTB, requestId));
        assertSucceeds(registry.anchorEnrollment(ENROLLER, fields.subjectId(), Hash.sha3("re-enrolled".getBytes())));
        assertReverts("EnrollmentNotAnchored", registry.approve(BSI, requestId));

        GrantFields second = fixture.meterRequest("1ESY1160000055", 55);
        byte[] secondId = registry.requestGrant(REGISTRAR, second).output();
        assertSucceeds(registry.approve(PTB, secondId));
        assertSucceeds(registry.propose(PTB, ProposalKind.REMOVE_ENROLLER.code(), ENROLLER.toString(), "", 0, 0, 0, 0));
        assertSucceeds(registry.approveProposal(BSI, 1));
        assertFalse(registry.isAnchored(second.subjectId(), second.attestationHash()), "the removed enroller no longer counts");
        assertReverts("EnrollmentNotAnchored", registry.approve(BSI, secondId));
    }

    @Test
    @DisplayName("finding 1: governance adds and removes enrollers")
    void governanceAddsAndRemovesEnrollers() {
        Address lab = new Address("0x00000000000000000000000000000000000000c2");
        byte[] subject = SubjectId.parse("1ESY1160000056").bytes();
        byte[] attestation = Hash.sha3("lab-enrollment".getBytes());
        assertReverts("NotAuthority", registry.propose(REGISTRAR, ProposalKind.ADD_ENROLLER.code(), lab.toString(), "", 0, 0, 0, 0));
        assertSucceeds(registry.propose(PTB, ProposalKind.ADD_ENROLLER.code(), lab.toString(), "", 0, 0, 0, 0));
        assertReverts("NotEnroller", registry.anchorEnrollment(lab, subject, attestation)); // one vote of g = 2
        Execution added = registry.approveProposal(GWA, 1);
        assertSucceeds(added);
        assertEquals(1, events(added, IdentityRegistry.ENROLLERADDED_EVENT).size());
        assertSucceeds(registry.anchorEnrollment(lab, subject, attestation));
        assertTrue(registry.isAnchored(subject, attestation));

        assertSucceeds(registry.propose(BSI, ProposalKind.ADD_ENROLLER.code(), lab.toString(), "", 0, 0, 0, 0));
        assertReverts("EnrollerExists", registry.approveProposal(GWA, 2));
        assertSucceeds(registry.propose(BSI, ProposalKind.REMOVE_ENROLLER.code(), lab.toString(), "", 0, 0, 0, 0));
        Execution removed = registry.approveProposal(GWA, 3);
        assertSucceeds(removed);
        assertEquals(1, events(removed, IdentityRegistry.ENROLLERREMOVED_EVENT).size());
        assertReverts("NotEnroller", registry.anchorEnrollment(lab, subject, attestation));
        assertFalse(registry.isAnchored(subject, attestation));
        assertSucceeds(registry.propose(BSI, ProposalKind.REMOVE_ENROLLER.code(), lab.toString(), "", 0, 0, 0, 0));
        assertReverts("UnknownEnroller", registry.approveProposal(GWA, 4));
    }

    @Test
    @DisplayName("finding 2: a revoked key cannot be granted again, to the same subject or another; a new key can")
    void revokedKeysNeverComeBack() {
        GrantFields fields = fixture.meterRequest("1ESY1160000057", 57);
        fixture.activate(fields);
        assertFalse(registry.revokedKeys(fields.keyHash()));
        assertSucceeds(registry.revoke(GWA, fields.subjectId(), "key compromised"));
        assertTrue(registry.revokedKeys(fields.keyHash()));

        GrantFields sameSubject = new GrantFields(fields.subjectId(), fields.role(), fields.algorithm(), fields.keyHash(),
                fields.attestationHash(), fields.notBefore() + 1, fields.notAfter(), fields.publicKey());
        Execution refused = registry.requestGrant(REGISTRAR, sameSubject);
        assertReverts("KeyRevoked", refused);
        assertTrue(refused.revert().orElseThrow().toString().startsWith("KeyRevoked(keyHash=0x"));
        GrantFields otherSubjectTemplate = fixture.meterRequest("1ESY1160000058", 58);
        GrantFields otherSubject = new GrantFields(otherSubjectTemplate.subjectId(), fields.role(), fields.algorithm(),
                fields.keyHash(), otherSubjectTemplate.attestationHash(), fields.notBefore(), fields.notAfter(), fields.publicKey());
        assertReverts("KeyRevoked", registry.requestGrant(REGISTRAR, otherSubject));
        assertReverts("KeyRevoked", registry.requestGrant(PTB, otherSubject));

        GrantFields fresh = withKey(fields, fields.subjectId(), 570);
        fixture.activate(fresh);
        GrantSlots.Grant regranted = grant(fields.subjectId());
        assertEquals(GrantSlots.Grant.ACTIVE, regranted.status());
        assertArrayEquals(fresh.keyHash(), regranted.keyHash());
    }

    @Test
    @DisplayName("finding 2: a key revoked while another subject's request for it is pending is not activated")
    void revocationStopsPendingRequestsForTheKey() {
        GrantFields fields = fixture.meterRequest("1ESY1160000059", 59);
        fixture.activate(fields);
        GrantFields template = fixture.meterRequest("1ESY1160000060", 60);
        GrantFields sameKey = new GrantFields(template.subjectId(), fields.role(), fields.algorithm(), fields.keyHash(),
                template.attestationHash(), template.notBefore(), template.notAfter(), fields.publicKey());
        byte[] requestId = registry.requestGrant(REGISTRAR, sameKey).output();
        assertSucceeds(registry.approve(PTB, requestId));
        assertSucceeds(registry.revoke(GWA, fields.subjectId(), "key compromised"));
        assertReverts("KeyRevoked", registry.approve(BSI, requestId));
        assertEquals(GrantSlots.Grant.NONE, grant(template.subjectId()).status());
    }

    @Test
    @DisplayName("finding 3: a squatting request expires after requestTtl; anyone frees the subject; the legitimate request then goes through")
    void squattingRequestsExpire() {
        assertEquals(RegistrySetup.DEFAULT_REQUEST_TTL.toSeconds(), registry.requestTtl());
        long now = fixture.chain.time();
        // A registrar stages a subject with a long-lived request nobody approves.
        GrantFields squat = fixture.meterRequest("1ESY1160000061", 61);
        GrantFields longLived = new GrantFields(squat.subjectId(), squat.role(), squat.algorithm(), squat.keyHash(),
                squat.attestationHash(), now, now + 8 * YEAR - DAY, squat.publicKey());
        byte[] squatId = registry.requestGrant(REGISTRAR, longLived).output();
        GrantFields legitimate = withKey(squat, squat.subjectId(), 610);
        assertReverts("SubjectHasPendingRequest", registry.requestGrant(REGISTRAR, legitimate));
        assertReverts("RequestNotExpired", registry.closeExpired(OUTSIDER, squatId));

        long pendingUntil = now + registry.requestTtl();
        fixture.chain.setTime(pendingUntil - 1);
        assertReverts("RequestNotExpired", registry.closeExpired(OUTSIDER, squatId));
        fixture.chain.setTime(pendingUntil);
        Execution late = registry.approve(PTB, squatId);
        assertReverts("RequestExpired", late);
        assertTrue(late.revert().orElseThrow().toString().contains(String.valueOf(pendingUntil)), () -> late.revert().toString());
        assertSucceeds(registry.closeExpired(OUTSIDER, squatId));
        assertArrayEquals(new byte[32], grant(squat.subjectId()).keyHash(), "the staged record is released");

        GrantFields renewed = new GrantFields(legitimate.subjectId(), legitimate.role(), legitimate.algorithm(),
                legitimate.keyHash(), legitimate.attestationHash(), pendingUntil, pendingUntil + YEAR, legitimate.publicKey());
        fixture.activate(renewed);
        assertEquals(GrantSlots.Grant.ACTIVE, grant(squat.subjectId()).status());
        assertArrayEquals(renewed.keyHash(), grant(squat.subjectId()).keyHash());
    }

    @Test
    @DisplayName("finding 3: governance changes requestTtl (and refuses zero); new requests get the new deadline")
    void governanceChangesTheRequestTtl() {
        assertReverts("InvalidDuration", registry.proposeDuration(PTB, ProposalKind.SET_REQUEST_TTL.code(), 0, 0));
        assertReverts("InvalidProposalKind", registry.proposeDuration(PTB, ProposalKind.SET_THRESHOLDS.code(), 0, DAY));
        assertSucceeds(registry.proposeDuration(PTB, ProposalKind.SET_REQUEST_TTL.code(), 0, DAY));
        assertSucceeds(registry.approveProposal(BSI, 1));
        assertEquals(DAY, registry.requestTtl());
        GrantFields fields = fixture.meterRequest("1ESY1160000062", 62);
        byte[] requestId = registry.requestGrant(REGISTRAR, fields).output();
        fixture.chain.setTime(fixture.chain.time() + DAY);
        assertReverts("RequestExpired", registry.approve(PTB, requestId));
        assertSucceeds(registry.closeExpired(OUTSIDER, requestId));
    }

    @Test
    @DisplayName("finding 3: a validity over the role's maximum is refused; governance can change a maximum")
    void validityOverTheRoleMaximumIsRefused() {
        assertEquals(8 * YEAR, registry.maxValidity(Role.METER.code()));
        assertEquals(7 * YEAR, registry.maxValidity(Role.SMGW.code()));
        assertEquals(2 * YEAR, registry.maxValidity(Role.EMT.code()));
        assertEquals(0, registry.maxValidity(20), "an undefined role has no validity at all");
        long now = fixture.chain.time();
        GrantFields meter = fixture.meterRequest("1ESY1160000063", 63);
        GrantFields century = new GrantFields(meter.subjectId(), meter.role(), meter.algorithm(), meter.keyHash(),
                meter.attestationHash(), now, now + 100 * YEAR, meter.publicKey());
        Execution refused = registry.requestGrant(REGISTRAR, century);
        assertReverts("ValidityTooLong", refused);
        assertTrue(refused.revert().orElseThrow().toString().startsWith("ValidityTooLong(role=1"), () -> refused.revert().toString());
        GrantFields emt = withRole(meter, Role.EMT, now, now + 2 * YEAR + 1);
        assertReverts("ValidityTooLong", registry.requestGrant(REGISTRAR, emt));
        assertSucceeds(registry.requestGrant(REGISTRAR, withRole(meter, Role.EMT, now, now + 2 * YEAR)));

        long emtMask = RegistrySetup.roleMask(List.of(Role.EMT));
        assertReverts("InvalidRoles", registry.proposeDuration(PTB, ProposalKind.SET_MAX_VALIDITY.code(), 1, YEAR));
        assertSucceeds(registry.proposeDuration(PTB, ProposalKind.SET_MAX_VALIDITY.code(), emtMask, YEAR));
        assertSucceeds(registry.approveProposal(GWA, 1));
        assertEquals(YEAR, registry.maxValidity(Role.EMT.code()));
        GrantFields other = withKey(withRole(meter, Role.EMT, now, now + YEAR + 1), SubjectId.parse("EMT-0001").bytes(), 630);
        assertReverts("ValidityTooLong", registry.requestGrant(REGISTRAR, other));
    }

    @Test
    @DisplayName("finding 3: a registrar outside its role mask is refused; governance can widen the mask")
    void registrarsAreScopedToTheirRoles() {
        Address meterLab = new Address("0x00000000000000000000000000000000000000b3");
        long meterMask = RegistrySetup.roleMask(List.of(Role.METER));
        assertSucceeds(registry.propose(PTB, ProposalKind.ADD_REGISTRAR.code(), meterLab.toString(), "", meterMask, 0, 0, 0));
        assertSucceeds(registry.approveProposal(BSI, 1));

        long now = fixture.chain.time();
        GrantFields meter = fixture.meterRequest("1ESY1160000064", 64);
        GrantFields gatewayAdmin = withKey(withRole(meter, Role.GWA, now, now + YEAR), SubjectId.parse("GWA-0001").bytes(), 640);
        Execution refused = registry.requestGrant(meterLab, gatewayAdmin);
        assertReverts("RoleNotAllowed", refused);
        assertTrue(refused.revert().orElseThrow().toString().contains("role=3"), () -> refused.revert().toString());
        assertSucceeds(registry.requestGrant(meterLab, meter));
        assertSucceeds(registry.requestGrant(PTB, gatewayAdmin));

        GrantFields otherAdmin = withKey(gatewayAdmin, SubjectId.parse("GWA-0002").bytes(), 641);
        long widened = RegistrySetup.roleMask(List.of(Role.METER, Role.GWA));
        assertSucceeds(registry.propose(PTB, ProposalKind.SET_REGISTRAR_ROLES.code(), meterLab.toString(), "", widened, 0, 0, 0));
        assertSucceeds(registry.approveProposal(BSI, 2));
        assertSucceeds(registry.requestGrant(meterLab, otherAdmin));
        assertSucceeds(registry.propose(PTB, ProposalKind.SET_REGISTRAR_ROLES.code(), OUTSIDER.toString(), "", widened, 0, 0, 0));
        assertReverts("UnknownRegistrar", registry.approveProposal(BSI, 3));
        assertSucceeds(registry.propose(PTB, ProposalKind.ADD_REGISTRAR.code(), OUTSIDER.toString(), "", 0, 0, 0, 0));
        assertReverts("InvalidRoles", registry.approveProposal(BSI, 4));
    }
}
