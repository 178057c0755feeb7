package org.bcpki.eval.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.identity.Decision;
import org.bcpki.core.identity.Role;
import org.bcpki.eval.testbed.WorkDirs;
import org.bcpki.pki.CertificateUsage;
import org.bcpki.pki.CrlFetcher;
import org.bcpki.pki.Issuer;
import org.bcpki.pki.LoopbackPorts;
import org.bcpki.pki.PathValidator;
import org.bcpki.pki.PkiAlgorithm;
import org.bcpki.pki.PkiServer;
import org.bcpki.pki.PublicationPoints;
import org.bcpki.pki.SmPki;
import org.bcpki.pki.ValidationResult;
import org.bouncycastle.cert.X509CertificateHolder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * X.509 path validation of a meter's certificate (leaf → LMN sub-CA → root) with the CRLs cached
 * and their signatures already checked: the relying party's warm path, per hierarchy algorithm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PkixValidationBenchmark {
    @Param({"ecdsa", "mldsa", "composite"})
    public String algorithm;

    private Path dir;
    private SmPki pki;
    private PkiServer server;
    private PathValidator validator;
    private List<X509CertificateHolder> chain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("bcpki-jmh-pkix");
        pki = SmPki.create(dir, new SmPki.Settings(PkiAlgorithm.parse(algorithm),
                PublicationPoints.loopback(LoopbackPorts.free(), LoopbackPorts.free()), SmPki.DEFAULT_CRL_VALIDITY)).pki();
        server = PkiServer.startAtPublicationPoints(pki);
        Issuer.IssuedWithKey issued = pki.issuer().issueNewKey("jmh", "1ESY1160000001", Role.METER, CertificateUsage.SIGNATURE);
        chain = List.of(issued.issued().certificate(), pki.subCa(Role.METER).certificate());
        validator = PathValidator.builder(List.of(pki.root().certificate())).fetcher(new CrlFetcher()).build();
        if (validate().decision() != Decision.GRANTED) { // fills the CRL cache
            throw new IllegalStateException("the benchmark certificate does not validate");
        }
    }

    @Benchmark
    public ValidationResult validate() {
        return validator.validate(chain, Role.METER, Instant.now());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.close();
        pki.close();
        WorkDirs.deleteTree(dir);
    }
}
