package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BcpkiTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Bcpki.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryGroup() {
        Result result = run("--help");
        assertEquals(0, result.code());
        for (String group : new String[] {"network", "node", "authority", "grant", "mirror", "puf", "pki",
                "gateway", "meter", "eval", "demo"}) {
            assertTrue(result.out().contains("  " + group + " "), "help lists " + group);
        }
    }

    @Test
    void versionNamesTheProjectVersion() {
        Result result = run("--version");
        assertEquals(0, result.code());
        assertTrue(result.out().startsWith("bcpki 0."), result.out());
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrorsWithoutStackTraces() {
        Result unknownCommand = run("frobnicate");
        assertEquals(2, unknownCommand.code());
        assertTrue(unknownCommand.err().contains("Unmatched argument"), unknownCommand.err());
        assertFalse(unknownCommand.err().contains("\tat "), unknownCommand.err());

        Result unknownOption = run("--colour");
        assertEquals(2, unknownOption.code());
        assertFalse(unknownOption.err().contains("Exception"), unknownOption.err());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run().code());
    }
}
