package org.bcpki.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bcpki.core.io.PrivateFiles;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The secrets the CLI tests hand to {@code --key} and {@code --signing-key}: written once each, 0600, in a
 * 0700 {@code keys/} directory below the test's own.
 */
final class TestKeyFiles {
    private TestKeyFiles() {}

    /** {@code account}'s private key as the key file {@code --key} reads: always 64 hex digits (leading zeros kept). */
    static Path accountKey(Path dir, Credentials account) throws Exception {
        return written(dir, account.getAddress() + ".key",
                Numeric.toHexStringNoPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64));
    }

    /** A signing seed derived from {@code name} (keccak256 of it), as {@code --signing-key} reads it. */
    static Path seed(Path dir, String name) throws Exception {
        return written(dir, name + ".seed", HexFormat.of().formatHex(Hash.sha3(name.getBytes(StandardCharsets.UTF_8))));
    }

    private static Path written(Path dir, String name, String content) throws Exception {
        Path file = PrivateFiles.directory(dir.resolve("keys")).resolve(name);
        if (!Files.exists(file)) {
            PrivateFiles.writeString(file, content);
        }
        return file;
    }
}
