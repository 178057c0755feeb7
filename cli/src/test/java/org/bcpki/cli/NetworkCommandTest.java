package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bcpki.chain.block.GenesisConfig;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.RpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bcpki network init/up/status/down and node run, as a user types them. */
class NetworkCommandTest {

    @TempDir
    Path tmp;


    @Test
    void initWritesBesuFilesAndRefusesToOverwrite() throws Exception {
        Path dir = tmp.resolve("net");
        CliRun init = CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "4", "--mirrors", "2",
                "--block-period", "1", "--chain-id", "1337", "--json");
        assertEquals(0, init.code(), init.err());
        JsonNode doc = Output.mapper().readTree(init.out());
        assertEquals(6, doc.get("nodes").size());
        assertEquals("validator-1", doc.get("nodes").get(0).get("name").asText());
        assertEquals("mirror-2", doc.get("nodes").get(5).get("name").asText());
        assertEquals("mirror", doc.get("nodes").get(5).get("role").asText());
        assertTrue(doc.get("nodes").get(0).get("enode").asText().startsWith("enode://"));

        GenesisConfig genesis = GenesisConfig.read(dir.resolve("genesis.json"));
        assertEquals(1337, genesis.chainId());
        assertEquals(1000, genesis.periodMillis());
        JsonNode raw = Output.mapper().readTree(dir.resolve("genesis.json").toFile());
        assertTrue(raw.get("config").get("zeroBaseFee").asBoolean());
        assertEquals("0x1", raw.get("difficulty").asText());
        assertTrue(Files.readString(dir.resolve("validator-1/key")).startsWith("0x"));
        assertTrue(Files.readString(dir.resolve("mirror-1/config.toml")).contains("p2p-port="));
        NetworkFiles.Permissions permissions = NetworkFiles.readPermissions(dir.resolve("permissions_config.toml"));
        assertEquals(6, permissions.nodes().size());

        CliRun again = CliRun.of("network", "init", "--dir", dir.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a network"), again.err());
        assertEquals(2, CliRun.of("network", "init", "--dir", tmp.resolve("b").toString(), "--engine", "geth").code());
        assertEquals(2, CliRun.of("network", "init", "--dir", tmp.resolve("c").toString(), "--hosts", "10.0.0.1").code(),
                "--hosts is for the besu engine");
        assertFalse(Files.exists(tmp.resolve("b")) || Files.exists(tmp.resolve("c")));
        CliRun wrongEngine = CliRun.of("network", "up", "--dir", dir.toString(), "--engine", "besu");
        assertEquals(2, wrongEngine.code());
        assertTrue(wrongEngine.err().contains("written for engine 'embedded'"), wrongEngine.err());
        assertEquals(2, CliRun.of("network", "status", "--dir", tmp.resolve("none").toString(), "--json").code());
        assertEquals(2, CliRun.of("node", "run", "--dir", dir.toString(), "--node", "validator-9").code());
    }

    @Test
    void emptyBlockPeriodReachesTheGenesisAndABadConfigKeyIsNamed() throws Exception {
        for (String engine : List.of("embedded", "besu")) {
            Path dir = tmp.resolve("empty-" + engine);
            CliRun init = CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "1", "--mirrors", "0",
                    "--engine", engine, "--empty-block-period", "10");
            assertEquals(0, init.code(), init.err());
            JsonNode raw = Output.mapper().readTree(dir.resolve("genesis.json").toFile());
            assertEquals(10, raw.get("config").get("qbft").get("emptyblockperiodseconds").asLong(), engine);
            assertEquals(10, NetworkFiles.read(dir).emptyBlockPeriodSeconds());
        }
        assertEquals(2, CliRun.of("network", "init", "--dir", tmp.resolve("neg").toString(), "--empty-block-period", "-1").code());

        Path dir = tmp.resolve("empty-embedded");
        Files.writeString(dir.resolve("validator-1/config.toml"), "rpc-http-cors-origin=[\"http://typo\"]\n",
                java.nio.file.StandardOpenOption.APPEND);
        for (CliRun run : List.of(CliRun.of("network", "up", "--dir", dir.toString()),
                CliRun.of("node", "run", "--dir", dir.toString(), "--node", "validator-1"))) {
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("unknown option 'rpc-http-cors-origin' (not a Besu option)"), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        }
    }

    @Test
    void upDetachedStatusAndDown() throws Exception {
        Path dir = tmp.resolve("live");
        assertEquals(0, CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "1", "--mirrors", "1").code());
        CliRun down = CliRun.of("network", "status", "--dir", dir.toString(), "--json");
        assertEquals(1, down.code(), "nodes not running is a negative result");
        JsonNode offline = Output.mapper().readTree(down.out()).get("nodes");
        assertEquals(2, offline.size());
        assertTrue(offline.get(0).get("height").isNull());

        // Generous deadlines: a CI machine may run several builds at once (load 50 on 2 cores seen).
        // --logging reaches the background JVM (log lines in Besu's format, in D/run/network.log)
        CliRun up = CliRun.of("network", "up", "--dir", dir.toString(), "--detach", "--timeout", "600", "--logging", "DEBUG");
        try {
            assertEquals(0, up.code(), up.err());
            assertTrue(up.out().contains("validator-1") && up.out().contains("http://127.0.0.1:"), up.out());
            JsonNode nodes = null;
            long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                CliRun status = CliRun.of("network", "status", "--dir", dir.toString(), "--json");
                nodes = Output.mapper().readTree(status.out()).get("nodes");
                if (status.code() == 0 && nodes.get(1).get("height").asLong() >= 2) {
                    break;
                }
                Thread.sleep(300);
            }
            JsonNode mirror = nodes.get(1);
            for (String field : List.of("name", "role", "rpcUrl", "height", "headHash", "peers", "validators", "metricsUrl")) {
                assertTrue(mirror.has(field), field);
            }
            assertTrue(mirror.get("metricsUrl").asText().matches("http://127\\.0\\.0\\.1:\\d+/metrics"), mirror.toString());
            assertEquals("mirror", mirror.get("role").asText());
            assertTrue(mirror.get("height").asLong() >= 2, nodes.toString());
            assertEquals(1, mirror.get("validators").size());
            assertEquals(1, mirror.get("peers").asInt());

            // finding 5: the validator's vote API answers the operator's token only
            String validatorUrl = nodes.get(0).get("rpcUrl").asText();
            CliRun token = CliRun.of("network", "token", "--dir", dir.toString(), "--permissions", "qbft:*");
            assertEquals(0, token.code(), token.err());
            try (RpcClient anonymous = new RpcClient(validatorUrl); RpcClient operator = new RpcClient(validatorUrl, token.out().trim())) {
                IOException refused = assertThrows(IOException.class, () -> anonymous.call("qbft_getPendingVotes"));
                assertTrue(refused.getMessage().contains("-40100") && refused.getMessage().contains("Unauthorized"), refused.getMessage());
                assertTrue(operator.call("qbft_getPendingVotes").isObject());
            }
            assertEquals(2, CliRun.of("network", "token", "--dir", dir.toString(), "--permissions", "qbft").code());
            String log = Files.readString(dir.resolve("run").resolve("network.log"));
            assertTrue(log.contains(" | DEBUG | "), log);
            assertTrue(log.contains(" | INFO  | ChainNode | validator-1 (validator) up"), log);
        } finally {
            CliRun stopped = CliRun.of("network", "down", "--dir", dir.toString());
            assertEquals(0, stopped.code(), stopped.err());
        }
        assertFalse(CliRun.of("network", "status", "--dir", dir.toString()).code() == 0);
    }
}
