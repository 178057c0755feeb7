package org.bcpki.core.registry;

import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;

/**
 * One subject's grant as the registry stores it. Times are unix seconds held as unsigned 64-bit
 * values (compare with {@link Long#compareUnsigned}).
 */
public record GrantRecord(
        GrantStatus status,
        int roleCode,
        int algorithmCode,
        long version,
        long notBefore,
        long notAfter,
        long revokedAt,
        Bytes32 keyHash,
        Bytes32 attestationHash) {

    public static final GrantRecord NONE =
            new GrantRecord(GrantStatus.NONE, 0, 0, 0, 0, 0, 0, Bytes32.ZERO, Bytes32.ZERO);

    /**
     * What a relying party concludes from this record for a subject presenting {@code presentedKeyHash}
     * (null: the key is not checked) in {@code role} at {@code nowSeconds} (the verified block's time).
     */
    public Decision decide(Role role, Bytes32 presentedKeyHash, long nowSeconds) {
        return switch (status) {
            case NONE -> Decision.UNKNOWN;
            case REVOKED -> Decision.REVOKED;
            case SUSPENDED -> Decision.SUSPENDED;
            case ACTIVE -> decideActive(role, presentedKeyHash, nowSeconds);
        };
    }

    private Decision decideActive(Role role, Bytes32 presentedKeyHash, long nowSeconds) {
        if (roleCode != role.code()) {
            return Decision.WRONG_ROLE;
        }
        if (presentedKeyHash != null && !presentedKeyHash.equals(keyHash)) {
            return Decision.WRONG_KEY;
        }
        boolean notYetValid = Long.compareUnsigned(nowSeconds, notBefore) < 0;
        boolean expired = Long.compareUnsigned(nowSeconds, notAfter) > 0;
        return notYetValid || expired ? Decision.EXPIRED : Decision.GRANTED;
    }
}
