package org.bcpki.pki.codesign;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPki;

/** An ML-DSA-65 SM-PKI in a temporary directory, its services on loopback, and the code-signing profile on it. */
final class CodeSigningFixture implements AutoCloseable {
    final SmPki pki;
    final String registrarToken;
    final PkiServer server;
    final CodeSigningBaseline x509;

    private CodeSigningFixture(SmPki pki, String registrarToken, PkiServer server, CodeSigningBaseline x509) {
        this.pki = pki;
        this.registrarToken = registrarToken;
        this.server = server;
        this.x509 = x509;
    }

    /** The certificates name their CRL URLs, so the ports are chosen before the PKI is created. */
    static CodeSigningFixture start(Path dir, Duration crlValidity, Duration deltaCrlPeriod) throws IOException {
        SmPki.Created created = SmPki.create(dir, new SmPki.Settings(PkiAlgorithm.MLDSA,
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), crlValidity, deltaCrlPeriod));
        PkiServer server = PkiServer.startAtPublicationPoints(created.pki());
        return new CodeSigningFixture(created.pki(), created.registrarToken(), server,
                CodeSigningBaseline.setUp(created.pki(), "acme", "ptb"));
    }

    @Override
    public void close() {
        server.close();
        pki.close();
    }
}
