package org.bcpki.gateway.reading;

import org.bcpki.core.crypto.SignatureSuite;

/**
 * How a reading names the meter's key: the full SubjectPublicKeyInfo DER, only its keccak256 hash
 * once the gateway has seen the full key (an ML-DSA-65 key is 1,974 bytes, two seconds of a
 * 9600-baud line, so meters send it only now and then), or an X.509 certificate chain whose leaf
 * carries the key (for the classic-PKI check; see {@link CertificateChain}).
 */
public record KeyReference(Form form, byte[] bytes) {
    public enum Form {
        SPKI(0), KEY_HASH(1), CERTIFICATES(2);

        final int code;

        Form(int code) {
            this.code = code;
        }

        static Form fromCode(int code) {
            for (Form form : values()) {
                if (form.code == code) {
                    return form;
                }
            }
            throw new IllegalArgumentException("unknown key form " + code);
        }
    }

    public KeyReference {
        bytes = bytes.clone();
        if (form == Form.KEY_HASH && bytes.length != 32) {
            throw new IllegalArgumentException("a key hash has 32 bytes, got " + bytes.length);
        }
        if (form == Form.SPKI && bytes.length == 0) {
            throw new IllegalArgumentException("empty public key");
        }
        if (form == Form.CERTIFICATES) {
            CertificateChain.decode(bytes); // validates
        }
    }

    public static KeyReference certificates(CertificateChain chain) {
        return new KeyReference(Form.CERTIFICATES, chain.encode());
    }

    public static KeyReference spki(byte[] spki) {
        return new KeyReference(Form.SPKI, spki);
    }

    public static KeyReference hash(byte[] keyHash) {
        return new KeyReference(Form.KEY_HASH, keyHash);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** keccak256 of the SPKI: given, or computed from the full key or the leaf certificate's key. */
    public byte[] keyHash() {
        return switch (form) {
            case KEY_HASH -> bytes.clone();
            case SPKI -> SignatureSuite.keyHash(bytes);
            case CERTIFICATES -> SignatureSuite.keyHash(chain().orElseThrow().leafSpki());
        };
    }

    /** The SPKI, when the reference carries it (in full or in the leaf certificate); empty for a hash. */
    public java.util.Optional<byte[]> spki() {
        return switch (form) {
            case KEY_HASH -> java.util.Optional.empty();
            case SPKI -> java.util.Optional.of(bytes.clone());
            case CERTIFICATES -> java.util.Optional.of(chain().orElseThrow().leafSpki());
        };
    }

    /** The certificate chain, for form {@code CERTIFICATES}. */
    public java.util.Optional<CertificateChain> chain() {
        return form == Form.CERTIFICATES ? java.util.Optional.of(CertificateChain.decode(bytes))
                : java.util.Optional.empty();
    }
}
