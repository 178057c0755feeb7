package org.bcpki.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.Pem;
import org.bcpki.pki.SmPki;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bcpki pki ...} end to end in-process: init, issue, serve on loopback, validate, revoke, bench. */
class PkiCommandTest {

    @TempDir Path tmp;


    @Test
    @DisplayName("finding 13: 'pki revoke' refuses a sub-CA; the root operator's offline 'pki revoke-ca' revokes it into a fresh root CRL")
    void subCasAreRevokedOnlyOfflineByTheRootOperator() throws Exception {
        Path dir = tmp.resolve("pki");
        CliRun init = CliRun.of("pki", "init", "--dir", dir.toString(), "--http-port", "0", "--ldap-port", "0", "--json");
        assertEquals(0, init.code(), init.err());
        assertEquals("GWA,GWH,EMT,SMGW,METER", init.json().get("roles").asText());
        X509CertificateHolder emtCa = Pem.certificate(dir.resolve("ca-emt.pem"));
        String subCaSerial = emtCa.getSerialNumber().toString(16);

        CliRun refused = CliRun.of("pki", "revoke", "--dir", dir.toString(), "--serial", subCaSerial, "--reason", "ca-compromise");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("EMT-Sub.CA is a CA certificate") && refused.err().contains("bcpki pki revoke-ca"),
                refused.err());
        assertEquals(2, CliRun.of("pki", "revoke-ca", "--dir", dir.toString(), "--ca", "root").code(), "the root is not revocable");

        CliRun revoked = CliRun.of("pki", "revoke-ca", "--dir", dir.toString(), "--ca", "emt", "--json");
        assertEquals(0, revoked.code(), revoked.err());
        assertEquals("EMT-Sub.CA", revoked.json().get("subject").asText());
        assertEquals("CA_COMPROMISE", revoked.json().get("reason").asText());
        X509CRLHolder rootCrl = Pem.crl(Files.readAllBytes(Path.of(revoked.json().get("rootCrl").asText())));
        assertTrue(rootCrl.getRevokedCertificate(emtCa.getSerialNumber()) != null, "the new root CRL lists the EMT sub-CA");
        assertTrue(rootCrl.getRevokedCertificate(Pem.certificate(dir.resolve("ca-gwa.pem")).getSerialNumber()) == null);
        assertEquals(1, CliRun.of("pki", "revoke-ca", "--dir", dir.toString(), "--ca", "emt").code(), "already revoked");
    }

    @Test
    @DisplayName("finding 13: 'pki registrar' adds a scoped registrar whose token file is 0600 and whose scope is stored")
    void registrarsAreAddedWithAScope() throws Exception {
        Path dir = tmp.resolve("pki");
        assertEquals(0, CliRun.of("pki", "init", "--dir", dir.toString(), "--http-port", "0", "--ldap-port", "0").code());
        Path tokenFile = tmp.resolve("tokens").resolve("nord.token");
        CliRun added = CliRun.of("pki", "registrar", "--dir", dir.toString(), "--name", "stadtwerke-nord", "--roles", "EMT,LMN",
                "--subjects", "stadtwerke-nord*,1ESY116*", "--token-file", tokenFile.toString(), "--json");
        assertEquals(0, added.code(), added.err());
        assertEquals("EMT,METER", added.json().get("roles").asText());
        assertTrue(added.json().get("token").isNull(), "the token is in the file, not on the terminal");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        try (SmPki pki = SmPki.open(dir)) {
            var registrar = pki.store().registrarOf(Files.readString(tokenFile).strip()).orElseThrow();
            assertEquals("stadtwerke-nord", registrar.name());
            assertTrue(registrar.scope().permitsCommonName("stadtwerke-nord-7.EMT"));
            assertFalse(registrar.scope().permitsCommonName("energie-sued.EMT"));
            assertFalse(registrar.scope().permitsCommonName("stadtwerke-nord.GWA"));
        }
        assertEquals(2, CliRun.of("pki", "registrar", "--dir", dir.toString(), "--name", "x", "--roles", "EMT",
                "--subjects", "a|b").code(), "a bad pattern is a usage error");
    }

    @Test
    void initIssueServeValidateRevokeEndToEnd() throws Exception {
        Path dir = tmp.resolve("pki");
        int httpPort = LoopbackPorts.free();
        int ldapPort = LoopbackPorts.free();
        CliRun init = CliRun.of("pki", "init", "--dir", dir.toString(), "--algorithm", "ecdsa", "--http-port", "" + httpPort,
                "--ldap-port", "" + ldapPort, "--json");
        assertEquals(0, init.code(), init.err());
        assertEquals("brainpoolP384r1", init.json().get("rootKey").asText());
        assertEquals("http://127.0.0.1:" + httpPort + "/ocsp", init.json().get("ocsp").asText());
        assertFalse(init.json().get("token").asText().isEmpty());
        assertEquals(2, CliRun.of("pki", "init", "--dir", dir.toString()).code(), "a second init is refused");

        CliRun issued = CliRun.of("pki", "issue", "--dir", dir.toString(), "--role", "EMT", "--subject", "stadtwerke", "--json");
        assertEquals(0, issued.code(), issued.err());
        String serial = issued.json().get("serial").asText();
        String cert = issued.json().get("certificate").asText();
        assertEquals("stadtwerke.EMT", issued.json().get("subject").asText());
        assertTrue(Files.exists(Path.of(issued.json().get("key").asText())));

        KeyPair meterKey = SignatureSuite.of(KeyAlgorithm.ECDSA_BRAINPOOLP256R1).generate(new SecureRandom());
        Path csr = tmp.resolve("meter.csr");
        Files.writeString(csr, Pem.encode(Issuer.request(meterKey, "1ESY1160000000")), StandardCharsets.US_ASCII);
        CliRun meter = CliRun.of("pki", "issue", "--dir", dir.toString(), "--role", "METER", "--subject", "1ESY1160000000",
                "--csr", csr.toString(), "--json");
        assertEquals(0, meter.code(), meter.err());
        assertEquals("1ESY1160000000.LMN", meter.json().get("subject").asText());

        Path garbage = tmp.resolve("garbage.csr");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        CliRun malformed = CliRun.of("pki", "issue", "--dir", dir.toString(), "--role", "EMT", "--subject", "x-corp", "--csr",
                garbage.toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().contains("malformed"), malformed.err());
        assertFalse(malformed.err().contains("\tat "), malformed.err());
        assertEquals(2, CliRun.of("pki", "issue", "--dir", dir.toString(), "--role", "CLS", "--subject", "x-corp").code());

        Thread server = new Thread(() -> CliRun.of("pki", "serve", "--dir", dir.toString()), "pki-serve");
        server.start();
        try {
            awaitPort(httpPort);
            awaitPort(ldapPort);
            String root = dir.resolve("root.pem").toString();
            String subCa = dir.resolve("ca-emt.pem").toString();

            CliRun valid = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa, "--role", "EMT", "--json");
            assertEquals(0, valid.code(), valid.out() + valid.err());
            JsonNode json = valid.json();
            assertTrue(json.get("valid").asBoolean());
            assertEquals("GRANTED", json.get("decision").asText());
            assertEquals(3, json.get("path").size());
            assertTrue(json.get("millis").asDouble() > 0);
            assertTrue(json.has("reason"));

            CliRun wrongRole = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa, "--role", "GWA", "--json");
            assertEquals(1, wrongRole.code());
            assertEquals("WRONG_ROLE", wrongRole.json().get("decision").asText());

            CliRun later = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa,
                    "--at", "2099-01-01T00:00:00Z", "--json");
            assertEquals(1, later.code());
            assertEquals("EXPIRED", later.json().get("decision").asText());

            CliRun revoke = CliRun.of("pki", "revoke", "--dir", dir.toString(), "--serial", serial, "--reason", "key-compromise", "--json");
            assertEquals(0, revoke.code(), revoke.err());
            assertEquals("KEY_COMPROMISE", revoke.json().get("reason").asText());
            assertEquals(1, CliRun.of("pki", "revoke", "--dir", dir.toString(), "--serial", serial, "--reason", "superseded").code(),
                    "already revoked");
            assertEquals(1, CliRun.of("pki", "revoke", "--dir", dir.toString(), "--serial", "0x1234", "--reason", "superseded").code(),
                    "unknown serial");
            assertEquals(2, CliRun.of("pki", "revoke", "--dir", dir.toString(), "--serial", serial, "--reason", "bored").code());

            CliRun revokedByCrl = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa, "--json");
            assertEquals(1, revokedByCrl.code());
            assertEquals("REVOKED", revokedByCrl.json().get("decision").asText());
            assertFalse(revokedByCrl.json().get("valid").asBoolean());

            Path emtCrl = download("http://127.0.0.1:" + httpPort + "/crl/emt.crl", tmp.resolve("emt.crl"));
            Path rootCrl = download("http://127.0.0.1:" + httpPort + "/crl/root.crl", tmp.resolve("root.crl"));
            CliRun revokedByCrlFiles = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa,
                    "--crl", emtCrl.toString(), "--crl", rootCrl.toString(), "--json");
            assertEquals(1, revokedByCrlFiles.code());
            assertEquals("REVOKED", revokedByCrlFiles.json().get("decision").asText());
            assertEquals(0, revokedByCrlFiles.json().get("fetches").asInt(), "both CRLs came from files");

            CliRun revokedByOcsp = CliRun.of("pki", "validate", "--anchor", root, "--cert", cert, "--intermediate", subCa,
                    "--ocsp", "http://127.0.0.1:" + httpPort + "/ocsp");
            assertEquals(1, revokedByOcsp.code());
            assertTrue(revokedByOcsp.out().startsWith("REVOKED:") && revokedByOcsp.out().contains("(OCSP)"), revokedByOcsp.out());

            CliRun meterByCrlUrl = CliRun.of("pki", "validate", "--anchor", root, "--cert", meter.json().get("certificate").asText(),
                    "--intermediate", dir.resolve("ca-lmn.pem").toString(), "--crl", "http://127.0.0.1:" + httpPort + "/crl/lmn.crl",
                    "--role", "meter", "--json");
            assertEquals(0, meterByCrlUrl.code(), meterByCrlUrl.out());
        } finally {
            server.interrupt();
            server.join(Duration.ofSeconds(10));
        }
        assertFalse(server.isAlive(), "serve stops when interrupted");
    }

    @Test
    void validateRejectsMalformedInputAsAUsageError() throws Exception {
        Path junk = tmp.resolve("junk.pem");
        Files.writeString(junk, "not a certificate");
        CliRun result = CliRun.of("pki", "validate", "--anchor", junk.toString(), "--cert", junk.toString());
        assertEquals(2, result.code());
        assertTrue(result.err().contains("malformed certificate"), result.err());
        assertEquals(2, CliRun.of("pki", "validate", "--anchor", tmp.resolve("missing.pem").toString(), "--cert", junk.toString()).code());
    }

    @Test
    void initRejectsAnUnknownAlgorithm() {
        CliRun result = CliRun.of("pki", "init", "--dir", tmp.resolve("x").toString(), "--algorithm", "rsa");
        assertEquals(2, result.code());
        assertTrue(result.err().contains("expected ecdsa, mldsa or composite"), result.err());
    }

    @Test
    void benchReportsLatenciesAndSizes() throws Exception {
        CliRun bench = CliRun.of("pki", "bench", "--algorithms", "mldsa", "--iterations", "3", "--warmup", "1", "--crl-sizes", "10,100",
                "--json");
        assertEquals(0, bench.code(), bench.err());
        JsonNode report = bench.json();
        JsonNode mldsa = report.get("algorithms").get(0);
        assertEquals("mldsa", mldsa.get("algorithm").asText());
        assertTrue(mldsa.get("sizes").get("endEntitySignature").asInt() == 3309, mldsa.toString());
        for (String figure : new String[] {"validationWarm", "validationCold", "validationOcsp", "ldapLookup"}) {
            assertEquals(3, mldsa.get(figure).get("samples").asInt(), figure);
            assertTrue(mldsa.get(figure).get("median").asDouble() > 0, figure);
        }
        assertEquals(2, report.get("crlSizes").size());
        assertTrue(report.get("crlSizes").get(1).get("bytes").asInt() > report.get("crlSizes").get(0).get("bytes").asInt());
    }

    private static Path download(String url, Path file) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, response.statusCode());
        return file;
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }
}
