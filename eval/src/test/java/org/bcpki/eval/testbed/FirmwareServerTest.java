package org.bcpki.eval.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The untrusted download site of the firmware step, and the gateway's bounded fetch from it. */
class FirmwareServerTest {
    @Test
    void servesWhatWasPublishedAndTheFetchStopsOneByteAfterTheLimit(@TempDir Path dir) throws Exception {
        byte[] image = new byte[10_000];
        Arrays.fill(image, (byte) 7);
        try (FirmwareServer server = FirmwareServer.start()) {
            String url = server.publish("acme/E350/1.bin", image);
            assertTrue(url.startsWith("http://") && url.endsWith("/firmware/acme/E350/1.bin"), url);

            assertEquals(image.length, FirmwareServer.fetch(url, dir.resolve("whole.bin"), image.length));
            assertArrayEquals(image, Files.readAllBytes(dir.resolve("whole.bin")));

            // A site serving more than the signed size: the gateway keeps size + 1 bytes, enough to refuse it.
            assertEquals(101, FirmwareServer.fetch(url, dir.resolve("cut.bin"), 100));
            assertEquals(101, Files.size(dir.resolve("cut.bin")));

            IOException missing = assertThrows(IOException.class,
                    () -> FirmwareServer.fetch(url.replace("1.bin", "2.bin"), dir.resolve("none.bin"), 100));
            assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
        }
    }
}
