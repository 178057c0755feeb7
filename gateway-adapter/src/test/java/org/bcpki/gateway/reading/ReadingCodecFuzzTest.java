package org.bcpki.gateway.reading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.gateway.sml.Crc16X25;

/**
 * SML files as a meter's frame payload. Allowed errors: {@link MalformedReadingException} (and its
 * {@link NonCanonicalServerIdException}) only. What decodes has a canonical server ID and survives
 * encode → decode unchanged (the SML container may be spelled differently by other encoders; the
 * reading, key reference and signature may not). A decoded reading verifies only with a fixture key
 * and only when its signed content is exactly one the fixtures signed: mutating the file can change
 * the container, the key form or the signature encoding, never what was signed.
 *
 * <p>jsml checks a CRC in every SML message, which almost every mutation breaks; so an input that
 * fails only there is decoded a second time with its messages' CRCs recomputed, to reach the reading.
 */
class ReadingCodecFuzzTest {
    static final MeterKey ML_DSA = MeterKey.fromSeed(KeyAlgorithm.ML_DSA_65, seed(0x11));
    static final MeterKey BRAINPOOL = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, seed(0x22));
    static final List<MeterKey> KEYS = List.of(ML_DSA, BRAINPOOL);

    /** The readings the seed corpus holds, each signed by each fixture key. */
    static final List<Reading> READINGS = List.of(
            new Reading("1ESY1160000000", 42, 1_763_700_000L, List.of(
                    new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 123_456_789L),
                    new ObisValue(ObisCode.POWER_TOTAL, ObisValue.UNIT_WATT, 0, 1_234))),
            new Reading("1ISK0075126084", 1, 0, List.of(
                    new ObisValue(ObisCode.ENERGY_EXPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 0))),
            new Reading("9ABC9999999999", Long.MAX_VALUE, 0xFFFF_FFFFL, List.of(
                    new ObisValue(ObisCode.POWER_TOTAL, 255, -128, Long.MIN_VALUE),
                    new ObisValue(ObisCode.parse("0-0:96.1.0*255"), 0, 127, Long.MAX_VALUE),
                    new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, 3, -1))));

    private static final Set<String> SIGNED = READINGS.stream()
            .flatMap(r -> KEYS.stream().map(k -> HexFormat.of().formatHex(r.signedContent(k.algorithm(), k.keyHash()))))
            .collect(Collectors.toUnmodifiableSet());

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "20m")
    void decodedReadingsAreCanonicalStableAndVerifyOnlyWhatWasSigned(byte[] file) {
        try {
            ReadingCodec.readValues(file);
        } catch (MalformedReadingException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
        }
        SignedReading decoded = decode(file);
        if (decoded == null) {
            return;
        }
        String meterId = decoded.reading().meterId();
        assertEquals(SubjectId.parse(meterId).canonical().orElseThrow(), meterId, "accepted server ID is not canonical");
        assertEquals(meterId, MeterServerId.decode(MeterServerId.encode(meterId)));

        byte[] encoded = ReadingCodec.toSml(decoded);
        SignedReading again;
        try {
            again = ReadingCodec.fromSml(encoded);
        } catch (MalformedReadingException e) {
            throw new AssertionError("the codec cannot read its own encoding of a reading it accepted", e);
        }
        assertSame(decoded, again);
        assertArrayEquals(encoded, ReadingCodec.toSml(again), "encode(decode(encode(r))) differs from encode(r)");

        Optional<MeterKey> holder = KEYS.stream()
                .filter(k -> k.algorithm() == decoded.algorithm()
                        && java.util.Arrays.equals(k.keyHash(), decoded.key().keyHash()))
                .findFirst();
        Optional<byte[]> presented = decoded.key().spki().or(() -> holder.map(MeterKey::spki));
        if (presented.isPresent() && decoded.verifiesWith(presented.get())) {
            assertTrue(holder.isPresent(), "a signature verified with a key no fixture holds");
            assertTrue(SIGNED.contains(HexFormat.of().formatHex(
                    decoded.reading().signedContent(decoded.algorithm(), decoded.key().keyHash()))),
                    "a reading nobody signed verified: " + decoded.reading());
        }
    }

    /** The decoded reading, or null for a file refused with a reason (retried with mended CRCs). */
    private static SignedReading decode(byte[] file) {
        try {
            return ReadingCodec.fromSml(file);
        } catch (MalformedReadingException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
            if (!e.getMessage().contains("CRC")) {
                return null;
            }
        }
        try {
            return ReadingCodec.fromSml(withMessageCrcs(file));
        } catch (MalformedReadingException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank());
            return null;
        }
    }

    /** The file with the CRC of each top-level SML message (a list of 6, CRC fifth) set as jsml computes it. */
    static byte[] withMessageCrcs(byte[] file) {
        byte[] out = file.clone();
        for (int message = 0; message >= 0 && message < out.length; message = end(out, message, 0)) {
            if ((out[message] & 0xFF) != 0x76) {
                continue;
            }
            int crc = message + 1;
            for (int field = 0; field < 4 && crc >= 0; field++) {
                crc = end(out, crc, 1);
            }
            if (crc >= 0 && crc + 3 <= out.length && (out[crc] & 0xFF) == 0x63) {
                int value = Crc16X25.of(out, message, crc - message);
                out[crc + 1] = (byte) value; // jsml puts the CRC-16/X-25 low byte first
                out[crc + 2] = (byte) (value >>> 8);
            }
        }
        return out;
    }

    /** Where the SML element at {@code position} ends, or -1 when it is malformed (see SmlTlvGuard). */
    private static int end(byte[] b, int position, int depth) {
        if (position >= b.length || depth > 16) {
            return -1;
        }
        if (b[position] == 0) {
            return position + 1;
        }
        int length = b[position] & 0x0F;
        int tl = 1;
        while ((b[position + tl - 1] & 0x80) != 0) {
            if (position + tl >= b.length || tl == 4) {
                return -1;
            }
            length = length << 4 | (b[position + tl] & 0x0F);
            tl++;
        }
        if ((b[position] & 0x70) == 0x70) {
            int child = position + tl;
            for (int i = 0; i < length && child >= 0; i++) {
                child = end(b, child, depth + 1);
            }
            return child;
        }
        return length < tl || position + length > b.length ? -1 : position + length;
    }

    private static void assertSame(SignedReading expected, SignedReading actual) {
        assertEquals(expected.reading(), actual.reading());
        assertEquals(expected.algorithm(), actual.algorithm());
        assertEquals(expected.key().form(), actual.key().form());
        assertArrayEquals(expected.key().bytes(), actual.key().bytes());
        assertArrayEquals(expected.signature(), actual.signature());
    }

    private static byte[] seed(int fill) {
        byte[] seed = new byte[32];
        java.util.Arrays.fill(seed, (byte) fill);
        return seed;
    }
}
