package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.bcpki.core.identity.Decision;
import org.bcpki.gateway.Gateway;
import org.bcpki.gateway.GatewayConfig;
import org.bcpki.gateway.identity.IdentityClaim;
import org.bcpki.gateway.identity.IdentityVerdict;
import org.bcpki.gateway.identity.IdentityVerifier;
import org.bcpki.gateway.identity.TrustMode;
import org.bcpki.gateway.store.GatewayStore;
import org.bcpki.gateway.store.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCommandTest {
    /** TEST DOUBLE: a verifier that knows nobody (every identity UNKNOWN). */
    private static final IdentityVerifier KNOWS_NOBODY_TEST_DOUBLE = new IdentityVerifier() {
        @Override
        public IdentityVerdict verify(IdentityClaim claim) {
            return new IdentityVerdict(Decision.UNKNOWN, "test double knows nobody");
        }

        @Override
        public String name() {
            return "test-double";
        }
    };

    @TempDir
    Path dir;

    @Test
    void chainAndBothModesRefuseAnUnusableLightClientAnchor() throws Exception {
        Path anchor = Files.writeString(dir.resolve("anchor.json"), "{}");
        Path root = Files.writeString(dir.resolve("root.pem"), "");
        for (String mode : List.of("chain", "both")) {
            CliRun run = CliRun.of("gateway", "run", "--lmn-port", "/dev/pts/99", "--rpc", "http://127.0.0.1:8545",
                    "--anchor", anchor.toString(), "--registry", "0x" + "ab".repeat(20), "--store",
                    dir.resolve("store").toString(), "--trust", mode, "--x509-anchor", root.toString());
            assertEquals(2, run.code(), mode + ": " + run.err());
            assertTrue(run.err().contains(mode.equals("chain") ? "anchor file" : "certificate"), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace");
        }
    }

    @Test
    void x509ModeNeedsAUsableTrustAnchor() throws Exception {
        String store = dir.resolve("store").toString();
        assertUsage("needs --x509-anchor", "gateway", "run", "--lmn-port", "/dev/pts/9", "--trust", "x509",
                "--store", store);
        assertUsage("certificate file not found", "gateway", "run", "--lmn-port", "/dev/pts/9", "--trust", "x509",
                "--x509-anchor", dir.resolve("missing.pem").toString(), "--store", store);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        CliRun run = CliRun.of("gateway", "run", "--lmn-port", "/dev/pts/9", "--trust", "x509",
                "--x509-anchor", garbage.toString(), "--store", store);
        assertEquals(2, run.code(), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void runValidatesItsOptions() throws Exception {
        Path anchor = Files.writeString(dir.resolve("anchor.json"), "{}");
        String store = dir.resolve("store").toString();
        assertUsage("needs --rpc", "gateway", "run", "--lmn-port", "/dev/pts/9", "--store", store);
        assertUsage("--registry must be", "gateway", "run", "--lmn-port", "/dev/pts/9", "--rpc", "http://127.0.0.1:1",
                "--anchor", anchor.toString(), "--registry", "0x12", "--store", store);
        assertUsage("anchor file not found", "gateway", "run", "--lmn-port", "/dev/pts/9", "--rpc", "http://127.0.0.1:1",
                "--anchor", dir.resolve("missing").toString(), "--registry", "0x" + "00".repeat(20), "--store", store);
        assertUsage("unknown trust mode", "gateway", "run", "--trust", "blind", "--store", store);
        assertUsage("--rpc takes http(s)", "gateway", "run", "--rpc", "ftp://x", "--store", store);
        assertUsage("9600/8N1", "gateway", "run", "--serial", "fast", "--store", store);
    }

    @Test
    void verifyLogReportsIntactAndTamperedLogs() throws Exception {
        Path store = dir.resolve("store");
        try (GatewayStore opened = GatewayStore.open(store)) {
            opened.log(LogRecord.rejected("frame", "", "BAD_CRC", "", "test"));
            opened.log(LogRecord.rejected("reading", "1ESY1160000000", "UNKNOWN", "chain: block 7", "test"));
        }
        CliRun intact = CliRun.of("gateway", "verify-log", "--store", store.toString(), "--json");
        assertEquals(0, intact.code(), intact.err());
        JsonNode doc = Output.mapper().readTree(intact.out());
        assertTrue(doc.get("intact").asBoolean());
        assertEquals(2, doc.get("entries").asLong());

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve(GatewayStore.FILE_NAME));
                Statement s = db.createStatement()) {
            s.execute("DROP TRIGGER log_no_update");
            s.executeUpdate("UPDATE log SET reason = 'GRANTED' WHERE seq = 2");
        }
        CliRun broken = CliRun.of("gateway", "verify-log", "--store", store.toString());
        assertEquals(1, broken.code());
        assertTrue(broken.out().contains("BROKEN at entry 2"), broken.out());

        assertEquals(2, CliRun.of("gateway", "verify-log", "--store", dir.resolve("nowhere").toString()).code());
    }

    @Test
    void statusReadsTheRunningGatewaysCounters() throws Exception {
        Path store = dir.resolve("store");
        CliRun notRunning = CliRun.of("gateway", "status", "--store", dir.toString());
        assertEquals(1, notRunning.code(), notRunning.err());
        CliRun noPatience = CliRun.of("gateway", "status", "--store", dir.toString(), "--timeout", "0");
        assertEquals(2, noPatience.code(), noPatience.err());
        assertTrue(noPatience.err().contains("--timeout"), noPatience.err());

        try (Gateway gateway = Gateway.start(GatewayConfig.defaults(List.of(), store, TrustMode.CHAIN, 0),
                KNOWS_NOBODY_TEST_DOUBLE)) {
            CliRun status = CliRun.of("gateway", "status", "--store", store.toString(), "--json", "--timeout", "120");
            assertEquals(0, status.code(), status.err());
            JsonNode doc = Output.mapper().readTree(status.out());
            for (String field : List.of("frames", "accepted", "rejected", "lastVerifiedBlock", "viewAgeSeconds")) {
                assertTrue(doc.has(field), field + " in " + status.out());
            }
            assertEquals("test-double", doc.get("verifier").asText());
            CliRun text = CliRun.of("gateway", "status", "--store", store.toString(), "--timeout", "120");
            assertTrue(text.out().contains("frames 0, accepted 0"), text.out());
        }
    }

    private static void assertUsage(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(2, run.code(), String.join(" ", args) + ": " + run.err());
        assertTrue(run.err().contains(message), run.err());
    }
}
