package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.HttpAuth;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** EST enrolment and re-enrolment with the post-quantum hierarchies' keys (ML-DSA-65, composite), via Bouncy Castle's client. */
class EstAlgorithmsTest {
    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(value = PkiAlgorithm.class, names = {"MLDSA", "COMPOSITE"})
    void aPostQuantumKeyEnrollsAndReenrolls(PkiAlgorithm algorithm) throws Exception {
        try (TestPki test = TestPki.start(dir.resolve("pki"), algorithm)) {
            ESTService est = EstClients.bouncyCastle(test.server, null);
            KeyPair key = SignatureSuite.of(algorithm.subKey()).generate(new SecureRandom());
            X509CertificateHolder issued = EstClients.certificates(est.simpleEnroll(false, EstClients.csr(key, "pq-werke.EMT"),
                    new HttpAuth(SmPki.DEFAULT_REGISTRAR, test.token.toCharArray()))).get(0);
            assertEquals(test.pki.subCa(Role.EMT).certificate().getSubject(), issued.getIssuer());
            X509CertificateHolder renewed = EstClients.certificates(est.simpleEnroll(true, EstClients.csr(key, "pq-werke.EMT"), null)).get(0);
            assertEquals(issued.getSubjectPublicKeyInfo(), renewed.getSubjectPublicKeyInfo());
            assertEquals(algorithm.subKey(), SignatureSuite.identify(renewed.getSubjectPublicKeyInfo().getEncoded()));
        }
    }
}
