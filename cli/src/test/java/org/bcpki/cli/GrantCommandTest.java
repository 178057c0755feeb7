package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bcpki.contracts.RegistryClient;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.contracts.evm.EvmChain;
import org.bcpki.contracts.evm.EvmJsonRpc;
import org.bcpki.contracts.evm.EvmRpcServer;
import org.bcpki.contracts.evm.EvmWeb3jService;
import org.bcpki.contracts.evm.TestAccounts;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/** {@code bcpki grant ...} over HTTP JSON-RPC against the registry executed by go-ethereum's EVM. */
class GrantCommandTest {
    private record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @TempDir
    Path dir;
    private EvmChain chain;
    private EvmRpcServer server;
    private String registry;
    private final Credentials ptb = TestAccounts.named("ptb");
    private final Credentials bsi = TestAccounts.named("bsi");
    private final Credentials registrar = TestAccounts.named("registrar");

    @BeforeEach
    void start() throws Exception {
        chain = new EvmChain();
        chain.setTime(java.time.Instant.now().getEpochSecond());
        EvmJsonRpc rpc = new EvmJsonRpc(chain);
        server = EvmRpcServer.start(rpc);
        Web3j web3j = Web3j.build(new EvmWeb3jService(rpc));
        registry = RegistryClient.deploy(web3j, TestAccounts.named("deployer"), EvmChain.CHAIN_ID,
                RegistrySetup.withDefaults(List.of(
                        new RegistrySetup.Seat(ptb.getAddress(), "PTB", Set.of(Role.METER)),
                        new RegistrySetup.Seat(bsi.getAddress(), "BSI", Set.of(Role.values()))),
                        List.of(registrar.getAddress())));
        web3j.shutdown();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        chain.close();
    }

    private Path keyFile(Credentials account) throws Exception {
        Path file = dir.resolve(account.getAddress() + ".key");
        Files.writeString(file, Numeric.toHexStringNoPrefixZeroPadded(account.getEcKeyPair().getPrivateKey(), 64));
        return file;
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Bcpki.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private String[] chainArgs(String command, String... rest) {
        String[] base = {"grant", command, "--rpc", server.url(), "--registry", registry};
        String[] all = new String[base.length + rest.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(rest, 0, all, base.length, rest.length);
        return all;
    }

    @Test
    void requestApproveShowRevoke() throws Exception {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        Path publicKey = dir.resolve("meter.spki");
        Files.write(publicKey, suite.encodePublicKey(suite.fromSeed(Hash.sha3("meter-61".getBytes())).getPublic()));

        Result requested = run(chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", "1ESY1160000061",
                "--role", "meter", "--public-key", publicKey.toString(), "--json"));
        assertEquals(0, requested.code(), requested.err() + requested.out());
        String requestId = requested.json().get("requestId").asText();
        assertEquals("ML-DSA-65", requested.json().get("algorithm").asText());

        Result duplicate = run(chainArgs("request", "--key", keyFile(registrar).toString(), "--subject", "1ESY1160000061",
                "--role", "meter", "--public-key", publicKey.toString(), "--not-before",
                requested.json().get("notBefore").asText()));
        assertEquals(1, duplicate.code());
        assertTrue(duplicate.err().contains("RequestExists"), duplicate.err());

        Result notAuthority = run(chainArgs("approve", "--key", keyFile(registrar).toString(), "--request-id", requestId));
        assertEquals(1, notAuthority.code());
        assertTrue(notAuthority.err().contains("NotAuthority"), notAuthority.err());
        assertFalse(notAuthority.err().contains("\tat "));

        Result first = run(chainArgs("approve", "--key", keyFile(ptb).toString(), "--request-id", requestId, "--json"));
        assertEquals(0, first.code(), first.err());
        assertEquals("PENDING", first.json().get("requestState").asText());
        Result second = run(chainArgs("approve", "--key", keyFile(bsi).toString(), "--request-id", requestId));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("ACTIVATED"), second.out());

        Result shown = run(chainArgs("show", "--subject", "1ESY1160000061", "--json"));
        assertEquals(0, shown.code(), shown.err());
        JsonNode record = shown.json();
        assertEquals("ACTIVE", record.get("status").asText());
        assertEquals("METER", record.get("role").asText());
        assertEquals(1, record.get("version").asInt());
        assertEquals(requested.json().get("keyHash").asText(), record.get("keyHash").asText());
        assertTrue(run(chainArgs("show", "--subject", "1ESY1160000061")).out().contains("status     ACTIVE"));

        Result revoked = run(chainArgs("revoke", "--key", keyFile(ptb).toString(), "--subject", "1ESY1160000061",
                "--reason", "meter stolen", "--json"));
        assertEquals(0, revoked.code(), revoked.err());
        assertEquals("REVOKED", revoked.json().get("status").asText());
        assertEquals("REVOKED", run(chainArgs("show", "--subject", "1ESY1160000061", "--json")).json().get("status").asText());
    }

    @Test
    void negativeResultsAndUsageErrors() throws Exception {
        Result unknown = run(chainArgs("show", "--subject", "1ESY1160000062", "--json"));
        assertEquals(1, unknown.code(), "no grant is a negative result");
        assertEquals("NONE", unknown.json().get("status").asText());

        assertEquals(2, run(chainArgs("show", "--subject", "1XY")).code());
        assertEquals(2, run(chainArgs("approve", "--request-id", "0x12")).code());
        assertEquals(2, run(chainArgs("approve", "--request-id", "0x" + "11".repeat(32))).code(), "--key missing");
        assertEquals(2, run("grant", "show", "--rpc", server.url(), "--registry", "0x1234", "--subject", "1ESY1160000062").code());
        assertEquals(2, run("grant").code());

        Result down = run("grant", "show", "--rpc", "http://127.0.0.1:1", "--registry", registry, "--subject", "1ESY1160000062");
        assertEquals(1, down.code());
        assertTrue(down.err().contains("cannot reach the node"), down.err());
    }

    @Test
    void authorityInitWritesAServiceDirectory() throws Exception {
        Path service = dir.resolve("ptb-service");
        Result init = run("authority", "init", "--dir", service.toString(), "--registry", registry, "--json");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.json().get("account").asText().startsWith("0x"));
        for (String file : new String[] {"authority.json", "account.key", "policy.json", "callers.json"}) {
            assertTrue(Files.exists(service.resolve(file)), file);
        }
        assertEquals(2, run("authority", "init", "--dir", service.toString(), "--registry", registry).code(),
                "never overwrites an account key");
        Result unreachable = run("authority", "serve", "--dir", service.toString(), "--name", "PTB", "--rpc", "http://127.0.0.1:1");
        assertEquals(2, unreachable.code());
        assertTrue(unreachable.err().contains("cannot reach the node"), unreachable.err());
    }
}
