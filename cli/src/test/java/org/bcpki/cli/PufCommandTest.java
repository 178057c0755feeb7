package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bcpki.puf.EnrollmentFiles;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// A hung serial read must fail the test, not the build: each test runs in its own thread with a limit.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PufCommandTest {
    private static final String NONCE = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";



    @Test
    void simulatePrintsEveryNamedField() throws Exception {
        CliRun result = CliRun.of("puf", "simulate", "--devices", "6", "--ber", "0.10", "--trials", "300", "--seed", "cli",
                "--json");
        assertEquals(0, result.code(), result.err());
        JsonNode json = result.json();
        for (String field : new String[] {"devices", "ber", "trials", "failures", "failureRate", "helperDataBits",
                "secretBits", "uniqueKeys", "meanIntraDistance", "meanInterDistance", "analyticFailureRate"}) {
            assertTrue(json.has(field), "missing " + field + " in " + result.out());
        }
        assertEquals(6, json.get("devices").asInt());
        assertEquals(300, json.get("trials").asLong());
        assertEquals(0, json.get("failures").asLong());
        assertEquals(6, json.get("uniqueKeys").asInt());
        assertEquals(3570, json.get("helperDataBits").asInt());
        assertEquals(262, json.get("secretBits").asInt());
        assertEquals(0.10, json.get("meanIntraDistance").asDouble(), 0.01);
    }

    @Test
    void simulateRejectsNonsense() {
        CliRun result = CliRun.of("puf", "simulate", "--devices", "0", "--json");
        assertEquals(2, result.code());
        assertTrue(result.err().startsWith("bcpki: devices must be"), result.err());
    }

    @Test
    void enrollThenAttestWithASimulatedDevice(@TempDir Path dir) throws Exception {
        Path enrollment = dir.resolve("meter");
        CliRun enrolled = CliRun.of("puf", "enroll", "--device-seed", "cli-meter", "--out", enrollment.toString(),
                "--subject", "1ESY1160000042", "--json");
        assertEquals(0, enrolled.code(), enrolled.err());
        JsonNode record = enrolled.json();
        assertEquals("ML-DSA-65", record.get("algorithm").asText());
        assertEquals("1ESY1160000042", record.get("subject").asText());
        assertTrue(Files.exists(enrollment.resolve(EnrollmentFiles.HELPER_DATA)));

        CliRun attested = CliRun.of("puf", "attest", "--device-seed", "cli-meter", "--enrollment", enrollment.toString(),
                "--nonce", NONCE, "--json");
        assertEquals(0, attested.code(), attested.out() + attested.err());
        JsonNode evidence = attested.json();
        assertTrue(evidence.get("valid").asBoolean());
        assertEquals("VALID", evidence.get("reason").asText());
        assertEquals(record.get("attestationHash").asText(), evidence.get("attestationHash").asText());
        assertEquals(NONCE, evidence.get("nonce").asText());
        assertEquals(3309, evidence.get("signatureBytes").asInt());

        CliRun impostor = CliRun.of("puf", "attest", "--device-seed", "other-meter", "--enrollment", enrollment.toString(),
                "--nonce", NONCE, "--json");
        assertEquals(1, impostor.code());
        assertEquals("RECONSTRUCTION_FAILED", impostor.json().get("reason").asText());

        CliRun wrongContext = CliRun.of("puf", "attest", "--device-seed", "cli-meter", "--enrollment", enrollment.toString(),
                "--nonce", NONCE, "--context", "a", "--expect-context", "b", "--json");
        assertEquals(1, wrongContext.code());
        assertEquals("WRONG_CONTEXT", wrongContext.json().get("reason").asText());

        CliRun badNonce = CliRun.of("puf", "attest", "--device-seed", "cli-meter", "--enrollment", enrollment.toString(),
                "--nonce", "xyz", "--json");
        assertEquals(2, badNonce.code());
        assertTrue(badNonce.err().startsWith("bcpki: nonce must be"), badNonce.err());

        CliRun again = CliRun.of("puf", "enroll", "--device-seed", "cli-meter", "--out", enrollment.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds an enrollment"), again.err());

        Path helper = enrollment.resolve(EnrollmentFiles.HELPER_DATA);
        byte[] bytes = Files.readAllBytes(helper);
        bytes[100] ^= 0x08;
        Files.write(helper, bytes);
        CliRun tampered = CliRun.of("puf", "attest", "--device-seed", "cli-meter", "--enrollment", enrollment.toString(),
                "--nonce", NONCE, "--json");
        assertEquals(1, tampered.code());
        assertEquals("HELPER_DATA_ALTERED", tampered.json().get("reason").asText());
        assertFalse(tampered.json().get("valid").asBoolean());
    }

    @Test
    void enrollAndAttestThroughDeviceSimOnAPseudoTerminal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: the serial test needs a pty pair");
        try (PseudoTerminalPair pty = PseudoTerminalPair.open()) {
            // enrollment: INFO-less, 15 reads; attestation: 1 read
            CompletableFuture<CliRun> device = CompletableFuture.supplyAsync(() -> CliRun.of("puf", "device-sim",
                    "--port", pty.deviceEnd(), "--seed", "serial-meter", "--ber", "0.1", "--max-requests", "16", "--json"));
            Path enrollment = dir.resolve("serial");
            // generous timeouts: the machine running the tests may be heavily loaded
            CliRun enrolled = CliRun.of("puf", "enroll", "--port", pty.hostEnd(), "--out", enrollment.toString(),
                    "--subject", "1ESY1160000043", "--timeout-ms", "10000", "--json");
            assertEquals(0, enrolled.code(), enrolled.err());
            CliRun attested = CliRun.of("puf", "attest", "--port", pty.hostEnd(), "--enrollment", enrollment.toString(),
                    "--nonce", NONCE, "--timeout-ms", "10000", "--json");
            if (attested.code() != 0) {
                CliRun d = device.isDone() ? device.get() : null;
                throw new AssertionError("attest failed: " + attested.out() + attested.err() + " device: "
                        + (d == null ? "still running" : d.code() + d.out() + d.err()));
            }
            assertTrue(attested.json().get("valid").asBoolean());

            CliRun served = device.get(30, TimeUnit.SECONDS);
            assertEquals(0, served.code(), served.err());
            assertEquals(16, served.json().get("served").asLong());

            // the device is gone now: the host gets a clear timeout, not a hang or a key
            CliRun silent = CliRun.of("puf", "attest", "--port", pty.hostEnd(), "--enrollment", enrollment.toString(),
                    "--nonce", NONCE, "--timeout-ms", "300", "--json");
            assertEquals(1, silent.code());
            assertEquals("DEVICE_TIMEOUT", silent.json().get("reason").asText());
        }
    }

    @Test
    void theSimulatedDeviceAlsoServesTheSimulatedSeedsFingerprint(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat is not installed: the serial test needs a pty pair");
        Path enrollment = dir.resolve("sim");
        assertEquals(0, CliRun.of("puf", "enroll", "--device-seed", "same-chip", "--out", enrollment.toString()).code());
        try (PseudoTerminalPair pty = PseudoTerminalPair.open()) {
            CompletableFuture<CliRun> device = CompletableFuture.supplyAsync(() -> CliRun.of("puf", "device-sim",
                    "--port", pty.deviceEnd(), "--seed", "same-chip", "--max-requests", "1"));
            CliRun attested = CliRun.of("puf", "attest", "--port", pty.hostEnd(), "--enrollment", enrollment.toString(),
                    "--timeout-ms", "10000");
            assertEquals(0, attested.code(), attested.out() + attested.err());
            assertTrue(attested.out().startsWith("VALID"), attested.out());
            assertEquals(0, device.get(30, TimeUnit.SECONDS).code());
        }
    }

    @Test
    void algorithmsTableCoversEveryKeyAlgorithm() throws Exception {
        CliRun result = CliRun.of("puf", "algorithms", "--iterations", "1", "--warmup", "0", "--json");
        assertEquals(0, result.code(), result.err());
        JsonNode rows = result.json().get("algorithms");
        assertEquals(org.bcpki.core.crypto.KeyAlgorithm.values().length, rows.size());
        for (JsonNode row : rows) {
            if (row.get("algorithm").asText().equals("ML-DSA-65")) {
                assertEquals(3309, row.get("signatureBytes").asInt());
                assertEquals(1974, row.get("publicKeyBytes").asInt());
            }
            assertTrue(row.get("signMs").asDouble() > 0);
        }
    }

    @Test
    void groupWithoutSubcommandIsAUsageError() {
        assertEquals(2, CliRun.of("puf").code());
    }

    @Test
    void aMissingPortIsAUsageErrorForTheDeviceAndANegativeResultForTheHost(@TempDir Path dir) {
        CliRun device = CliRun.of("puf", "device-sim", "--port", dir.resolve("no-such-tty").toString(), "--seed", "x");
        assertEquals(2, device.code());
        assertTrue(device.err().startsWith("bcpki: cannot open serial port"), device.err());
        CliRun host = CliRun.of("puf", "enroll", "--port", dir.resolve("no-such-tty").toString(), "--out", dir.resolve("e").toString());
        assertEquals(1, host.code());
        assertTrue(host.err().contains("cannot open serial port"), host.err());
        assertFalse(Files.exists(dir.resolve("e").resolve(EnrollmentFiles.PROPERTIES)), "nothing written on failure");
    }
}
