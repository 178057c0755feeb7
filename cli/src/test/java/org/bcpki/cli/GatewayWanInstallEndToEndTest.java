package org.bcpki.cli;

import static org.bcpki.cli.GatewayCli.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.io.PrivateFiles;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogEntry;
import org.bcpki.gateway.store.SecurityEntry;
import org.bcpki.gateway.wan.AccessProfile;
import org.bcpki.gateway.wan.InstallRequest;
import org.bcpki.gateway.wan.SelfSignedTls;
import org.bcpki.gateway.wan.SignedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code POST /wan/v1/installs} on a {@code gateway run --software-registry} over the embedded network
 * (issue #20): only an identity the chain grants in role GWA and the access profile lists as this
 * gateway's administrator installs; an EMT, a GWA of another gateway, unsigned and replayed requests
 * are refused and in the security log; a wrong image is refused (422) and in the metrological log; an
 * approved release installs with its image inline or downloaded from its uri, decided by the light
 * client the gateway already runs. Without --software-registry the route answers 503.
 */
class GatewayWanInstallEndToEndTest {
    private static final String PATH = "/wan/v1/installs";
    private static final String ADMIN = "messstellenbetreiber.gwa";
    private static final String OTHER_GWA = "fremder-betreiber.gwa";
    private static final String EMT = "stadtwerke-nord.emt";
    private static final KeyPair ADMIN_KEY = ReleaseConsortium.key("gwa-admin-key");
    private static final KeyPair OTHER_GWA_KEY = ReleaseConsortium.key("other-gwa-key");
    private static final KeyPair EMT_KEY = ReleaseConsortium.key("emt-key");

    @TempDir
    static Path dir;
    static ReleaseTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = ReleaseTestBed.start(dir);
        bed.net.grant(SubjectId.parse(ADMIN), Role.GWA, ADMIN_KEY);
        bed.net.grant(SubjectId.parse(OTHER_GWA), Role.GWA, OTHER_GWA_KEY);
        bed.net.grant(SubjectId.parse(EMT), Role.EMT, EMT_KEY);
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void onlyTheProfiledGatewayAdministratorInstallsAndEveryAttackIsRefused() throws Exception {
        Path store = PrivateFiles.directory(dir.resolve("gw-wan"));
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), EMT + " = " + ReleaseConsortium.METER.canonical().orElseThrow()
                + "\n" + AccessProfile.ADMINISTRATORS + " = " + ADMIN + "\n");
        Path v1 = bed.approvedRelease("E350-wan", 1, "wan 1.0");
        byte[] good = body(v1, "wan 1.0");
        try (ImageServer images = ImageServer.start(); RunningGateway gateway = RunningGateway.start(store,
                "--software-registry", bed.net.softwareRegistry.toHex(), "--min-approvals", "2")) {
            awaitView(store);
            assertRefused(gateway.post(good, EMT, EMT_KEY, nonce()), 403, "WRONG_ROLE");
            assertRefused(gateway.post(good, OTHER_GWA, OTHER_GWA_KEY, nonce()), 403, "NOT_IN_PROFILE");
            assertRefused(gateway.send(good, Map.of()), 401, "MISSING_SIGNATURE");
            // The administrator's name with a key the chain does not hold for it.
            assertRefused(gateway.post(good, ADMIN, OTHER_GWA_KEY, nonce()), 403, "WRONG_KEY");
            // Signed for one body, sent with another: the signature covers the body's digest.
            Map<String, String> signedForGood = gateway.headers(good, ADMIN, ADMIN_KEY, nonce());
            assertRefused(gateway.send(body(v1, "wan 1.0 with a backdoor"), signedForGood), 401, "BAD_SIGNATURE");
            assertRefused(gateway.post("{\"bundle\": 1}".getBytes(StandardCharsets.UTF_8), ADMIN, ADMIN_KEY, nonce()), 400,
                    "MALFORMED_REQUEST");
            // More than a request may carry is refused before the signature is even checked.
            assertRefused(gateway.post(new byte[InstallRequest.MAX_BODY_BYTES + 1], ADMIN, ADMIN_KEY, nonce()), 413, "TOO_LARGE");

            Map<String, String> wrongImage = gateway.headers(body(v1, "wan 1.0 with a backdoor"), ADMIN, ADMIN_KEY, nonce());
            HttpResponse<String> refused = gateway.send(body(v1, "wan 1.0 with a backdoor"), wrongImage);
            assertEquals(422, refused.statusCode(), refused.body());
            assertEquals("WRONG_IMAGE", json(refused).get("reason").asText());
            assertRefused(gateway.send(body(v1, "wan 1.0 with a backdoor"), wrongImage), 401, "REPLAY");

            HttpResponse<String> installed = gateway.post(good, ADMIN, ADMIN_KEY, nonce());
            assertEquals(201, installed.statusCode(), installed.body());
            JsonNode result = json(installed);
            assertEquals("INSTALLED", result.get("reason").asText());
            assertEquals(ADMIN, result.get("requestedBy").asText());
            assertTrue(result.get("downloadedFrom").isNull());
            assertEquals("wan 1.0", Files.readString(store.resolve("installs")
                    .resolve(result.get("releaseId").asText().substring(2)).resolve("image.bin")));

            // No image in the request: the gateway downloads it from the bundle's uri.
            byte[] v2Image = "wan 2.0".getBytes(StandardCharsets.UTF_8);
            images.serve(v2Image);
            Path v2 = bed.approvedRelease("E350-wan", 2, "wan 2.0", images.url("/E350-wan/2"));
            awaitView(store);
            HttpResponse<String> downloaded = gateway.post(body(v2, null), ADMIN, ADMIN_KEY, nonce());
            assertEquals(201, downloaded.statusCode(), downloaded.body());
            assertEquals(images.url("/E350-wan/2"), json(downloaded).get("downloadedFrom").asText());
            assertEquals(v2Image.length, json(downloaded).get("bytesFetched").asLong());

            assertEquals(200, gateway.get("/status").statusCode(), "the gateway keeps answering");
        }
        try (GatewayStore opened = GatewayStore.open(store)) {
            List<LogEntry> installs = opened.logEntries(1, 1000).stream().filter(e -> e.record().kind().equals("install")).toList();
            assertEquals(List.of("rejected", "accepted", "accepted"), installs.stream().map(e -> e.record().outcome()).toList());
            assertEquals("WRONG_IMAGE", installs.get(0).record().reason());
            installs.forEach(e -> assertTrue(e.record().detail().contains("requestedBy=" + ADMIN), e.record().detail()));
            assertTrue(opened.verifyLog().intact());
            List<String> refusals = opened.securityEntries(1, 100).stream().map(SecurityEntry::record)
                    .filter(r -> r.kind().equals("wan")).map(r -> r.reason()).toList();
            assertEquals(List.of("WRONG_ROLE", "NOT_IN_PROFILE", "MISSING_SIGNATURE", "WRONG_KEY", "BAD_SIGNATURE",
                    "MALFORMED_REQUEST", "TOO_LARGE", "REPLAY"), refusals);
        }
    }

    @Test
    void withoutASoftwareRegistryTheRouteIsOff() throws Exception {
        Path store = PrivateFiles.directory(dir.resolve("gw-off"));
        Files.writeString(store.resolve(AccessProfile.FILE_NAME), AccessProfile.ADMINISTRATORS + " = " + ADMIN + "\n");
        byte[] body = body(bed.approvedRelease("E350-off", 1, "off 1.0"), "off 1.0");
        try (RunningGateway gateway = RunningGateway.start(store)) {
            assertRefused(gateway.post(body, ADMIN, ADMIN_KEY, nonce()), 503, "INSTALLS_DISABLED");
        }
        CliRun x509 = CliRun.of("gateway", "run", "--trust", "x509", "--x509-anchor", store.resolve(AccessProfile.FILE_NAME)
                .toString(), "--store", store.toString(), "--wan-port", "0", "--software-registry", bed.net.softwareRegistry.toHex());
        assertEquals(2, x509.code(), x509.err());
        assertTrue(x509.err().contains("--software-registry needs the chain's light client"), x509.err());
        CliRun noWan = CliRun.of("gateway", "run", "--rpc", bed.net.chain.rpcUrl(), "--anchor", bed.anchor.toString(),
                "--registry", bed.net.identityRegistry.toHex(), "--store", store.toString(), "--lmn-port", "/dev/null",
                "--software-registry", bed.net.softwareRegistry.toHex());
        assertEquals(2, noWan.code(), noWan.err());
        assertTrue(noWan.err().contains("give --wan-port too"), noWan.err());
    }

    // ---------------------------------------------------------------- helpers

    /** {@code gateway run --trust chain --wan-port 0} on the test network, in a thread, until closed. */
    private record RunningGateway(GatewayCommand.Run run, Thread thread, AtomicInteger exit, String url, HttpClient client)
            implements AutoCloseable {
        static RunningGateway start(Path store, String... options) throws Exception {
            GatewayCommand.Run run = new GatewayCommand.Run();
            List<String> args = new ArrayList<>(List.of("--rpc", bed.net.chain.rpcUrl(), "--anchor", bed.anchor.toString(),
                    "--registry", bed.net.identityRegistry.toHex(), "--store", store.toString(), "--wan-port", "0"));
            args.addAll(List.of(options));
            AtomicInteger exit = new AtomicInteger(-1);
            Thread thread = Thread.ofPlatform().start(() -> exit.set(new CommandLine(run).execute(args.toArray(String[]::new))));
            waitFor(() -> Files.exists(store.resolve(Gateway.WAN_URL_FILE)) || !thread.isAlive());
            assertTrue(thread.isAlive(), "gateway run ended with " + exit.get());
            HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedTls.trusting(
                    Files.readString(store.resolve(Gateway.WAN_CERT_FILE)))).build();
            return new RunningGateway(run, thread, exit, Files.readString(store.resolve(Gateway.WAN_URL_FILE)).trim(), client);
        }

        Map<String, String> headers(byte[] body, String subject, KeyPair key, String nonce) {
            return SignedRequest.headers("POST", PATH, null, body, subject, KeyAlgorithm.ML_DSA_65, key,
                    System.currentTimeMillis() / 1000, nonce);
        }

        HttpResponse<String> post(byte[] body, String subject, KeyPair key, String nonce) throws Exception {
            return send(body, headers(body, subject, key, nonce));
        }

        HttpResponse<String> send(byte[] body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + PATH))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            run.stopped.countDown();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertEquals(0, exit.get(), "gateway run's exit code");
        }
    }

    /** Until the running gateway's light client has verified the chain's current block (and what it holds). */
    private static void awaitView(Path store) throws InterruptedException {
        long height = bed.net.chain.height();
        waitFor(() -> GatewayCli.status(store).path("lastVerifiedBlock").asLong(-1) >= height);
    }

    /** The install request: the bundle's JSON object and, unless null, the image in base64. */
    private static byte[] body(Path bundle, String image) throws Exception {
        ObjectNode body = Output.mapper().createObjectNode();
        body.set("bundle", Output.mapper().readTree(Files.readAllBytes(bundle)));
        if (image != null) {
            body.put("image", Base64.getEncoder().encodeToString(image.getBytes(StandardCharsets.UTF_8)));
        }
        return Output.mapper().writeValueAsBytes(body);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(reason, json(response).get("error").asText(), response.body());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Output.mapper().readTree(response.body());
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
