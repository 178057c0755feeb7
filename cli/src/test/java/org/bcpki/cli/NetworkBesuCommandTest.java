package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bcpki.chain.besu.BesuInstallation;
import org.bcpki.chain.net.Enode;
import org.bcpki.chain.network.NetworkFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bcpki network init|up|status|down --engine besu} as a user types them, on a machine without Besu. */
class NetworkBesuCommandTest {

    @TempDir
    Path tmp;


    @Test
    void initWritesTheBesuConsortium() throws Exception {
        Path dir = tmp.resolve("consortium");
        CliRun init = CliRun.of("network", "init", "--engine", "besu", "--dir", dir.toString(), "--validators", "4", "--mirrors", "2",
                "--hosts", "10.1.0.1,10.1.0.2,10.1.0.3,10.1.0.4,10.1.0.5,10.1.0.6", "--json");
        assertEquals(0, init.code(), init.err());
        JsonNode doc = Output.mapper().readTree(init.out());
        assertEquals("besu", doc.get("engine").asText());
        assertEquals(6, doc.get("nodes").size());
        assertEquals("10.1.0.6", Enode.parse(doc.get("nodes").get(5).get("enode").asText()).host());
        assertEquals("besu", NetworkFiles.engine(dir));
        assertEquals(dir.resolve("docker-compose.yml").toAbsolutePath().toString(), doc.get("dockerCompose").asText());
        for (String file : new String[] {"genesis.json", "permissions_config.toml", "docker-compose.yml", "network.json",
                "validator-1/key", "validator-1/key.pub", "validator-1/config.toml", "mirror-2/config.toml"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals(6, NetworkFiles.readPermissions(dir.resolve("permissions_config.toml")).nodes().size());
        assertTrue(Files.readString(dir.resolve("validator-1/config.toml")).contains("rpc-ws-port="));

        CliRun text = CliRun.of("network", "init", "--engine", "besu", "--dir", tmp.resolve("text").toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("docker compose -f"), text.out());
        assertEquals(2, CliRun.of("network", "init", "--engine", "besu", "--dir", tmp.resolve("bad").toString(),
                "--hosts", "10.0.0.1,bad:host").code());
    }

    @Test
    void upWithoutBesuExitsTwoSayingHowToGetIt() throws Exception {
        Assumptions.assumeTrue(BesuInstallation.locate(System.getenv()).isEmpty(),
                "a Besu is installed on this machine (BESU_HOME or PATH), so 'up' would start it");
        Path dir = tmp.resolve("net");
        assertEquals(0, CliRun.of("network", "init", "--engine", "besu", "--dir", dir.toString(), "--validators", "4",
                "--mirrors", "1").code());

        CliRun up = CliRun.of("network", "up", "--dir", dir.toString());
        assertEquals(2, up.code(), up.out() + up.err());
        assertTrue(up.err().contains("Besu not found"), up.err());
        assertTrue(up.err().contains("https://github.com/hyperledger/besu/releases"), up.err());
        assertTrue(up.err().contains("hyperledger/besu:"), up.err());
        assertFalse(up.err().contains("\tat "), "no stack trace");
        assertEquals(2, CliRun.of("network", "up", "--engine", "besu", "--dir", dir.toString()).code());
        assertEquals(2, CliRun.of("network", "up", "--engine", "embedded", "--dir", dir.toString()).code(),
                "the directory was written for besu");

        CliRun status = CliRun.of("network", "status", "--dir", dir.toString(), "--json");
        assertEquals(1, status.code(), "nothing runs: a negative result");
        assertEquals(5, Output.mapper().readTree(status.out()).get("nodes").size());
        CliRun down = CliRun.of("network", "down", "--dir", dir.toString());
        assertEquals(0, down.code(), down.err());
        assertTrue(down.out().contains("nothing was running"), down.out());
    }
}
