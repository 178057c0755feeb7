package org.bcpki.pki.codesign;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.release.DeviceType;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * Which release a signature or an approval certificate speaks for: device type, version and the image's
 * SHA-256. The manufacturer signs it as a signed attribute, the notified body's per-release certificate
 * carries it as an extension, so neither can be replayed for another type, version or image.
 *
 * <pre>
 * ReleaseId ::= SEQUENCE {
 *   deviceType  UTF8String,               -- core's DeviceType: 1-32 of A-Z a-z 0-9 . _ / -
 *   version     INTEGER (1..2^63-1),
 *   imageSha256 OCTET STRING (SIZE (32)) }
 * </pre>
 */
public record ReleaseId(DeviceType deviceType, long version, Bytes32 imageSha256) {
    public ReleaseId {
        if (deviceType == null || imageSha256 == null) {
            throw new IllegalArgumentException("a release needs a device type and an image hash");
        }
        if (version <= 0) {
            throw new IllegalArgumentException("a release version is positive, not " + version);
        }
    }

    /** The release of {@code image} as {@code deviceType} version {@code version}. */
    public static ReleaseId of(DeviceType deviceType, long version, byte[] image) {
        return new ReleaseId(deviceType, version, sha256(image));
    }

    public ASN1Primitive toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new DERUTF8String(deviceType.name()));
        fields.add(new ASN1Integer(version));
        fields.add(new DEROctetString(imageSha256.toArrayUnsafe()));
        return new DERSequence(fields);
    }

    /** Reads exactly the structure above; anything else is malformed. */
    public static ReleaseId parse(Object asn1) {
        try {
            ASN1Sequence fields = ASN1Sequence.getInstance(asn1);
            if (fields.size() != 3) {
                throw new MalformedDataException("a ReleaseId has 3 fields, this one " + fields.size());
            }
            String type = DERUTF8String.getInstance(fields.getObjectAt(0)).getString();
            BigInteger version = ASN1Integer.getInstance(fields.getObjectAt(1)).getValue();
            byte[] hash = ASN1OctetString.getInstance(fields.getObjectAt(2)).getOctets();
            if (version.signum() <= 0 || version.bitLength() > 63) {
                throw new MalformedDataException("a ReleaseId version is 1 to 2^63-1, not " + version);
            }
            if (hash.length != 32) {
                throw new MalformedDataException("a ReleaseId image hash is 32 bytes, not " + hash.length);
            }
            return new ReleaseId(DeviceType.of(type), version.longValue(), Bytes32.wrap(hash));
        } catch (MalformedDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedDataException("malformed ReleaseId: " + e.getMessage(), e);
        }
    }

    static Bytes32 sha256(byte[] data) {
        try {
            return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return deviceType.name() + " version " + version + " (SHA-256 " + imageSha256.toUnprefixedHexString() + ")";
    }
}
