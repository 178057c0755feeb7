package org.bcpki.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectIdTest {
    @Test
    void meterIdHashesItsCanonicalForm() {
        SubjectId id = SubjectId.parse(" 1esy1160000000 ");
        assertEquals("1ESY1160000000", id.canonical().orElseThrow());
        assertEquals(SubjectId.ofBytes(Keccak.keccak256("bcpki:subject:1ESY1160000000".getBytes(StandardCharsets.UTF_8))), id);
        assertEquals(id, SubjectId.ofHex(id.toHex()));
        assertEquals(66, id.toHex().length());
    }

    @Test
    void organisationIdsAreCaseInsensitive() {
        assertEquals(SubjectId.parse("Stadtwerke-Nord.EMT"), SubjectId.parse("stadtwerke-nord.emt"));
        assertNotEquals(SubjectId.parse("stadtwerke-nord.emt"), SubjectId.parse("stadtwerke-sued.emt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1ESY116000000", "1ESY11600000000", "1ES11160000000", "1ESY11A0000000", "11234567890123"})
    void rejectsMalformedMeterIds(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectId.parse(bad));
        assertTrue(e.getMessage().contains("DIN 43863-5"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a", "emt with spaces", "x/y", "-leading-dash"})
    void rejectsMalformedOrganisationIds(String bad) {
        assertThrows(IllegalArgumentException.class, () -> SubjectId.parse(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stadtwer\u212Ae-nord.emt", "\u017Ftadtwerke-nord.emt", "1E\u017FY1160000000",
            "stadtwerke-nord.em\u0442", "stadtwerke\u2010nord.emt"})
    @org.junit.jupiter.api.DisplayName("finding 4: look-alike identities (Kelvin sign, long s, Cyrillic) are refused and named")
    void refusesNonAsciiLookAlikes(String lookAlike) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectId.parse(lookAlike));
        assertTrue(e.getMessage().contains("ASCII only") && e.getMessage().contains("U+"), e.getMessage());
        assertTrue(!SubjectId.isMeterId(lookAlike));
        // the genuine identity still parses
        assertEquals("stadtwerke-nord.emt", SubjectId.parse("Stadtwerke-Nord.EMT").canonical().orElseThrow());
    }

    @Test
    void controlCharactersAreRefusedNotTrimmedAway() {
        // found by authority-nodes RequestBodyFuzzTest: " \u0000" passed isBlank(), trim() left nothing, charAt(0) threw
        for (String bad : List.of(" \u0000", "\u0000stadtwerke-nord.emt", "stadtwerke-nord.emt\t", "1ESY1160000000\u007F",
                "\u001F1ESY1160000000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectId.parse(bad));
            assertTrue(e.getMessage().contains("no control characters"), e.getMessage());
        }
        assertEquals(SubjectId.parse("stadtwerke-nord.emt"), SubjectId.parse("  stadtwerke-nord.emt "), "spaces are trimmed");
    }

    @Test
    void canonicalFormIsRequiredWhereAsked() {
        assertEquals(SubjectId.parse("1ESY1160000000"), SubjectId.parseCanonical("1ESY1160000000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubjectId.parseCanonical("1esy1160000000"));
        assertTrue(e.getMessage().contains("must be written '1ESY1160000000'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SubjectId.parseCanonical(" 1ESY1160000000"));
    }

    @Test
    void rawIdsMustHave32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> SubjectId.ofBytes(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> SubjectId.ofHex("0x1234"));
        assertThrows(IllegalArgumentException.class, () -> SubjectId.ofHex("zz".repeat(32)));
    }

    @Test
    void codesAreStableAndRoundTrip() {
        assertEquals(1, Role.METER.code());
        assertEquals(8, Role.AUTHORITY.code());
        assertEquals(11, KeyAlgorithm.ML_DSA_65.code());
        assertEquals(40, KeyAlgorithm.MLDSA65_ECDSA_BRAINPOOLP256R1.code());
        for (Role role : Role.values()) {
            assertEquals(role, Role.fromCode(role.code()));
            assertEquals(role, Role.parse(role.name().toLowerCase().replace('_', '-')));
        }
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            assertEquals(algorithm, KeyAlgorithm.fromCode(algorithm.code()));
            assertEquals(algorithm, KeyAlgorithm.parse(algorithm.displayName()));
        }
        assertThrows(IllegalArgumentException.class, () -> Role.fromCode(0));
        assertThrows(IllegalArgumentException.class, () -> Role.parse("king"));
        assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.fromCode(99));
    }
}
