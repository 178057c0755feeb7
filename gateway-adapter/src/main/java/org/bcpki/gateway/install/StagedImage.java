package org.bcpki.gateway.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.io.PrivateFiles;

/**
 * An untrusted image copied into the gateway's store before it is judged, hashed while copied: the
 * decision is about these bytes, which nobody else can change afterwards (no check-then-use race on
 * the caller's file). At most {@code limit + 1} bytes are read, so a huge file or an endless download
 * costs nothing; the caller closes {@code in}.
 */
record StagedImage(Path file, long size, boolean oversize, Bytes32 sha256, Bytes32 keccak256) {
    static StagedImage stage(InputStream in, Path stagingDir, long limit) throws IOException {
        PrivateFiles.directory(stagingDir);
        Path staged = Files.createTempFile(stagingDir, "image-", ".part");
        MessageDigest sha256 = newSha256();
        Keccak.Incremental keccak = Keccak.incremental();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(staged)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (size <= limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - size))) > 0) {
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                keccak.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return new StagedImage(staged, size, size > limit, Bytes32.wrap(sha256.digest()), Bytes32.wrap(keccak.digest()));
    }

    /** Hashes a stored image again (offline verification). */
    static StagedImage hash(Path file) throws IOException {
        MessageDigest sha256 = newSha256();
        Keccak.Incremental keccak = Keccak.incremental();
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                keccak.update(buffer, 0, n);
                size += n;
            }
        }
        return new StagedImage(file, size, false, Bytes32.wrap(sha256.digest()), Bytes32.wrap(keccak.digest()));
    }

    void moveTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void discard() throws IOException {
        Files.deleteIfExists(file);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
