package org.bcpki.pki;

import java.nio.file.Path;
import org.bcpki.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path dir;

    @Test
    void smoke() throws Exception {
        for (PkiAlgorithm a : PkiAlgorithm.values()) {
            long t = System.nanoTime();
            SmPki.Created c = SmPki.create(dir.resolve(a.name()), new SmPki.Settings(a, PublicationPoints.loopback(1, 2), SmPki.DEFAULT_CRL_VALIDITY));
            var i = c.pki().issuer().issueNewKey("t", "stadtwerke", Role.EMT, CertificateUsage.TLS);
            System.out.println(a + " " + i.issued().certificate().getEncoded().length + " " + (System.nanoTime()-t)/1e6);
            System.out.println(Pem.encode(i.issued().certificate()));
            System.out.println(c.pki().currentCrl("emt").getEncoded().length);
        }
    }
}
