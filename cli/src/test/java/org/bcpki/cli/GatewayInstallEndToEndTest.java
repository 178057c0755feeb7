package org.bcpki.cli;

import static org.bcpki.contracts.testnet.ReleaseConsortium.ACME;
import static org.bcpki.contracts.testnet.ReleaseConsortium.METER;
import static org.bcpki.contracts.testnet.ReleaseConsortium.MSP;
import static org.bcpki.contracts.testnet.ReleaseConsortium.PTB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.contracts.testnet.EmbeddedChain;
import org.bcpki.contracts.testnet.ReleaseConsortium;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseBundleJson;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.gateway.identity.ChainVerifier;
import org.bcpki.gateway.store.GatewayStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bcpki gateway install|verify-install} on the embedded network (issue #20): ACME's releases
 * approved 2 of 2 by PTB and MSP, each countersigning with the key of its AUTHORITY grant; the
 * gateway proves each release's status with the light client and refuses wrong images, missing or
 * forged countersignatures (fewer than the approval votes the chain counted, whatever
 * --min-approvals says), revoked, unknown and rolled-back releases, a stale view and bad bundles,
 * logging every attempt; the installed image's bundle re-verifies offline; a version below the one
 * the gateway installed is refused even where a lagging chain view allows it. Each test has its own
 * device type and gateway store.
 */
class GatewayInstallEndToEndTest {
    @TempDir
    static Path dir;
    static ReleaseTestBed bed;
    static ReleaseConsortium net;
    static Path anchor;

    @BeforeAll
    static void start() throws Exception {
        bed = ReleaseTestBed.start(dir);
        net = bed.net;
        anchor = bed.anchor;
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void approvedReleaseIsInstalledLoggedAndReverifiedOffline() throws Exception {
        Path store = dir.resolve("gw-approved");
        Path bundle = bed.approvedRelease("E350-ok", 1, "firmware 1.0");
        JsonNode installed = install(store, bed.image("firmware 1.0"), bundle, 0);
        assertTrue(installed.get("installed").asBoolean());
        assertEquals("INSTALLED", installed.get("reason").asText());
        Path stored = Path.of(installed.get("stored").asText());
        assertEquals("firmware 1.0", Files.readString(stored.resolve("image.bin")));
        assertEquals(ReleaseBundleJson.parse(Files.readAllBytes(bundle)).releaseId(),
                ReleaseBundleJson.parse(Files.readAllBytes(stored.resolve("bundle.json"))).releaseId());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(stored.resolve("bundle.json"))));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));

        // Offline: no --rpc at all, the network could be gone.
        CliRun verified = CliRun.of("gateway", "verify-install", "--store", store.toString(), "--json");
        assertEquals(0, verified.code(), verified.err() + verified.out());
        JsonNode first = verified.json().get("installs").get(0);
        assertEquals(installed.get("releaseId").asText(), first.get("releaseId").asText());
        assertEquals(2, first.get("approvals").asInt());
        assertEquals(installed.get("logSeq").asLong(), first.get("logSeq").asLong());

        // A stored image changed afterwards no longer matches its proof of origin.
        Files.writeString(stored.resolve("image.bin"), "firmware 1.0 patched");
        CliRun broken = CliRun.of("gateway", "verify-install", "--store", store.toString());
        assertEquals(1, broken.code(), broken.out());
        assertTrue(broken.out().contains("is not the one the bundle signs"), broken.out());
        ReleaseTestBed.assertLogged(store, List.of("accepted"));
    }

    @Test
    void chainRefusalsWrongImageMissingCountersignatureRevokedRollbackAreLogged() throws Exception {
        Path store = dir.resolve("gw-refusals");
        Path v1 = bed.approvedRelease("E350-refuse", 1, "v1");
        Path v2 = bed.approvedRelease("E350-refuse", 2, "v2"); // raises the minimum version to 2

        refuse(store, bed.image("v2 with a backdoor"), v2, "WRONG_IMAGE");
        refuse(store, bed.image("v1"), v1, "ROLLBACK");

        // Approved on chain, but the bundle carries only PTB's countersignature (MSP voted without signing).
        Path v3 = bed.submitted("E350-refuse", 3, "v3");
        assertEquals(0, bed.approve(PTB, "PTB", ReleaseTestBed.PTB_SEED, v3).code());
        assertEquals(0, bed.release("approve", MSP, "--bundle", v3.toString()).code());
        refuse(store, bed.image("v3"), v3, "MISSING_APPROVAL");

        // A countersignature in MSP's name by a key no AUTHORITY grant holds.
        ReleaseBundle onlyPtb = ReleaseBundleJson.parse(Files.readAllBytes(v3));
        Path forged = bed.write("v3-forged.json", ReleaseBundleJson.write(
                onlyPtb.approvedBy(SubjectId.parse("MSP"), ReleaseConsortium.key("not-msp"))));
        refuse(store, bed.image("v3"), forged, "UNAUTHORIZED_SIGNER");

        // Revoked: the next install, at the block after the revocation, refuses it.
        Path v4 = bed.approvedRelease("E350-refuse", 4, "v4");
        String id = ReleaseBundleJson.parse(Files.readAllBytes(v4)).releaseId().toHexString();
        CliRun revoked = bed.release("revoke", MSP, "--release-id", id, "--reason", "CVE-2026-0042", "--json");
        assertEquals(0, revoked.code(), revoked.err() + revoked.out());
        long revokedBy = net.chain.height();
        JsonNode refusal = refuse(store, bed.image("v4"), v4, "REVOKED");
        assertTrue(refusal.get("block").asLong() >= revokedBy, refusal.toString());

        // Pending: submitted, not approved.
        refuse(store, bed.image("v5"), bed.withApprovals(bed.submitted("E350-refuse", 5, "v5")), "PENDING");

        ReleaseTestBed.assertLogged(store, List.of("rejected", "rejected", "rejected", "rejected", "rejected", "rejected"));
    }

    @Test
    void theApprovalCountComesFromTheChainNotFromTheOption() throws Exception {
        Path store = dir.resolve("gw-proven-count");
        // PTB and MSP both vote (2 votes on chain); only PTB countersigns the bundle.
        Path onlyPtb = bed.submitted("E350-count", 1, "counted");
        assertEquals(0, bed.approve(PTB, "PTB", ReleaseTestBed.PTB_SEED, onlyPtb).code());
        CliRun vote = bed.release("approve", MSP, "--bundle", onlyPtb.toString(), "--json");
        assertEquals(0, vote.code(), vote.err() + vote.out());
        assertEquals("APPROVED", vote.json().get("status").asText());

        // The local floor of 1 is met; the proven count of 2 is not.
        JsonNode refused = refuse(store, bed.image("counted"), onlyPtb, "MISSING_APPROVAL", "--min-approvals", "1");
        assertTrue(refused.get("detail").asText().contains("the chain counted 2 approval votes; the bundle carries 1 countersignatures"),
                refused.toString());
        assertTrue(refused.get("block").asLong() > 0, "refused on the proven state: " + refused);

        // With MSP's countersignature added the same release installs under the same option.
        Path both = bed.write("counted-both.json", ReleaseBundleJson.write(ReleaseBundleJson.parse(Files.readAllBytes(onlyPtb))
                .approvedBy(SubjectId.parse("MSP"), ReleaseConsortium.key(ReleaseTestBed.MSP_SEED))));
        JsonNode installed = install(store, bed.image("counted"), both, 0, "--min-approvals", "1");
        assertEquals("INSTALLED", installed.get("reason").asText(), installed.toString());
        ReleaseTestBed.assertLogged(store, List.of("rejected", "accepted"));
    }

    @Test
    void badBundlesAreRefusedClearlyAndTheGatewayKeepsGoing() throws Exception {
        Path store = dir.resolve("gw-bad");
        Path genuine = bed.approvedRelease("E350-bad", 1, "good");
        byte[] bytes = Files.readAllBytes(genuine);
        JsonNode truncated = refuse(store, bed.image("good"), bed.write("truncated.json", Arrays.copyOf(bytes, bytes.length - 40)),
                "MALFORMED_BUNDLE");
        assertTrue(truncated.get("detail").asText().contains("malformed JSON"), truncated.toString());

        ObjectNode node = (ObjectNode) Output.mapper().readTree(bytes);
        ((ObjectNode) node.get("manufacturerSignature")).put("algorithm", "ML-DSA-87");
        JsonNode algorithm = refuse(store, bed.image("good"), bed.write("algorithm.json", Output.mapper().writeValueAsBytes(node)),
                "MALFORMED_BUNDLE");
        assertTrue(algorithm.get("detail").asText().contains("must be ML-DSA-65"), algorithm.toString());

        // Signed by a non-manufacturer (the meter's granted key, in its own name), countersigned: never on chain.
        byte[] meterImage = "meter-made".getBytes(StandardCharsets.UTF_8);
        ReleaseBundle byMeter = ReleaseBundle.sign(new ReleaseMessage(EmbeddedChain.CHAIN_ID, net.softwareRegistry, METER,
                Role.METER, DeviceType.of("E350-bad"), 2, meterImage.length, sha256(meterImage),
                Bytes32.wrap(Keccak.keccak256(meterImage))), "https://x.example/m", net.meterKey);
        Path meterBundle = bed.write("meter.json", ReleaseBundleJson.write(byMeter));
        refuse(store, bed.image("meter-made"), bed.withApprovals(meterBundle), "UNKNOWN");

        // An oversized bundle is refused without being read whole.
        refuse(store, bed.image("good"), bed.write("huge.json", new byte[ReleaseBundleJson.MAX_BYTES + 10]), "MALFORMED_BUNDLE");

        // Still working: the genuine bundle installs.
        assertTrue(install(store, bed.image("good"), genuine, 0).get("installed").asBoolean());
        CliRun missing = gateway(store, dir.resolve("absent.bin"), genuine);
        assertEquals(2, missing.code(), missing.out());
        assertTrue(missing.err().contains("cannot read --image"), missing.err());
        assertFalse(missing.err().contains("\tat "), missing.err());
        ReleaseTestBed.assertLogged(store, List.of("rejected", "rejected", "rejected", "rejected", "accepted"));
    }

    @Test
    void aStaleChainViewFailsClosed() throws Exception {
        Path store = dir.resolve("gw-stale");
        Path bundle = bed.approvedRelease("E350-stale", 1, "stale");
        // No endpoint answers and nothing was ever verified: no view at all.
        CliRun none = CliRun.of(args(store, bed.image("stale"), bundle, "http://127.0.0.1:1", "--json"));
        assertEquals(1, none.code(), none.err() + none.out());
        assertEquals("STALE_VIEW", none.json().get("reason").asText());

        // A verified view that has aged past --max-staleness, the endpoint gone.
        assertTrue(install(store, bed.image("stale"), bundle, 0).get("installed").asBoolean());
        long synced = net.chain.time();
        net.chain.awaitTime(synced + 3);
        CliRun aged = CliRun.of(args(store, bed.image("stale"), bundle, "http://127.0.0.1:1", "--max-staleness", "1", "--json"));
        assertEquals(1, aged.code(), aged.err() + aged.out());
        assertEquals("STALE_VIEW", aged.json().get("reason").asText());
        assertTrue(aged.json().get("detail").asText().contains("old"), aged.out());
        ReleaseTestBed.assertLogged(store, List.of("rejected", "accepted", "rejected"));
    }

    @Test
    void theImageIsDownloadedFromTheBundlesUriAndOnlyItsHashesDecide() throws Exception {
        Path store = dir.resolve("gw-download");
        byte[] image = "downloaded 2.0".getBytes(StandardCharsets.UTF_8);
        try (ImageServer server = ImageServer.start()) {
            String uri = server.url("/E350-dl/2");
            Path genuine = bed.approvedRelease("E350-dl", 2, "downloaded 2.0", uri);

            server.serve("downloaded 2.0 with a backdoor".getBytes(StandardCharsets.UTF_8));
            JsonNode other = refuse(store, null, genuine, "WRONG_IMAGE");
            assertEquals(uri, other.get("downloadedFrom").asText());
            assertEquals(image.length + 1, other.get("bytesFetched").asLong(), "read no further than size + 1");

            server.serveEndless();
            JsonNode endless = refuse(store, null, genuine, "WRONG_IMAGE");
            assertEquals(image.length + 1, endless.get("bytesFetched").asLong());
            assertTrue(endless.get("detail").asText().contains("more than " + (image.length + 1)), endless.toString());
            assertTrue(server.endlessEnded(30), "the gateway did not hang up on the endless answer");
            assertTrue(server.endlessWritten.get() < ImageServer.ENDLESS_LIMIT);

            server.serveNotFound();
            JsonNode notFound = refuse(store, null, genuine, "DOWNLOAD_FAILED");
            assertTrue(notFound.get("detail").asText().contains("HTTP 404"), notFound.toString());
            assertEquals(0, notFound.get("bytesFetched").asLong());

            Path fileScheme = bed.approvedRelease("E350-dl-file", 1, "downloaded 2.0", "file:///etc/passwd");
            JsonNode scheme = refuse(store, null, fileScheme, "DOWNLOAD_FAILED");
            assertTrue(scheme.get("detail").asText().contains("only http and https"), scheme.toString());

            Path unreachable = bed.approvedRelease("E350-dl-host", 1, "downloaded 2.0", "http://127.0.0.1:1/E350-dl/4");
            JsonNode refused = refuse(store, null, unreachable, "DOWNLOAD_FAILED");
            assertTrue(refused.get("detail").asText().contains("cannot fetch http://127.0.0.1:1/"), refused.toString());

            // Signed and countersigned, but not approved on chain: the gateway asks the chain first and
            // fetches nothing from the uri (which could name any host the gateway reaches).
            long requestsBefore = server.requests.get();
            Path pending = bed.withApprovals(bed.submitted("E350-dl-pending", 1, "downloaded 2.0", server.url("/internal")));
            refuse(store, null, pending, "PENDING");
            assertEquals(requestsBefore, server.requests.get(), "a bundle the chain does not approve made the gateway fetch");

            // The gateway keeps going: once the server answers with the signed image, it installs.
            server.serve(image);
            JsonNode installed = install(store, null, genuine, 0);
            assertTrue(installed.get("installed").asBoolean(), installed.toString());
            assertEquals(uri, installed.get("downloadedFrom").asText());
            assertEquals(image.length, installed.get("bytesFetched").asLong());
            assertEquals("downloaded 2.0", Files.readString(Path.of(installed.get("stored").asText()).resolve("image.bin")));
            try (var left = Files.list(store.resolve("installs").resolve(".staging"))) {
                assertEquals(0, left.count(), "no staged download is left behind");
            }
        }
        ReleaseTestBed.assertLogged(store, List.of("rejected", "rejected", "rejected", "rejected", "rejected", "rejected",
                "accepted"));
        try (GatewayStore opened = GatewayStore.open(store)) {
            assertEquals(3, opened.logEntries(1, 1000).stream().filter(e -> "DOWNLOAD_FAILED".equals(e.record().reason())).count());
        }
    }

    @Test
    void anInstalledVersionIsNeverRolledBackEvenWhereTheChainViewAllowsIt() throws Exception {
        Path store = dir.resolve("gw-floor");
        Path v1 = bed.approvedRelease("E350-floor", 1, "floor v1");
        long v1Latest = net.chain.height(); // v1 is the newest approved release up to here
        Path v2 = bed.approvedRelease("E350-floor", 2, "floor v2");
        JsonNode installed = install(store, bed.image("floor v2"), v2, 0);

        // A node that withholds the blocks after v1 became the newest: its (verified, sealed) view still
        // allows v1. A gateway without an install of this type takes it...
        HttpServer lagging = withholdingNode(v1Latest);
        try {
            String laggingUrl = "http://127.0.0.1:" + lagging.getAddress().getPort() + "/";
            CliRun control = CliRun.of(args(dir.resolve("gw-floor-control"), bed.image("floor v1"), v1, laggingUrl,
                    "--max-staleness", "3600", "--json"));
            assertEquals(0, control.code(), control.err() + control.out());
            assertTrue(control.json().get("block").asLong() <= v1Latest, control.out());

            // ...this gateway, its light-client store reset to the same lagging view, refuses: it installed v2.
            deleteRecursively(store.resolve(ChainVerifier.STORE_DIR));
            CliRun rollback = CliRun.of(args(store, bed.image("floor v1"), v1, laggingUrl, "--max-staleness", "3600", "--json"));
            assertEquals(1, rollback.code(), rollback.err() + rollback.out());
            assertEquals("ROLLBACK", rollback.json().get("reason").asText());
            assertTrue(rollback.json().get("detail").asText().contains("below version 2, installed on this gateway"),
                    rollback.out());
        } finally {
            lagging.stop(0);
        }

        // The same version again is no rollback (a re-install of the approved image).
        JsonNode again = install(store, bed.image("floor v2"), v2, 0);
        CliRun verified = CliRun.of("gateway", "verify-install", "--store", store.toString(), "--json");
        assertEquals(0, verified.code(), verified.err() + verified.out());
        JsonNode versions = verified.json().get("installedVersions");
        assertEquals(1, versions.size(), verified.out());
        JsonNode floor = versions.get(0);
        assertEquals("E350-floor", floor.get("deviceType").asText());
        assertEquals("METER", floor.get("deviceRole").asText());
        assertEquals(ACME.toHex(), floor.get("manufacturer").asText());
        assertEquals(2, floor.get("version").asLong());
        assertEquals(installed.get("releaseId").asText(), floor.get("releaseId").asText());
        assertEquals(again.get("logSeq").asLong(), floor.get("logSeq").asLong());
        assertEquals(ReleaseBundleJson.parse(Files.readAllBytes(v2)).release().typeKey().toHexString(),
                floor.get("typeKey").asText());
        ReleaseTestBed.assertLogged(store, List.of("accepted", "rejected", "accepted"));
    }

    @Test
    void aRevocationIsRefusedAtTheVeryBlockThatCarriesIt() throws Exception {
        Path bundle = bed.approvedRelease("E350-block", 1, "block v1");
        String id = ReleaseBundleJson.parse(Files.readAllBytes(bundle)).releaseId().toHexString();
        CliRun revoked = bed.release("revoke", MSP, "--release-id", id, "--reason", "CVE-2026-0043", "--json");
        assertEquals(0, revoked.code(), revoked.err() + revoked.out());
        long revocationBlock = revoked.json().get("blockNumber").asLong();

        // Gateways whose newest block is pinned by a node in front of the chain: one block before the
        // revocation the release installs; at the revocation's own block it is refused. Zero blocks of delay.
        for (long head : new long[] {revocationBlock - 1, revocationBlock}) {
            HttpServer pinned = withholdingNode(head);
            try {
                String url = "http://127.0.0.1:" + pinned.getAddress().getPort() + "/";
                CliRun run = CliRun.of(args(dir.resolve("gw-block-" + head), bed.image("block v1"), bundle, url,
                        "--max-staleness", "3600", "--json"));
                JsonNode answer = run.json();
                assertEquals(head, answer.get("block").asLong(), run.out());
                assertEquals(head < revocationBlock ? "INSTALLED" : "REVOKED", answer.get("reason").asText(), run.out());
            } finally {
                pinned.stop(0);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A mirror node in front of the chain that claims {@code head} as its newest block and passes everything else on. */
    private static HttpServer withholdingNode(long head) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                JsonNode request = Output.mapper().readTree(body);
                byte[] answer;
                if (request.isObject() && "eth_blockNumber".equals(request.path("method").asText())) {
                    ObjectNode response = Output.mapper().createObjectNode().put("jsonrpc", "2.0");
                    response.set("id", request.get("id"));
                    response.put("result", "0x" + Long.toHexString(head));
                    answer = Output.mapper().writeValueAsBytes(response);
                } else {
                    answer = http.send(HttpRequest.newBuilder(URI.create(net.chain.rpcUrl()))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static JsonNode install(Path store, Path image, Path bundle, int code, String... options) throws Exception {
        List<String> json = new ArrayList<>(List.of(options));
        json.add("--json");
        CliRun run = CliRun.of(args(store, image, bundle, net.chain.rpcUrl(), json.toArray(String[]::new)));
        assertEquals(code, run.code(), run.err() + run.out());
        assertFalse(run.err().contains("\tat "), run.err());
        return run.json();
    }

    private static JsonNode refuse(Path store, Path image, Path bundle, String reason, String... options) throws Exception {
        JsonNode result = install(store, image, bundle, 1, options);
        assertFalse(result.get("installed").asBoolean());
        assertEquals(reason, result.get("reason").asText(), result.toString());
        return result;
    }

    private static CliRun gateway(Path store, Path image, Path bundle) {
        return CliRun.of(args(store, image, bundle, net.chain.rpcUrl()));
    }

    /** {@code image} null: no --image, the gateway downloads from the bundle's uri. */
    private static String[] args(Path store, Path image, Path bundle, String rpc, String... rest) {
        List<String> all = new ArrayList<>(List.of("gateway", "install"));
        if (image != null) {
            all.addAll(List.of("--image", image.toString()));
        }
        all.addAll(List.of("--bundle", bundle.toString(), "--rpc", rpc, "--anchor", anchor.toString(), "--registry",
                net.identityRegistry.toHex(), "--software-registry", net.softwareRegistry.toHex(), "--store", store.toString()));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static Bytes32 sha256(byte[] content) throws Exception {
        return Bytes32.wrap(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
