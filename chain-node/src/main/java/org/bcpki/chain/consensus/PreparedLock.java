package org.bcpki.chain.consensus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;

/**
 * The validator's latest prepared certificate, kept on disk: a validator that prepared (and may
 * have committed) a block and then crashed must still report it in its round changes after a
 * restart, or a new round could finalise a different block at the same height.
 */
final class PreparedLock {
    private final Path file;

    PreparedLock(Path file) {
        this.file = file;
    }

    void save(long height, PreparedCertificate certificate) {
        Bytes encoded = QbftCodec.encode(new RoundChange(height, certificate.round() + 1, Optional.of(certificate)));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, encoded.toArrayUnsafe());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the prepared certificate", e);
        }
    }

    /** The certificate saved for {@code height}, if any (the caller re-checks it before use). */
    Optional<PreparedCertificate> load(long height) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            QbftMessage m = QbftCodec.decode(Bytes.wrap(Files.readAllBytes(file)));
            if (m instanceof RoundChange rc && rc.height() == height) {
                return rc.prepared();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
