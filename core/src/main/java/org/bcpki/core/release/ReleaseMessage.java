package org.bcpki.core.release;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;

/**
 * A firmware release and the exact bytes signed for it with ML-DSA-65: the one definition that
 * manufacturers, approving authorities and gateways share (a byte of drift breaks every signature).
 *
 * <pre>
 * manufacturer: "bcpki-release-v1" (16 ASCII) || purpose 0x01 || chainId (uint64 BE) || registry (20)
 *   || manufacturer subject id (32) || deviceRole (1) || deviceType (32) || version (uint64 BE)
 *   || size (uint64 BE) || sha256 (32) || keccak256 (32)                                  = 190 bytes
 * approval:     the same with purpose 0x02, then keccak256(manufacturer signature) (32)  = 222 bytes
 * </pre>
 *
 * The purpose byte keeps an authority's approval from ever being read as a manufacturer's release
 * (and back); chain id and SoftwareRegistry address keep a signature to one deployment. The URI
 * hint is not signed: it is only where to look, the hashes decide.
 */
public record ReleaseMessage(long chainId, Address registry, SubjectId manufacturer, Role deviceRole, DeviceType deviceType,
        long version, long size, Bytes32 imageSha256, Bytes32 imageKeccak256) {
    public static final byte[] DOMAIN = "bcpki-release-v1".getBytes(StandardCharsets.US_ASCII);
    public static final byte PURPOSE_MANUFACTURER = 0x01;
    public static final byte PURPOSE_APPROVAL = 0x02;
    public static final int MANUFACTURER_LENGTH = DOMAIN.length + 1 + 8 + Address.SIZE + 32 + 1 + 32 + 8 + 8 + 32 + 32;
    public static final int APPROVAL_LENGTH = MANUFACTURER_LENGTH + 32;

    public ReleaseMessage {
        if (registry == null || manufacturer == null || deviceRole == null || deviceType == null
                || imageSha256 == null || imageKeccak256 == null) {
            throw new IllegalArgumentException("every release field is required");
        }
        if (chainId < 0) {
            throw new IllegalArgumentException("chain id must not be negative");
        }
        if (deviceRole == Role.MANUFACTURER) {
            throw new IllegalArgumentException("a release is for a device role, not MANUFACTURER");
        }
        if (version <= 0 || size <= 0) {
            throw new IllegalArgumentException("version and size must be positive");
        }
        if (imageSha256.isZero() || imageKeccak256.isZero()) {
            throw new IllegalArgumentException("image hashes must not be zero");
        }
    }

    /** What the manufacturer signs. */
    public byte[] manufacturerBytes() {
        return fields(PURPOSE_MANUFACTURER, MANUFACTURER_LENGTH).array();
    }

    /** What an approving authority signs: the release and the one manufacturer signature it checked. */
    public byte[] approvalBytes(Bytes32 manufacturerSignatureHash) {
        return fields(PURPOSE_APPROVAL, APPROVAL_LENGTH).put(manufacturerSignatureHash.toArrayUnsafe()).array();
    }

    private ByteBuffer fields(byte purpose, int length) {
        return ByteBuffer.allocate(length)
                .put(DOMAIN)
                .put(purpose)
                .putLong(chainId)
                .put(registry.value().toArrayUnsafe())
                .put(manufacturer.bytes())
                .put((byte) deviceRole.code())
                .put(deviceType.value().toArrayUnsafe())
                .putLong(version)
                .putLong(size)
                .put(imageSha256.toArrayUnsafe())
                .put(imageKeccak256.toArrayUnsafe());
    }

    /**
     * The contract's {@code releaseIdFor}: keccak256(abi.encode(manufacturer, deviceRole, deviceType,
     * version, size, sha256, keccak256, signatureHash)).
     */
    public Bytes32 releaseId(Bytes32 signatureHash) {
        return Bytes32.wrap(Keccak.keccak256(Bytes.concatenate(Bytes.wrap(manufacturer.bytes()), word(deviceRole.code()),
                deviceType.value(), word(version), word(size), imageSha256, imageKeccak256, signatureHash).toArrayUnsafe()));
    }

    /** The contract's {@code typeKeyFor(manufacturer, deviceRole, deviceType)}: the key of the device type's minimum version. */
    public Bytes32 typeKey() {
        return ReleaseLayout.typeKey(manufacturer, deviceRole, deviceType);
    }

    static Bytes32 word(long value) {
        return Bytes32.leftPad(Bytes.ofUnsignedLong(value));
    }
}
