package org.bcpki.eval.jmh;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Signature verification per algorithm: the gateway's hottest cryptographic path. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {
    @Param({"ECDSA_BRAINPOOLP256R1", "ECDSA_P256", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "FALCON_512",
            "SLH_DSA_SHA2_128F", "MLDSA65_ECDSA_BRAINPOOLP256R1"})
    public String algorithm;

    private SignatureSuite suite;
    private KeyPair pair;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        suite = SignatureSuite.of(KeyAlgorithm.valueOf(algorithm));
        pair = suite.fromSeed(new byte[32]);
        message = "reading 1-0:1.8.0 = 12345.678 kWh".getBytes(StandardCharsets.UTF_8);
        signature = suite.sign(pair.getPrivate(), message);
    }

    @Benchmark
    public boolean verify() {
        return suite.verify(pair.getPublic(), message, signature);
    }

    @Benchmark
    public byte[] sign() {
        return suite.sign(pair.getPrivate(), message);
    }
}
