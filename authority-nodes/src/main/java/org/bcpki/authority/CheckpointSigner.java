package org.bcpki.authority;

import java.io.IOException;
import java.security.KeyPair;
import java.sql.SQLException;
import java.util.Optional;
import org.bcpki.contracts.CheckpointClient;
import org.bcpki.contracts.CheckpointDigest;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CheckpointMessage;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.SubjectId;

/**
 * Signs a post-quantum checkpoint every {@code interval} blocks: for the latest block whose number
 * is a multiple of the interval, the ML-DSA-65 signature (with the key of this authority's AUTHORITY
 * grant) over {@link CheckpointMessage#signedBytes()} (the light client's message), submitted to the
 * CheckpointRegistry once.
 */
public final class CheckpointSigner {

    /** Where block headers come from (a node's JSON-RPC, re-hashed locally). */
    public interface HeaderSource {
        long latestNumber() throws IOException;

        BlockHeader header(long number) throws IOException;
    }

    /** What a service needs to sign checkpoints. */
    public record Settings(HeaderSource headers, CheckpointClient registry, long chainId, long interval,
                           SubjectId signer, KeyPair mlDsa65Key) {
        public Settings {
            if (interval <= 0) {
                throw new IllegalArgumentException("checkpoint interval must be positive");
            }
        }
    }

    private static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);

    private final Settings settings;
    private final AuthorityStore store;

    CheckpointSigner(Settings settings, AuthorityStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** Signs and submits the latest due checkpoint if not done yet; returns its number. */
    Optional<Long> runOnce(long now) throws IOException, SQLException, RegistryRejectedException {
        // The registry accepts only blocks before the one its transaction lands in, and the
        // pre-flight eth_call runs at the head: sign the newest due block strictly below the head.
        long below = settings.headers().latestNumber() - 1;
        long due = below - below % settings.interval();
        if (due <= 0 || due <= store.lastCheckpoint()) {
            return Optional.empty(); // genesis is trusted by configuration; or done already
        }
        BlockHeader header = settings.headers().header(due);
        CheckpointMessage message = CheckpointMessage.of(settings.chainId(), header);
        byte[] signature = ML_DSA_65.sign(settings.mlDsa65Key().getPrivate(), message.signedBytes());
        String tx = null;
        try {
            TxOutcome outcome = settings.registry().submit(message, settings.signer(), signature);
            tx = outcome.transactionHash();
        } catch (RegistryRejectedException e) {
            if (!e.errorName().equals("AlreadySigned")) {
                throw e;
            }
        }
        store.recordCheckpoint(due, Hex.data(CheckpointDigest.of(message)), tx, now);
        return Optional.of(due);
    }
}
