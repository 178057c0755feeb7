package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BcpkiTest {

    @Test
    void helpListsEveryGroup() {
        CliRun result = CliRun.of("--help");
        assertEquals(0, result.code());
        for (String group : new String[] {"network", "node", "authority", "grant", "mirror", "puf", "pki",
                "gateway", "meter", "eval", "demo", "governance", "explorer", "release"}) {
            assertTrue(result.out().contains("  " + group + " "), "help lists " + group);
        }
    }

    @Test
    void versionNamesTheProjectVersion() {
        CliRun result = CliRun.of("--version");
        assertEquals(0, result.code());
        assertTrue(result.out().startsWith("bcpki 0."), result.out());
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrorsWithoutStackTraces() {
        CliRun unknownCommand = CliRun.of("frobnicate");
        assertEquals(2, unknownCommand.code());
        assertTrue(unknownCommand.err().contains("Unmatched argument"), unknownCommand.err());
        assertFalse(unknownCommand.err().contains("\tat "), unknownCommand.err());

        CliRun unknownOption = CliRun.of("--colour");
        assertEquals(2, unknownOption.code());
        assertFalse(unknownOption.err().contains("Exception"), unknownOption.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, CliRun.of().code());
    }
}
