package org.bcpki.gateway.reading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingCodecTest {
    private static final MeterKey ML_DSA = MeterKey.fromSeed(KeyAlgorithm.ML_DSA_65, new byte[32]);
    private static final Reading READING = new Reading("1ESY1160000000", 42, 1_763_700_000L, List.of(
            new ObisValue(ObisCode.ENERGY_IMPORT_TOTAL, ObisValue.UNIT_WATT_HOUR, -1, 123_456_789L),
            new ObisValue(ObisCode.POWER_TOTAL, ObisValue.UNIT_WATT, 0, 1_234)));

    @Test
    void serverIdFollowsDin43863_5() {
        byte[] id = MeterServerId.encode("1ESY1160000000");
        assertEquals("0a014553590b03938700", HexFormat.of().formatHex(id));
        assertEquals("1ESY1160000000", MeterServerId.decode(id));
        assertThrows(IllegalArgumentException.class, () -> MeterServerId.encode("ESY1160000000"));
        assertThrows(IllegalArgumentException.class, () -> MeterServerId.decode(new byte[10]));
    }

    @Test
    void aServerIdWithLowerCaseManufacturerLettersIsRefusedByTheDecoder() throws Exception {
        // Found again by ReadingCodecFuzzTest (issue #17): the decoder returned "1eSy1160000000", whose
        // signature verifies (it covers the upper-cased ID), so only the pipeline stood between a
        // re-spelled captured reading and a second meter.
        byte[] lower = MeterServerId.encode("1ESY1160000000");
        lower[3] = 'e';
        assertThrows(IllegalArgumentException.class, () -> MeterServerId.decode(lower));

        byte[] respelled;
        try (var in = ReadingCodecTest.class.getResourceAsStream("ReadingCodecFuzzTestInputs/"
                + "decodedReadingsAreCanonicalStableAndVerifyOnlyWhatWasSigned/finding-lowercase-server-id")) {
            respelled = in.readAllBytes();
        }
        NonCanonicalServerIdException e = assertThrows(NonCanonicalServerIdException.class,
                () -> ReadingCodec.fromSml(respelled));
        assertEquals("1eSy1160000000", e.spelling());
        assertTrue(e.getMessage().contains("must be written '1ESY1160000000'"), e.getMessage());
    }

    @Test
    void obisCodesParseAndPrint() {
        assertEquals(ObisCode.ENERGY_IMPORT_TOTAL, ObisCode.parse("1-0:1.8.0"));
        assertEquals("1-0:1.8.0*255", ObisCode.ENERGY_IMPORT_TOTAL.toString());
        assertEquals("0100010800ff", HexFormat.of().formatHex(ObisCode.ENERGY_IMPORT_TOTAL.bytes()));
    }

    @Test
    void roundTripsASignedMlDsaReadingThroughSml() throws Exception {
        SignedReading signed = SignedReading.sign(READING, KeyAlgorithm.ML_DSA_65, ML_DSA.keyPair(), true);
        byte[] sml = ReadingCodec.toSml(signed);
        // The energy register appears as an SML list entry exactly as real meters send it.
        assertTrue(HexFormat.of().formatHex(sml).contains("77070100010800ff"), "OBIS 1-0:1.8.0 list entry");

        SignedReading decoded = ReadingCodec.fromSml(sml);
        assertEquals(READING, decoded.reading());
        assertEquals(KeyAlgorithm.ML_DSA_65, decoded.algorithm());
        assertArrayEquals(ML_DSA.spki(), decoded.key().bytes());
        assertTrue(decoded.verifiesWith(ML_DSA.spki()));
        ObisValue energy = decoded.reading().value(ObisCode.ENERGY_IMPORT_TOTAL).orElseThrow();
        assertEquals(new BigDecimal("12345678.9"), energy.value());
        assertEquals("Wh", energy.unitSymbol());
    }

    @Test
    void roundTripsABrainpoolReadingThatNamesItsKeyByHash() throws Exception {
        MeterKey ecdsa = MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new byte[32]);
        SignedReading signed = SignedReading.sign(READING, ecdsa.algorithm(), ecdsa.keyPair(), false);
        SignedReading decoded = ReadingCodec.fromSml(ReadingCodec.toSml(signed));
        assertEquals(KeyReference.Form.KEY_HASH, decoded.key().form());
        assertArrayEquals(ecdsa.keyHash(), decoded.key().keyHash());
        assertTrue(decoded.verifiesWith(ecdsa.spki()));
        assertFalse(decoded.verifiesWith(ML_DSA.spki()), "another key does not verify");
    }

    @Test
    void anyChangeToTheSignedContentBreaksTheSignature() throws Exception {
        SignedReading signed = SignedReading.sign(READING, KeyAlgorithm.ML_DSA_65, ML_DSA.keyPair(), true);
        Reading changed = new Reading(READING.meterId(), READING.counter() + 1, READING.time(), READING.values());
        SignedReading forged = new SignedReading(changed, signed.algorithm(), signed.key(), signed.signature());
        assertFalse(ReadingCodec.fromSml(ReadingCodec.toSml(forged)).verifiesWith(ML_DSA.spki()));
    }

    @Test
    void aValueChangedInsideTheSmlFileDecodesOnceItsCrcIsMendedButNoLongerVerifies() throws Exception {
        SignedReading signed = SignedReading.sign(READING, KeyAlgorithm.ML_DSA_65, ML_DSA.keyPair(), true);
        byte[] sml = ReadingCodec.toSml(signed);
        // 123456789 (0x075BCD15) as the Integer64 raw value of 1-0:1.8.0; one bit of it changed.
        byte[] value = HexFormat.of().parseHex("5900000000075bcd15");
        int at = 0;
        while (!java.util.Arrays.equals(sml, at, at + value.length, value, 0, value.length)) {
            at++;
        }
        at += value.length - 1;
        byte[] changed = sml.clone();
        changed[at] ^= 0x01;
        MalformedReadingException e = assertThrows(MalformedReadingException.class, () -> ReadingCodec.fromSml(changed));
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
        assertArrayEquals(sml, ReadingCodecFuzzTest.withMessageCrcs(sml), "a valid file's CRCs stay as they are");

        SignedReading mended = ReadingCodec.fromSml(ReadingCodecFuzzTest.withMessageCrcs(changed));
        assertEquals(123_456_788L, mended.reading().value(ObisCode.ENERGY_IMPORT_TOTAL).orElseThrow().raw());
        assertFalse(mended.verifiesWith(ML_DSA.spki()));
    }

    @Test
    void anyUnitByteRoundTrips() throws Exception {
        // Found by ReadingCodecFuzzTest (issue #17): a reading with unit 135 decoded, and encoding it
        // again failed inside jsml (IllegalArgumentException "Unknown id: 135"), as it would for
        // unit 51 (siemens), which DLMS defines and jsml's table lacks.
        byte[] file;
        try (var in = ReadingCodecTest.class.getResourceAsStream("ReadingCodecFuzzTestInputs/"
                + "decodedReadingsAreCanonicalStableAndVerifyOnlyWhatWasSigned/crash-f74e7ed4f683fd49074c9ffcc10b39a83cf04cf5")) {
            file = ReadingCodecFuzzTest.withMessageCrcs(in.readAllBytes());
        }
        SignedReading decoded = ReadingCodec.fromSml(file);
        assertTrue(decoded.reading().values().stream().anyMatch(v -> v.unit() == 135), decoded.reading().toString());
        assertEquals(decoded.reading(), ReadingCodec.fromSml(ReadingCodec.toSml(decoded)).reading());

        for (int unit : new int[] {0, 51, 58, 200, 255}) {
            Reading reading = new Reading("1ESY1160000000", 1, 1, List.of(new ObisValue(ObisCode.POWER_TOTAL, unit, 0, 7)));
            SignedReading signed = SignedReading.sign(reading, KeyAlgorithm.ML_DSA_65, ML_DSA.keyPair(), false);
            assertEquals(reading, ReadingCodec.fromSml(ReadingCodec.toSml(signed)).reading(), "unit " + unit);
        }
    }

    @Test
    void malformedFilesAreRejectedWithAReason() {
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            assertThrows(MalformedReadingException.class, () -> ReadingCodec.fromSml(noise));
        }
        // A list claiming 2^16 elements, and an octet string claiming 64 KiB, in a few bytes.
        assertThrows(MalformedReadingException.class, () -> ReadingCodec.fromSml(HexFormat.of().parseHex("f1010f0f00")));
        assertThrows(MalformedReadingException.class, () -> ReadingCodec.fromSml(HexFormat.of().parseHex("8f0f0f0f00")));

        byte[] sml = ReadingCodec.toSml(SignedReading.sign(READING, KeyAlgorithm.ML_DSA_65, ML_DSA.keyPair(), false));
        for (int cut : new int[] {1, sml.length / 3, sml.length - 1}) {
            MalformedReadingException e = assertThrows(MalformedReadingException.class,
                    () -> ReadingCodec.fromSml(java.util.Arrays.copyOf(sml, cut)));
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void corruptedFilesEitherDecodeOrFailWithAReasonNeverOtherwise() {
        byte[] sml = ReadingCodec.toSml(SignedReading.sign(READING, KeyAlgorithm.ECDSA_BRAINPOOLP256R1,
                MeterKey.fromSeed(KeyAlgorithm.ECDSA_BRAINPOOLP256R1, new byte[32]).keyPair(), true));
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] corrupted = sml.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                ReadingCodec.fromSml(corrupted);
            } catch (MalformedReadingException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
    }

    @Test
    void keyDirectoriesRoundTrip(@TempDir Path dir) {
        MeterKey created = MeterKey.create(dir.resolve("meter"), KeyAlgorithm.ML_DSA_65, new SecureRandom());
        MeterKey loaded = MeterKey.load(dir.resolve("meter"));
        assertArrayEquals(created.spki(), loaded.spki());
        assertThrows(IllegalArgumentException.class,
                () -> MeterKey.create(dir.resolve("meter"), KeyAlgorithm.ML_DSA_65, new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> MeterKey.load(dir));
    }
}
