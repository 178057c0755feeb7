package org.bcpki.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.bcpki.contracts.evm.RegistryOnEvm;
import org.web3j.crypto.Hash;

/**
 * Reads {@code grants[subjectId]} straight from contract storage, placing each field where the
 * compiler's storage layout (artifacts/IdentityRegistry.json) says it is.
 */
final class GrantSlots {
    record Grant(int status, int role, int algorithm, long version, long notBefore, long notAfter, long revokedAt,
                 byte[] keyHash, byte[] attestationHash) {
        static final int NONE = 0;
        static final int ACTIVE = 1;
        static final int REVOKED = 2;
        static final int SUSPENDED = 3;
    }

    private GrantSlots() {}

    /** keccak256(subjectId || uint256(slot of grants)). */
    static byte[] baseSlot(byte[] subjectId) {
        byte[] preimage = new byte[64];
        System.arraycopy(subjectId, 0, preimage, 0, 32);
        byte[] slot = BigInteger.valueOf(RegistryArtifact.identityRegistry().stateVariableSlot("grants")).toByteArray();
        System.arraycopy(slot, 0, preimage, 64 - slot.length, slot.length);
        return Hash.sha3(preimage);
    }

    static byte[] slot(byte[] base, int offset) {
        return toBytes32(new BigInteger(1, base).add(BigInteger.valueOf(offset)));
    }

    static Grant read(RegistryOnEvm registry, byte[] subjectId) {
        byte[] base = baseSlot(subjectId);
        JsonNode members = grantMembers();
        BigInteger packed = new BigInteger(1, registry.storage(slot(base, 0)));
        long[] values = new long[7];
        for (int i = 0; i < 7; i++) {
            JsonNode member = members.get(i);
            int offsetBits = 8 * member.get("offset").asInt();
            int bits = 8 * Integer.parseInt(member.get("type").asText().substring("t_uint".length())) / 8;
            values[i] = packed.shiftRight(offsetBits).and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)).longValue();
        }
        return new Grant((int) values[0], (int) values[1], (int) values[2], values[3], values[4], values[5], values[6],
                registry.storage(slot(base, Integer.parseInt(members.get(7).get("slot").asText()))),
                registry.storage(slot(base, Integer.parseInt(members.get(8).get("slot").asText()))));
    }

    /** The Grant struct's members, in declaration order, from the compiler's storage layout. */
    static JsonNode grantMembers() {
        JsonNode types = RegistryArtifact.identityRegistry().storageLayout().get("types");
        var names = types.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.startsWith("t_struct(Grant)")) {
                return types.get(name).get("members");
            }
        }
        throw new IllegalStateException("no Grant struct in the storage layout");
    }

    private static byte[] toBytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

}
