package org.bcpki.gateway.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader against a local HTTP server that misbehaves: it serves the image, stalls after
 * the headers, redirects to file:, answers forever. What the Installer does with the bytes is
 * GatewayInstallEndToEndTest's (cli) concern; here the transfer itself.
 */
class ImageDownloaderTest {
    private static final byte[] IMAGE = "firmware 2.0".getBytes(StandardCharsets.UTF_8);
    private static final int DRIP_LENGTH = 1_000_000;
    private static final KeyPair KEY = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(new byte[32]);

    @TempDir
    Path dir;
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicLong endlessWritten = new AtomicLong();
    private final CountDownLatch endlessEnded = new CountDownLatch(1);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/image", exchange -> {
            exchange.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, IMAGE.length);
            exchange.getResponseBody().write(IMAGE, 0, 3);
            exchange.getResponseBody().flush();
            try {
                release.await(30, TimeUnit.SECONDS); // holds the connection open, sending nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, DRIP_LENGTH);
            try (OutputStream out = exchange.getResponseBody()) {
                // One byte every 100 ms of a body that would take a day: never a stall, and never done however
                // late the watchdog runs, so the total timeout is the only way out.
                for (int i = 0; i < DRIP_LENGTH && !release.await(100, TimeUnit.MILLISECONDS); i++) {
                    out.write('x');
                    out.flush();
                }
            } catch (IOException gatewayHungUp) {
                // expected once the gateway gives up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/to-file", exchange -> {
            exchange.getResponseHeaders().add("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/image");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no end
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (endlessWritten.get() < (1L << 32)) {
                    out.write(chunk);
                    endlessWritten.addAndGet(chunk.length);
                }
            } catch (IOException closedByTheGateway) {
                // expected: the gateway stopped reading and closed the connection
            } finally {
                endlessEnded.countDown();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void fetchesTheImageAndCountsItsBytes() throws Exception {
        try (ImageDownloader downloader = ImageDownloader.withDefaults()) {
            ImageDownloader.Download download = downloader.download();
            try (InputStream in = download.open(bundle(url("/image")))) {
                assertArrayEquals(IMAGE, in.readAllBytes());
            }
            assertEquals(IMAGE.length, download.bytesFetched());
            assertEquals(url("/image"), download.uri());
            // a redirect inside http is followed
            try (InputStream in = downloader.download().open(bundle(url("/moved")))) {
                assertArrayEquals(IMAGE, in.readAllBytes());
            }
        }
    }

    @Test
    void refusesOtherSchemesRedirectsToThemAndNon200Answers() throws Exception {
        try (ImageDownloader downloader = ImageDownloader.withDefaults()) {
            assertFails(downloader, "file:///etc/passwd", "only http and https");
            assertFails(downloader, "ftp://127.0.0.1/image", "only http and https");
            assertFails(downloader, "updates.example/image", "only http and https");
            assertFails(downloader, url("/to-file"), "HTTP 302");
            assertFails(downloader, url("/absent"), "HTTP 404");
            assertFails(downloader, "http://127.0.0.1:1/image", "cannot fetch");
        }
    }

    @Test
    void aStalledAnswerIsCutOffAfterTheReadTimeout() throws Exception {
        try (ImageDownloader downloader = new ImageDownloader(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMinutes(1))) {
            ImageDownloader.Download download = downloader.download();
            try (InputStream in = download.open(bundle(url("/stall")))) {
                DownloadFailedException e = assertThrows(DownloadFailedException.class, in::readAllBytes);
                assertTrue(e.getMessage().contains("no data for 300 ms"), e.getMessage());
            }
            assertEquals(3, download.bytesFetched());
        }
    }

    @Test
    void aDrippingAnswerIsCutOffAfterTheTotalTimeout() throws Exception {
        try (ImageDownloader downloader = new ImageDownloader(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(400))) {
            ImageDownloader.Download download = downloader.download();
            try (InputStream in = download.open(bundle(url("/drip")))) {
                DownloadFailedException e = assertThrows(DownloadFailedException.class, in::readAllBytes);
                assertTrue(e.getMessage().contains("not done within 400 ms"), e.getMessage());
            }
            assertTrue(download.bytesFetched() < DRIP_LENGTH, "fetched " + download.bytesFetched());
        }
    }

    @Test
    void anEndlessAnswerIsStoppedAtSizePlusOneAndNothingStays() throws Exception {
        try (ImageDownloader downloader = ImageDownloader.withDefaults()) {
            ImageDownloader.Download download = downloader.download();
            Path staging = dir.resolve("staging");
            StagedImage staged;
            try (InputStream in = download.open(bundle(url("/endless")))) {
                staged = StagedImage.stage(in, staging, IMAGE.length);
            }
            assertTrue(staged.oversize());
            assertEquals(IMAGE.length + 1, staged.size());
            assertEquals(IMAGE.length + 1, download.bytesFetched());
            staged.discard();
            try (var left = Files.list(staging)) {
                assertEquals(0, left.count());
            }
            // closing the stream ended the transfer: the server's writes failed long before its 4 GiB
            assertTrue(endlessEnded.await(30, TimeUnit.SECONDS), "the endless answer was not cut off");
            assertTrue(endlessWritten.get() < (1L << 32), "wrote " + endlessWritten.get());
        }
    }

    private static void assertFails(ImageDownloader downloader, String uri, String why) throws Exception {
        DownloadFailedException e = assertThrows(DownloadFailedException.class, () -> downloader.download().open(bundle(uri)));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static ReleaseBundle bundle(String uri) throws Exception {
        ReleaseMessage release = new ReleaseMessage(1337, Address.fromHex("0x" + "11".repeat(20)),
                SubjectId.parse("acme-metering-gmbh"), Role.METER, DeviceType.of("E350"), 2, IMAGE.length,
                Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(IMAGE)), Bytes32.wrap(Keccak.keccak256(IMAGE)));
        return ReleaseBundle.sign(release, uri, KEY);
    }
}
