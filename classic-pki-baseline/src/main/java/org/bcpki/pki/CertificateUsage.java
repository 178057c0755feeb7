package org.bcpki.pki;

import java.util.Locale;
import org.bouncycastle.asn1.x509.KeyUsage;

/** The three key pairs every SM-PKI end user holds, each with its own certificate and keyUsage. */
public enum CertificateUsage {
    TLS(KeyUsage.digitalSignature),
    SIGNATURE(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
    /** ECDH key agreement (TR-03109 encrypts with ECIES-style agreement); needs an EC key. */
    ENCRYPTION(KeyUsage.keyAgreement);

    private final int keyUsageBits;

    CertificateUsage(int keyUsageBits) {
        this.keyUsageBits = keyUsageBits;
    }

    public KeyUsage keyUsage() {
        return new KeyUsage(keyUsageBits);
    }

    public static CertificateUsage parse(String name) {
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (CertificateUsage usage : values()) {
            if (usage.name().equals(wanted) || (usage == SIGNATURE && wanted.equals("SIG"))
                    || (usage == ENCRYPTION && wanted.equals("ENC"))) {
                return usage;
            }
        }
        throw new IllegalArgumentException("unknown certificate usage '" + name + "'; expected tls, signature or encryption");
    }
}
