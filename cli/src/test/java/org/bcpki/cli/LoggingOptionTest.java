package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --logging on the commands that run nodes: Besu's levels, a bad one is a usage error naming the value. */
class LoggingOptionTest {
    @TempDir
    Path tmp;

    @Test
    void aBadLevelIsAUsageErrorBeforeAnythingStarts() {
        Path dir = tmp.resolve("net");
        assertEquals(0, CliRun.of("network", "init", "--dir", dir.toString(), "--validators", "1", "--mirrors", "0").code());
        for (String[] command : new String[][] {
                {"node", "run", "--dir", dir.toString(), "--node", "validator-1", "--logging", "LOUD"},
                {"network", "up", "--dir", dir.toString(), "--logging", "LOUD"},
                {"network", "bench", "--dir", dir.toString(), "--logging", "LOUD"}}) {
            CliRun run = CliRun.of(command);
            assertEquals(2, run.code(), String.join(" ", command));
            assertTrue(run.err().contains("Invalid value for option '--logging': Unknown logging value: LOUD (use one of OFF, FATAL, ERROR,"),
                    run.err());
        }
        CliRun noValue = CliRun.of("node", "run", "--dir", dir.toString(), "--node", "validator-1", "--logging");
        assertEquals(2, noValue.code());
        assertTrue(noValue.err().contains("--logging"), noValue.err());
    }

    @Test
    void benchMetricsTakesOnOrOff() {
        CliRun bad = CliRun.of("network", "bench", "--dir", tmp.resolve("b").toString(), "--metrics", "maybe");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--metrics must be on or off, not maybe"), bad.err());
    }
}
