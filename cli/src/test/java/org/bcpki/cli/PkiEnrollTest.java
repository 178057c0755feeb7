package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.RevocationReason;
import org.bcpki.pki.SmPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bcpki pki enroll} against a live PkiServer's EST service (issue #19). */
class PkiEnrollTest {
    @TempDir
    Path tmp;

    @Test
    void enrollsWithTheRegistrarTokenThenReenrollsWithTheKeyAndIsRefusedOnceRevoked() throws Exception {
        Path dir = tmp.resolve("pki");
        SmPki.Created created = SmPki.create(dir, new SmPki.Settings(PkiAlgorithm.ECDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), SmPki.DEFAULT_CRL_VALIDITY));
        Path tokenFile = tmp.resolve("registrar.token");
        Files.writeString(tokenFile, created.registrarToken() + "\n");
        try (SmPki pki = created.pki(); PkiServer server = PkiServer.startAtPublicationPoints(pki)) {
            String est = server.estUrl();
            String trust = dir.resolve("est-tls.pem").toString();
            Path cert = tmp.resolve("out").resolve("stadtwerke.pem");

            CliRun enrolled = CliRun.of("pki", "enroll", "--est", est, "--trust", trust, "--subject", "stadtwerke.EMT",
                    "--token-file", tokenFile.toString(), "--usage", "signature", "--out", cert.toString(), "--json");
            assertEquals(0, enrolled.code(), enrolled.err());
            JsonNode json = enrolled.json();
            assertEquals("stadtwerke.EMT", json.get("subject").asText());
            assertEquals("EMT-Sub.CA", json.get("issuer").asText());
            Path key = Path.of(json.get("key").asText());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            assertEquals("SIGNATURE", pki.store().certificate(new BigInteger(json.get("serial").asText(), 16)).orElseThrow().usage());

            Path renewed = tmp.resolve("out").resolve("renewed.pem");
            CliRun reenrolled = CliRun.of("pki", "enroll", "--est", est, "--trust", trust, "--reenroll", "--cert", cert.toString(),
                    "--key", key.toString(), "--out", renewed.toString(), "--json");
            assertEquals(0, reenrolled.code(), reenrolled.err());
            assertTrue(reenrolled.json().get("reenrolled").asBoolean());
            assertTrue(reenrolled.json().get("key").isNull(), "the key stays the holder's");

            Files.writeString(tokenFile, "wrong-token\n");
            CliRun wrongToken = CliRun.of("pki", "enroll", "--est", est, "--trust", trust, "--subject", "other.EMT",
                    "--token-file", tokenFile.toString(), "--out", tmp.resolve("other.pem").toString());
            assertEquals(1, wrongToken.code());
            assertTrue(wrongToken.err().contains("HTTP 401"), wrongToken.err());

            pki.revoke(new BigInteger(reenrolled.json().get("serial").asText(), 16), RevocationReason.KEY_COMPROMISE, "test");
            CliRun afterRevocation = CliRun.of("pki", "enroll", "--est", est, "--trust", trust, "--reenroll", "--cert", renewed.toString(),
                    "--key", key.toString(), "--out", tmp.resolve("again.pem").toString());
            assertEquals(1, afterRevocation.code());
            assertTrue(afterRevocation.err().contains("HTTP 403") && afterRevocation.err().contains("keyCompromise"), afterRevocation.err());
            assertFalse(afterRevocation.err().contains("\tat "), afterRevocation.err());

            assertEquals(2, CliRun.of("pki", "enroll", "--est", server.httpUrl(), "--trust", trust, "--subject", "x.EMT",
                    "--token-file", tokenFile.toString(), "--out", tmp.resolve("x.pem").toString()).code(), "not the HTTPS EST base");
        }
    }
}
