package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bcpki demo --json}: the whole story, one JSON document, exit 0, the report directory written; {@code --explorer}. */
class DemoCommandTest {
    @Test
    void demoRunsTheStoryAndPrintsJson(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat provides the meters' serial lines");
        CliRun run = CliRun.of("demo", "--json", "--out", out.toString());
        assertEquals(0, run.code(), run.out() + run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertTrue(json.get("success").asBoolean(), run.out());
        assertTrue(json.get("steps").size() >= 12, run.out());
        for (JsonNode step : json.get("steps")) {
            assertEquals("OK", step.get("status").asText(), step::toString);
        }
        assertTrue(run.err().contains("ok  revoked meter rejected at the gateway"), run.err());
        assertTrue(Files.exists(out.resolve("summary.md")) && Files.exists(out.resolve("gateway-log.tsv")));
        assertTrue(!run.err().contains("explorer:") && !run.out().contains("explorer:"),
                "without --explorer the demo serves no page and returns: " + run.err());
    }

    @Test
    void demoExplorerOptionParses() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--explorer", "--explorer-port", "0");
        assertTrue(demo.explorer);
        assertEquals(0, demo.explorerPort);
        DemoCommand plain = new DemoCommand();
        new CommandLine(plain).parseArgs();
        assertFalse(plain.explorer, "without --explorer the demo stops everything at the end, as before");
        CliRun badPort = CliRun.of("demo", "--explorer", "--explorer-port", "-1");
        assertEquals(ExitCodes.USAGE, badPort.code(), badPort.err());
        assertTrue(badPort.err().contains("--explorer-port must be 0..65535"), badPort.err());
        CliRun help = CliRun.of("demo", "--help");
        assertTrue(help.out().contains("--explorer"), help.out());
    }
}
