package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;

/**
 * QBFT extraData RLP. Properties: only {@link MalformedDataException} for bad input; accepted
 * extraData re-encodes to exactly the input; the two hashing forms (round 0 without seals, real
 * round without seals) decode back to the same value with those fields changed.
 */
class QbftExtraDataCodecFuzzTest {
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void decodedExtraDataReencodesToTheSameBytes(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        QbftExtraData data;
        try {
            data = QbftExtraDataCodec.decode(bytes);
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(bytes, QbftExtraDataCodec.encode(data));
        assertEquals(data.withRound(0).withSeals(List.of()),
                QbftExtraDataCodec.decode(QbftExtraDataCodec.encodeForBlockHash(data)));
        assertEquals(data.withSeals(List.of()), QbftExtraDataCodec.decode(QbftExtraDataCodec.encodeForSealDigest(data)));
    }
}
