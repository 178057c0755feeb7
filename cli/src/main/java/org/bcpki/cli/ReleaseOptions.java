package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import org.bcpki.contracts.SoftwareRegistryClient;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Option;

/** The chain options every {@code bcpki release} command shares. */
final class ReleaseOptions {
    @Option(names = "--rpc", required = true, description = "JSON-RPC URL of a chain node.")
    String rpc;

    @Option(names = "--registry", required = true, description = "The SoftwareRegistry contract address (0x...).")
    String registry;

    @Option(names = "--key", description = "File with the sending account's secp256k1 private key (64 hex digits).")
    Path key;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    Web3j web3j() {
        registryAddress();
        return Web3j.build(new HttpService(rpc));
    }

    Address registryAddress() {
        return GrantOptions.address(registry, "--registry");
    }

    long chainId(Web3j web3j) throws IOException {
        return web3j.ethChainId().send().getChainId().longValueExact();
    }

    SoftwareRegistryClient signingClient(Web3j web3j) throws IOException {
        if (key == null) {
            throw new UsageError("--key is required to send a transaction");
        }
        return SoftwareRegistryClient.connect(web3j, registryAddress(), GrantOptions.credentials(key), chainId(web3j));
    }

    SoftwareRegistryClient reader(Web3j web3j) {
        return SoftwareRegistryClient.readOnly(web3j, registryAddress());
    }

    /** An ML-DSA-65 signing key file: its 32-byte seed as 64 hex digits (as 'bcpki meter keygen' and the callers' keys). */
    static KeyPair signingKey(Path file) {
        String hex;
        try {
            hex = Files.readString(file).strip().replaceFirst("^0x", "");
        } catch (IOException e) {
            throw new UsageError("cannot read --signing-key " + file + ": " + e.getMessage());
        }
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new UsageError("--signing-key " + file + " must hold an ML-DSA-65 key's 32-byte seed as 64 hex digits");
        }
        return SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(HexFormat.of().parseHex(hex));
    }
}
