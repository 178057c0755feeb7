package org.bcpki.cli.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The explorer in a real headless Chromium (Debian's chromium and chromedriver, driven by
 * Selenium): the page is loaded once, then a grant and its revocation happen on chain and the
 * gateway reports the refusal; the page's live view must show the new block, the revocation and
 * the gateway's new decision without the test reloading it. Skipped, saying why, without chromium.
 */
class ExplorerBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SUBJECT = "1ESY1160000081";

    @TempDir
    Path dir;

    private volatile String gatewayStatus = "{\"trust\":\"chain\",\"accepted\":3,\"rejected\":{}}";

    @Test
    void liveViewShowsANewBlockARevocationAndTheGatewaysDecision() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): the explorer's browser test is skipped; .ci/run installs them");
        HttpServer gateway = fakeGateway();
        try (ExplorerChain chain = ExplorerChain.start(dir);
                ExplorerServer explorer = ExplorerServer.start(URI.create(chain.rpcUrl()), chain.registry,
                        Optional.of(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/status")),
                        Optional.empty(), 0)) {
            ChromeDriver browser = browser();
            try {
                browser.get(explorer.url());
                long firstBlock = await("the first blocks", () -> newestBlock(browser) >= 0 ? newestBlock(browser) : null);
                browser.executeScript("window.explorerTestMarker = 'same page';");

                chain.grant(SUBJECT);
                chain.revoke(SUBJECT, "meter stolen");
                long revokedBy = chain.height();
                gatewayStatus = "{\"trust\":\"chain\",\"accepted\":3,\"rejected\":{\"REVOKED\":1}}";

                String subject = SubjectId.parse(SUBJECT).toHex();
                long newest = await("a block after " + firstBlock + " with the revocation in view", () -> {
                    long n = newestBlock(browser);
                    return n > firstBlock && n >= revokedBy ? n : null;
                });
                await("the subject shown REVOKED", () -> count(browser,
                        "#subjects-table tr[data-subject='" + subject + "'][data-status='REVOKED']") > 0 ? true : null);
                await("the GrantRevoked event", () -> count(browser,
                        "#events-table tr[data-event='GrantRevoked'][data-subject='" + subject + "']") > 0 ? true : null);
                await("the gateway's REVOKED refusal", () -> String.valueOf(browser.executeScript(
                        "var r = document.querySelector(\"#gateway-table tr[data-field='rejected']\");"
                                + " return r ? r.textContent : '';")).contains("REVOKED=1") ? true : null);
                assertEquals("same page", browser.executeScript("return window.explorerTestMarker;"),
                        "the live view updated the page in place; the test never reloaded it");
                assertTrue(newest > firstBlock);

                Path shot = Path.of("target", "explorer-screenshots", "explorer-live.png").toAbsolutePath();
                Files.createDirectories(shot.getParent());
                File taken = browser.getScreenshotAs(OutputType.FILE);
                Files.copy(taken.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("explorer screenshot (block " + newest + ", " + SUBJECT + " REVOKED): " + shot);
            } finally {
                browser.quit();
            }
        } finally {
            gateway.stop(0);
        }
    }

    private HttpServer fakeGateway() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", exchange -> {
            byte[] body = gatewayStatus.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // root in a container: no sandbox; a small /dev/shm: no shared memory
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,2200");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static long newestBlock(JavascriptExecutor browser) {
        Object n = browser.executeScript("var r = document.querySelector('#blocks-table tr[data-block]');"
                + " return r ? Number(r.dataset.block) : -1;");
        return ((Number) n).longValue();
    }

    private static long count(JavascriptExecutor browser, String selector) {
        Object n = browser.executeScript("return document.querySelectorAll(arguments[0]).length;", selector);
        return ((Number) n).longValue();
    }

    /** Polls the DOM until {@code probe} answers non-null, or fails at the deadline naming what it waited for. */
    private static <T> T await(String what, Supplier<T> probe) {
        AtomicReference<T> value = new AtomicReference<>();
        EmbeddedChain.await("the page to show " + what, DEADLINE, () -> {
            value.set(probe.get());
            return value.get() != null;
        });
        return value.get();
    }

}
