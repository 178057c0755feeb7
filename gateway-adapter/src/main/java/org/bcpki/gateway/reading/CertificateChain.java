package org.bcpki.gateway.reading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * An X.509 certificate chain a meter or EMT presents (DER, leaf first, then any intermediates),
 * for the classic-PKI check ({@code --trust x509}). On the wire, in the reading envelope's key field
 * (key form 2): {@code count u8 (1..4) | per certificate: length u16 | DER}. Every certificate is
 * parsed when the chain is built, so a chain that exists is well-formed X.509; whether it is valid is
 * the verifier's question.
 */
public record CertificateChain(List<byte[]> certificates) {
    public static final int MAX_CERTIFICATES = 4;

    public CertificateChain {
        if (certificates.isEmpty() || certificates.size() > MAX_CERTIFICATES) {
            throw new IllegalArgumentException("a certificate chain has 1.." + MAX_CERTIFICATES + " certificates, got "
                    + certificates.size());
        }
        certificates = certificates.stream().map(byte[]::clone).toList();
        for (byte[] der : certificates) {
            parse(der);
        }
    }

    /** Reads a PEM bundle (or one DER certificate) from a file, leaf first. */
    public static CertificateChain load(java.nio.file.Path file) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read certificate file " + file + ": " + e.getMessage(), e);
        }
        List<byte[]> der = new ArrayList<>();
        for (var holder : org.bcpki.pki.Pem.certificates(bytes)) {
            try {
                der.add(holder.getEncoded());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CertificateChain(der);
    }

    /** Reads the wire form; throws {@link IllegalArgumentException} for anything malformed. */
    public static CertificateChain decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            int count = Byte.toUnsignedInt(in.get());
            List<byte[]> certificates = new ArrayList<>(Math.min(count, MAX_CERTIFICATES));
            for (int i = 0; i < count && i < MAX_CERTIFICATES + 1; i++) {
                byte[] der = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(der);
                certificates.add(der);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("certificate chain has trailing bytes");
            }
            return new CertificateChain(certificates);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("certificate chain is cut short", e);
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(certificates.size());
        for (byte[] der : certificates) {
            if (der.length > 0xFFFF) {
                throw new IllegalArgumentException("a certificate of " + der.length + " bytes does not fit the envelope");
            }
            out.write(der.length >>> 8);
            out.write(der.length & 0xFF);
            out.writeBytes(der);
        }
        return out.toByteArray();
    }

    /** The leaf certificate's SubjectPublicKeyInfo (DER): the key the holder signs with. */
    public byte[] leafSpki() {
        try {
            return parse(certificates.get(0)).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<byte[]> certificates() {
        return certificates.stream().map(byte[]::clone).toList();
    }

    private static Certificate parse(byte[] der) {
        try {
            Certificate certificate = Certificate.getInstance(der);
            if (certificate == null) {
                throw new IllegalArgumentException("empty certificate");
            }
            return certificate;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
