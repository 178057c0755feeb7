package org.bcpki.chain.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two test suites on one machine once drew the same random port: the other JVM bound it between
 * this one's probe and its bind (a CI lane failed with "Port already in use"). A port reserved by
 * another process is never handed out.
 */
class FreePortsTest {
    @Test
    void aPortAnotherProcessReservedIsNeverHandedOut() throws Exception {
        // above the range next() draws from, so no other suite running here can hold these three
        int low = ThreadLocalRandom.current().nextInt(32_000, 32_700);
        Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), HoldPorts.class.getName(), String.valueOf(low), String.valueOf(low + 1))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("reserved", out.readLine(), "the other process could not reserve its ports");
            assertEquals(low + 2, FreePorts.next(low, low + 3), "the only port of the three the other process does not hold");
            assertThrows(IllegalStateException.class, () -> FreePorts.next(low, low + 3), "all three are reserved now");
        } finally {
            other.getOutputStream().close(); // end of its stdin: the other process lets go and exits
            if (!other.waitFor(30, TimeUnit.SECONDS)) {
                other.destroy();
                other.waitFor();
            }
        }
    }

    /** The other process: reserves the ports named, says so, and holds them until its stdin ends. */
    public static final class HoldPorts {
        public static void main(String[] args) throws IOException {
            for (String port : args) {
                if (!FreePorts.reserve(Integer.parseInt(port))) {
                    System.out.println("taken: " + port);
                    return;
                }
            }
            System.out.println("reserved");
            System.out.flush();
            while (System.in.read() != -1) {
                // held until the test closes the pipe (or dies, which closes it too)
            }
        }
    }
}
