package org.bcpki.eval.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;
import org.bcpki.core.chain.QbftHeaderValidator;
import org.bcpki.core.chain.QbftTestChain;
import org.bcpki.core.chain.ValidationContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decoding and fully validating one sealed QBFT header (seal recovery dominates): the light client's loop. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HeaderVerificationBenchmark {
    @Param({"4", "7"})
    public int validators;

    private final QbftHeaderValidator validator = QbftHeaderValidator.standard();
    private BlockHeader parent;
    private org.apache.tuweni.bytes.Bytes headerRlp;
    private ValidationContext context;

    @Setup
    public void setUp() {
        QbftTestChain chain = QbftTestChain.create(validators).mineEmpty(3);
        parent = chain.head();
        context = chain.nextContext();
        headerRlp = BlockHeaderCodec.encode(chain.sealedNext(chain.validatorKeys().get(0), java.util.Optional.empty()));
    }

    @Benchmark
    public List<String> decodeAndValidate() {
        List<String> problems = validator.validate(BlockHeaderCodec.decode(headerRlp), parent, context);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("benchmark header is invalid: " + problems);
        }
        return problems;
    }
}
