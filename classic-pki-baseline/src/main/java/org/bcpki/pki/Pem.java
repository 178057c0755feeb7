package org.bcpki.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.crypto.SignatureSuite;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reading and writing PEM (or raw DER) certificates, CSRs, CRLs and PKCS#8 keys. */
public final class Pem {
    private Pem() {}

    /** PEM of a certificate, CRL, CSR, or a private key (always as PKCS#8 "PRIVATE KEY"). */
    public static String encode(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot PEM-encode " + object.getClass().getSimpleName(), e);
        }
        return text.toString();
    }

    /** Writes PEM; a private key goes to a 0600 file (core's PrivateFiles), anything else keeps the default mode. */
    public static void write(Path file, Object object) throws IOException {
        if (object instanceof PrivateKey) {
            org.bcpki.core.io.PrivateFiles.writeString(file, encode(object));
        } else {
            Files.writeString(file, encode(object), StandardCharsets.US_ASCII);
        }
    }

    /** Parses one certificate from PEM or DER; throws IllegalArgumentException when malformed. */
    public static X509CertificateHolder certificate(byte[] pemOrDer) {
        List<X509CertificateHolder> all = certificates(pemOrDer);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    /** All certificates in a PEM bundle, or the one DER certificate. */
    public static List<X509CertificateHolder> certificates(byte[] pemOrDer) {
        try {
            if (!isPem(pemOrDer)) {
                return List.of(readableNames(new X509CertificateHolder(pemOrDer)));
            }
            List<X509CertificateHolder> found = new ArrayList<>();
            for (Object object : pemObjects(pemOrDer)) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new IllegalArgumentException("PEM holds a " + object.getClass().getSimpleName() + ", not a certificate");
                }
                found.add(readableNames(holder));
            }
            return found;
        } catch (IOException | RuntimeException e) {
            throw malformed("certificate", e);
        }
    }

    public static X509CertificateHolder certificate(Path file) throws IOException {
        return certificate(Files.readAllBytes(file));
    }

    /**
     * Parses a PKCS#10 request from PEM or DER; throws IllegalArgumentException when malformed. The request
     * must be DER (RFC 2986), nothing else may follow it, and a PEM must hold exactly this one request: the CA
     * certifies what it parsed, so no other reading of the same bytes may exist.
     */
    public static PKCS10CertificationRequest csr(byte[] pemOrDer) {
        try {
            byte[] der = isPem(pemOrDer) ? onePemBlock(pemOrDer, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST") : pemOrDer;
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            requireDer(csr.toASN1Structure(), der);
            readable(csr.getSubject());
            return csr;
        } catch (IOException | RuntimeException e) {
            throw malformed("PKCS#10 certificate request", e);
        }
    }

    /**
     * Parses a CRL from PEM or DER; throws IllegalArgumentException when malformed. Like a CSR it must be
     * exactly one DER CRL (RFC 5280), so an accepted CRL is byte for byte the one its issuer signed.
     */
    public static X509CRLHolder crl(byte[] pemOrDer) {
        try {
            byte[] der = isPem(pemOrDer) ? onePemBlock(pemOrDer, "X509 CRL") : pemOrDer;
            X509CRLHolder crl = new X509CRLHolder(der);
            requireDer(crl.toASN1Structure(), der);
            readable(crl.getIssuer());
            return crl;
        } catch (IOException | RuntimeException e) {
            throw malformed("CRL", e);
        }
    }

    public static PrivateKey privateKey(Path file) throws IOException {
        List<Object> objects = pemObjects(Files.readAllBytes(file));
        if (objects.size() != 1 || !(objects.get(0) instanceof PrivateKeyInfo info)) {
            throw new IllegalArgumentException(file + " does not hold one PKCS#8 PRIVATE KEY");
        }
        return new JcaPEMKeyConverter().setProvider(SignatureSuite.provider()).getPrivateKey(info);
    }

    /** DER of an ASN.1 object (or holder) whose encoding cannot fail in memory. */
    public static byte[] der(org.bouncycastle.asn1.ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode " + object.getClass().getSimpleName(), e);
        }
    }

    public static byte[] der(X509CertificateHolder certificate) {
        return der(certificate.toASN1Structure());
    }

    public static byte[] der(X509CRLHolder crl) {
        return der(crl.toASN1Structure());
    }

    public static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().setProvider(SignatureSuite.provider()).getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("cannot convert certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isPem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private static List<Object> pemObjects(byte[] pem) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("no PEM object found");
        }
        return objects;
    }

    /** The content of the only PEM block, which must be of one of {@code types}. */
    private static byte[] onePemBlock(byte[] pem, String... types) throws IOException {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                blocks.add(block);
            }
        }
        if (blocks.size() != 1 || !List.of(types).contains(blocks.get(0).getType())) {
            throw new IllegalArgumentException("PEM does not hold exactly one " + types[0]);
        }
        return blocks.get(0).getContent();
    }

    /**
     * Reads every attribute of every RDN of {@code name} and prints it: Bouncy Castle parses attributes and
     * decodes strings only when first read, so a malformed name (an ObjectDescriptor where the attribute type
     * belongs, a UTF8String that is no UTF-8) would otherwise throw later, wherever the name is printed or
     * compared (both found by CrlFuzzTest).
     */
    static X500Name readable(X500Name name) {
        for (RDN rdn : name.getRDNs()) {
            rdn.getTypesAndValues();
        }
        name.toString();
        return name;
    }

    private static X509CertificateHolder readableNames(X509CertificateHolder certificate) {
        readable(certificate.getSubject());
        readable(certificate.getIssuer());
        return certificate;
    }

    /** Rejects BER or other non-canonical encodings and trailing bytes: the input must be the object's DER. */
    private static void requireDer(org.bouncycastle.asn1.ASN1Encodable parsed, byte[] input) {
        if (!java.util.Arrays.equals(der(parsed), input)) {
            throw new IllegalArgumentException("not DER-encoded, or followed by other bytes");
        }
    }

    private static IllegalArgumentException malformed(String what, Exception cause) {
        if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("malformed")) {
            return iae;
        }
        return new IllegalArgumentException("malformed " + what + ": " + cause.getMessage(), cause);
    }

}
