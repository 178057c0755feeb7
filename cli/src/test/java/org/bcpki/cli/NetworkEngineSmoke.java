package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bcpki.chain.engine.ChainEngine;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.chain.network.NetworkStatus;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The registry/mirror smoke check, run against any {@link ChainEngine}: deploy the registry
 * through a validator, request and approve a meter grant with the {@code grant} commands, read
 * it back through the mirror node, and let the gateway's mirror client decide it from a verified
 * proof served by the mirror node ({@code mirror check}). Only the engine and its RPC URLs differ
 * between the embedded network and Besu.
 */
final class NetworkEngineSmoke {
    static final String METER = "1ESY1160000071";

    private NetworkEngineSmoke() {}

    /** Runs the check on a network the engine has brought up; {@code work} holds key files and the mirror store. */
    static void check(EngineNetwork network, Path work) throws Exception {
        NetworkSpec spec = network.spec();
        String validator = network.validatorRpc();
        String mirror = network.mirrorRpc();
        Credentials deployer = network.account(0);
        Credentials ptb = network.account(1);
        Credentials bsi = network.account(2);
        Credentials registrar = network.account(3);

        Web3j web3j = Web3j.build(new HttpService(validator));
        String registry;
        try {
            registry = RegistryClient.deploy(web3j, deployer, spec.chainId(), RegistrySetup.withDefaults(List.of(
                    new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER)),
                    new RegistrySetup.Seat(bsi.getAddress(), "BSI", Set.of(Role.values()))),
                    List.of(RegistrySetup.Registrar.anyRole(registrar.getAddress())), List.of())).toHex();
        } finally {
            web3j.shutdown();
        }

        Files.createDirectories(work);
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        Path meterKey = work.resolve("meter.spki");
        Files.write(meterKey, suite.encodePublicKey(suite.fromSeed(Hash.sha3("smoke-meter".getBytes())).getPublic()));
        Path otherKey = work.resolve("other.spki");
        Files.write(otherKey, suite.encodePublicKey(suite.fromSeed(Hash.sha3("smoke-other".getBytes())).getPublic()));

        CliRun requested = CliRun.of("grant", "request", "--rpc", validator, "--registry", registry, "--key", EngineNetwork.keyFile(work, registrar),
                "--subject", METER, "--role", "meter", "--public-key", meterKey.toString(), "--json");
        assertEquals(0, requested.code(), requested.err());
        String requestId = requested.json().get("requestId").asText();
        for (Credentials authority : List.of(ptb, bsi)) {
            CliRun approved = CliRun.of("grant", "approve", "--rpc", validator, "--registry", registry, "--key", EngineNetwork.keyFile(work, authority),
                    "--request-id", requestId);
            assertEquals(0, approved.code(), approved.err());
        }
        CliRun shown = CliRun.of("grant", "show", "--rpc", mirror, "--registry", registry, "--subject", METER, "--json");
        for (int i = 0; i < 50 && shown.code() != 0; i++) { // the mirror imports the block a moment after the validators
            Thread.sleep(200);
            shown = CliRun.of("grant", "show", "--rpc", mirror, "--registry", registry, "--subject", METER, "--json");
        }
        assertEquals(0, shown.code(), shown.err());
        assertEquals("ACTIVE", shown.json().get("status").asText());

        // the gateway's light client, trusting only the genesis block and its validators
        Path anchor = network.genesisAnchor(work.resolve("anchor.json"));
        CliRun granted = CliRun.of("mirror", "check", "--rpc", mirror, "--anchor", anchor.toString(), "--store",
                work.resolve("store").toString(), "--registry", registry, "--id", METER, "--role", "meter", "--key",
                meterKey.toString(), "--json");
        assertEquals(0, granted.code(), granted.out() + granted.err());
        assertEquals("GRANTED", granted.json().get("decision").asText());
        CliRun wrongKey = CliRun.of("mirror", "check", "--rpc", mirror, "--anchor", anchor.toString(), "--store",
                work.resolve("store").toString(), "--registry", registry, "--id", METER, "--role", "meter", "--key",
                otherKey.toString(), "--json");
        assertEquals(1, wrongKey.code(), wrongKey.out() + wrongKey.err());
        assertEquals("WRONG_KEY", wrongKey.json().get("decision").asText());

        List<NetworkStatus.NodeStatus> status = network.engine().status(network.dir());
        assertEquals(spec.nodes().size(), status.size());
        for (NetworkStatus.NodeStatus s : status) {
            assertTrue(s.reachable() && s.height() > 0, s.toString());
            assertEquals(spec.genesisValidators().size(), s.validators().size(), s.toString());
        }
    }
}
