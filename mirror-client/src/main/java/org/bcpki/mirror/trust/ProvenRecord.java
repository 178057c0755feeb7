package org.bcpki.mirror.trust;

import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.RegistryLayout;

/**
 * A subject's registry record as proven at one block, under the registry storage root of that
 * block. The decision is core's {@link GrantRecord#decide} at that block's time.
 *
 * @param problem why a proven record could not be read (it then counts as no record), else null
 */
public record ProvenRecord(GrantRecord record, BlockRef block, Bytes32 storageRoot, String problem) {
    /** A subject whose {@code recordHashes} slot is proven zero. */
    public static ProvenRecord absent(BlockRef block, Bytes32 storageRoot) {
        return new ProvenRecord(GrantRecord.NONE, block, storageRoot, null);
    }

    /**
     * The record whose hash is proven, from the three unproven words of {@code recordOf}.
     *
     * @throws IllegalArgumentException when the words do not hash to {@code provenHash}: whoever sent them lied
     */
    public static ProvenRecord of(Bytes32 provenHash, List<Bytes32> words, BlockRef block, Bytes32 storageRoot) {
        if (!matches(provenHash, words)) {
            throw new IllegalArgumentException("the record does not hash to the proven record hash " + provenHash.toHexString());
        }
        try {
            // Copies: the proven values may be views into whole proof nodes, which a cache must not pin.
            return new ProvenRecord(RegistryLayout.decode(compact(words.get(0)), compact(words.get(1)),
                    compact(words.get(2))), block, storageRoot, null);
        } catch (IllegalArgumentException e) {
            // Proven, so not a lie, but not a record this client understands: fail closed.
            return new ProvenRecord(GrantRecord.NONE, block, storageRoot, "undecodable registry record: " + e.getMessage());
        }
    }

    /** Whether {@code words} are the record whose hash ({@link RegistryLayout#recordHash}) was proven. */
    public static boolean matches(Bytes32 provenHash, List<Bytes32> words) {
        if (provenHash.isZero() || words.size() != 3) {
            return false;
        }
        Bytes preimage = Bytes.concatenate(words.get(0), words.get(1), words.get(2));
        return Bytes32.wrap(Keccak.keccak256(preimage.toArrayUnsafe())).equals(provenHash);
    }

    /** The same record at a newer block whose registry storage root is unchanged. */
    public ProvenRecord at(BlockRef newer) {
        return new ProvenRecord(record, newer, storageRoot, problem);
    }

    /** Whether the subject may act in {@code role} with the key hashing to {@code keyHash} (null: skip the key check). */
    public Decision decide(Role role, Bytes32 keyHash) {
        return record.decide(role, keyHash, block.timestamp());
    }

    private static Bytes32 compact(Bytes32 value) {
        return value.isZero() ? Bytes32.ZERO : Bytes32.wrap(value.toArray());
    }
}
