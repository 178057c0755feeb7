package org.bcpki.gateway.reading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Key form 2 of the reading envelope: the meter's certificate chain in place of its bare key. */
class CertificateChainTest {
    private static final KeyAlgorithm ALGORITHM = KeyAlgorithm.ECDSA_BRAINPOOLP256R1;
    private final KeyPair key = SignatureSuite.of(ALGORITHM).fromSeed(new byte[32]);

    private byte[] selfSigned(KeyPair pair) throws Exception {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(new X500Name("CN=1ESY1160000000.LMN"), BigInteger.TWO,
                Date.from(now), Date.from(now.plusSeconds(3600)), new X500Name("CN=1ESY1160000000.LMN"),
                pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(SignatureSuite.provider())
                        .build(pair.getPrivate()))
                .getEncoded();
    }

    private static Reading reading() {
        return new Reading("1ESY1160000000", 7, 1_763_700_000L,
                List.of(new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 12345)));
    }

    @Test
    void aReadingPresentingItsCertificateRoundTripsAndVerifies() throws Exception {
        CertificateChain chain = new CertificateChain(List.of(selfSigned(key)));
        SignedReading signed = SignedReading.sign(reading(), ALGORITHM, key, KeyReference.certificates(chain));
        SignedReading decoded = ReadingCodec.fromSml(ReadingCodec.toSml(signed));
        assertEquals(KeyReference.Form.CERTIFICATES, decoded.key().form());
        byte[] spki = decoded.key().spki().orElseThrow();
        assertArrayEquals(SignatureSuite.of(ALGORITHM).encodePublicKey(key.getPublic()), spki);
        assertTrue(decoded.verifiesWith(spki));
        assertEquals(1, decoded.key().chain().orElseThrow().certificates().size());
        assertArrayEquals(chain.encode(), decoded.key().chain().orElseThrow().encode());
    }

    @Test
    void aCertificateForAnotherKeyCannotBePresented() throws Exception {
        KeyPair other = SignatureSuite.of(ALGORITHM).fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
        CertificateChain chain = new CertificateChain(List.of(selfSigned(other)));
        assertThrows(IllegalArgumentException.class,
                () -> SignedReading.sign(reading(), ALGORITHM, key, KeyReference.certificates(chain)));
    }

    @Test
    void malformedChainsAreRejectedAsMalformedReadings() throws Exception {
        byte[] good = new CertificateChain(List.of(selfSigned(key))).encode();
        for (byte[] bad : List.of(new byte[0], new byte[] {0}, new byte[] {5, 0, 1, 0x30},
                Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1))) {
            assertThrows(IllegalArgumentException.class, () -> CertificateChain.decode(bad), Arrays.toString(bad));
        }
        byte[] garbageCertificate = {1, 0, 3, 0x30, 0x01, 0x00};
        assertThrows(IllegalArgumentException.class, () -> CertificateChain.decode(garbageCertificate));
        // A well-formed envelope whose key field claims form 2 but holds garbage is a malformed reading.
        SignedReading signed = SignedReading.sign(reading(), ALGORITHM, key, true);
        byte[] sml = ReadingCodec.toSml(signed);
        byte[] spki = signed.key().bytes();
        int at = indexOf(sml, spki);
        sml[at - 3] = 2; // the key form byte precedes the u16 key length
        assertThrows(MalformedReadingException.class, () -> ReadingCodec.fromSml(sml));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
