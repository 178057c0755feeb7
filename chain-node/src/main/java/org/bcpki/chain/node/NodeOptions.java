package org.bcpki.chain.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bcpki.chain.network.Toml;
import org.bcpki.chain.tx.TransactionPoolOptions;

/**
 * The options the embedded node takes from its {@code NAME/config.toml}, under Besu's names:
 * {@code permissions-accounts-config-file-enabled} and the pool's {@code tx-pool-max-size},
 * {@code tx-pool-limit-by-account-percentage} and {@code tx-pool-max-future-by-sender}. Missing
 * options (or a missing file) keep the defaults.
 */
record NodeOptions(Optional<Boolean> accountsAllowlistEnabled, TransactionPoolOptions pool) {

    static NodeOptions read(Path configFile) throws IOException {
        if (!Files.isRegularFile(configFile)) {
            return new NodeOptions(Optional.empty(), TransactionPoolOptions.DEFAULT);
        }
        Map<String, Object> toml = Toml.parse(Files.readString(configFile));
        TransactionPoolOptions d = TransactionPoolOptions.DEFAULT;
        try {
            Optional<Boolean> accounts = Optional.ofNullable((Boolean) toml.get("permissions-accounts-config-file-enabled"));
            TransactionPoolOptions pool = new TransactionPoolOptions(
                    Math.toIntExact(number(toml, "tx-pool-max-size", d.maxSize()).longValue()),
                    number(toml, "tx-pool-limit-by-account-percentage", d.limitByAccountPercentage()).doubleValue(),
                    Math.toIntExact(number(toml, "tx-pool-max-future-by-sender", d.maxFutureBySender()).longValue()));
            return new NodeOptions(accounts, pool);
        } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }
    }

    private static Number number(Map<String, Object> toml, String key, Number fallback) {
        Object value = toml.getOrDefault(key, fallback);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(key + " must be a number, not " + value);
        }
        return n;
    }
}
