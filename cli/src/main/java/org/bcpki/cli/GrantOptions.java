package org.bcpki.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine.Option;

/** The chain options every {@code bcpki grant} command shares. */
final class GrantOptions {
    @Option(names = "--rpc", required = true, description = "JSON-RPC URL of a chain node.")
    String rpc;

    @Option(names = "--registry", required = true, description = "The IdentityRegistry contract address (0x...).")
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
        return address(registry, "--registry");
    }

    /** An address option's value: 0x and 40 hex digits, else a usage error naming the option. */
    static Address address(String value, String option) {
        try {
            return new Address(Hex.fixed(value.trim(), Address.SIZE, option));
        } catch (MalformedDataException e) {
            throw new UsageError(option + " must be a 0x address of 40 hex digits");
        }
    }

    /** The secp256k1 account in a --key file (64 hex digits), else a usage error naming the file. */
    static Credentials credentials(Path key) {
        String hex;
        try {
            hex = Files.readString(key).strip().replaceFirst("^0x", "");
        } catch (IOException e) {
            throw new UsageError("cannot read --key " + key + ": " + e.getMessage());
        }
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new UsageError("--key " + key + " must hold a secp256k1 private key as 64 hex digits");
        }
        return Credentials.create(ECKeyPair.create(HexFormat.of().parseHex(hex)));
    }

    /** A client that signs with --key (required for writes). */
    RegistryClient signingClient(Web3j web3j) throws IOException {
        if (key == null) {
            throw new UsageError("--key is required to send a transaction");
        }
        Credentials credentials = credentials(key);
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        return RegistryClient.connect(web3j, registryAddress(), credentials, chainId);
    }
}
