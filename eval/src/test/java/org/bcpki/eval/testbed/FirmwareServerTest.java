package org.bcpki.eval.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The untrusted download site of the firmware step (the gateway's bounded fetch is gateway-adapter's ImageDownloaderTest). */
class FirmwareServerTest {
    @Test
    void servesWhatWasPublishedAndNothingElse() throws Exception {
        byte[] image = new byte[10_000];
        Arrays.fill(image, (byte) 7);
        try (FirmwareServer server = FirmwareServer.start(); HttpClient http = HttpClient.newHttpClient()) {
            String url = server.publish("acme/E350/1.bin", image);
            assertTrue(url.startsWith("http://") && url.endsWith("/firmware/acme/E350/1.bin"), url);

            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            assertArrayEquals(image, served.body());

            HttpResponse<byte[]> missing = http.send(HttpRequest.newBuilder(URI.create(url.replace("1.bin", "2.bin"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(404, missing.statusCode());
        }
    }
}
