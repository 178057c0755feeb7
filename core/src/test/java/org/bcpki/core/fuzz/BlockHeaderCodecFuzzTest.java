package org.bcpki.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.BlockHeaderCodec;

class BlockHeaderCodecFuzzTest {
    @FuzzTest(maxExecutions = 200_000, maxDuration = "20m")
    void decodedHeadersReencodeToTheSameBytes(byte[] input) {
        Bytes bytes = Bytes.wrap(input);
        BlockHeader header;
        try {
            header = BlockHeaderCodec.decode(bytes);
        } catch (MalformedDataException expected) {
            return;
        }
        assertEquals(bytes, BlockHeaderCodec.encode(header));
    }
}
