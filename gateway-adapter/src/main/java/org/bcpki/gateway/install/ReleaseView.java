package org.bcpki.gateway.install;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.mirror.MirrorClient;
import org.bcpki.mirror.ReleaseCheck;

/**
 * What the installer asks the chain, through the light client: a release's proven status and
 * whether a bundle's signer holds the role with the key it signed with. Both fail closed.
 */
public interface ReleaseView {
    ReleaseCheck release(Bytes32 releaseId, Bytes32 typeKey);

    Decision signer(SubjectId signer, Role role, byte[] spki);

    /** The light client's view: {@code client} must have been made with the IdentityRegistry's address. */
    static ReleaseView of(MirrorClient client, Address softwareRegistry) {
        return new ReleaseView() {
            @Override
            public ReleaseCheck release(Bytes32 releaseId, Bytes32 typeKey) {
                return client.checkRelease(softwareRegistry, releaseId, typeKey);
            }

            @Override
            public Decision signer(SubjectId signer, Role role, byte[] spki) {
                return client.check(signer, role, spki).decision();
            }
        };
    }
}
