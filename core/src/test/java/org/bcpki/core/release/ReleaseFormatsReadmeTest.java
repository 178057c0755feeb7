package org.bcpki.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.junit.jupiter.api.Test;

/**
 * core/README.md's worked example of the release formats, recomputed: every value the README
 * prints there must be what the code derives, so the document cannot drift from the bytes.
 */
class ReleaseFormatsReadmeTest {
    private static final Pattern LINE = Pattern.compile("(?m)^(\\S.*?)\\s{2,}(0x[0-9a-f]+)\\s*$");
    private static final Bytes32 SIGNATURE_HASH = Bytes32.repeat((byte) 0x33);
    private static final Bytes32 KEY_HASH = Bytes32.repeat((byte) 0x44);

    @Test
    void theWorkedExampleIsWhatTheCodeDerives() throws IOException {
        ReleaseMessage message = new ReleaseMessage(1337, Address.fromHex("0x00000000000000000000000000000000000000aa"),
                SubjectId.parse("ACME-Metering-GmbH"), Role.METER, DeviceType.of("E350"), 3, 4096,
                Bytes32.repeat((byte) 0x11), Bytes32.repeat((byte) 0x22));
        Bytes32 releaseId = message.releaseId(SIGNATURE_HASH);
        ReleaseRecord approved = new ReleaseRecord(ReleaseStatus.APPROVED, Role.METER.code(), 3, 4096, 1_800_000_000L, 0,
                Bytes32.wrap(message.manufacturer().bytes()), message.deviceType().value(), message.imageSha256(),
                message.imageKeccak256(), KEY_HASH, SIGNATURE_HASH);
        byte[] manufacturerBytes = message.manufacturerBytes();
        byte[] approvalBytes = message.approvalBytes(SIGNATURE_HASH);
        assertEquals(190, manufacturerBytes.length);
        assertEquals(222, approvalBytes.length);

        Map<String, Bytes> derived = new LinkedHashMap<>();
        derived.put("manufacturer subject id", Bytes.wrap(message.manufacturer().bytes()));
        derived.put("deviceType word", message.deviceType().value());
        derived.put("manufacturer message, first 45 bytes", Bytes.wrap(manufacturerBytes).slice(0, 45));
        derived.put("keccak256(manufacturer message)", keccak(manufacturerBytes));
        derived.put("keccak256(approval message)", keccak(approvalBytes));
        derived.put("releaseId", releaseId);
        derived.put("typeKey", message.typeKey());
        derived.put("releases[releaseId] (first of 7 slots)", ReleaseLayout.recordSlots(releaseId).get(0));
        derived.put("recordHashes[releaseId] slot", ReleaseLayout.recordHashSlot(releaseId));
        derived.put("deviceTypes[typeKey] slot", ReleaseLayout.deviceTypeSlot(message.typeKey()));
        derived.put("approvalVotes[releaseId] slot", ReleaseLayout.approvalVotesSlot(releaseId));
        derived.put("word 0 of the APPROVED record", ReleaseLayout.pack(approved));
        derived.put("recordHash of the APPROVED record", ReleaseLayout.recordHash(approved));
        derived.put("deviceTypes word {3, 3}", ReleaseLayout.packDeviceType(new DeviceTypeState(3, 3)));
        derived.put("approvalVotes word, authorities 0 and 2", ReleaseLayout.packApprovalVotes(0b101));
        derived.put("releaseOf selector", Bytes.wrap(Keccak.keccak256("releaseOf(bytes32)".getBytes(StandardCharsets.US_ASCII)))
                .slice(0, 4));

        Map<String, String> documented = example();
        StringBuilder wrong = new StringBuilder();
        derived.forEach((label, value) -> {
            if (!value.toHexString().equals(documented.get(label))) {
                wrong.append(String.format("%n%-40s  %s", label, value.toHexString()));
            }
        });
        assertTrue(wrong.isEmpty(), "core/README.md's worked example differs from the code; the code says:" + wrong);
        assertEquals(List.copyOf(derived.keySet()), List.copyOf(documented.keySet()), "the example's lines");
        assertEquals(approved, ReleaseLayout.decode(ReleaseLayout.words(approved)));
    }

    @Test
    void mlDsa65KeysAndSignaturesHaveTheDocumentedSizes() {
        SignatureSuite suite = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
        KeyPair key = suite.fromSeed(new byte[32]);
        byte[] spki = suite.encodePublicKey(key.getPublic());
        assertEquals(1974, spki.length);
        assertEquals("2.16.840.1.101.3.4.3.18", SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm().getId());
        assertEquals(ReleaseSignature.SIGNATURE_LENGTH, suite.sign(key.getPrivate(), new byte[190]).length);
    }

    /** The lines {@code label  0x..} of the fenced block after "### Worked example". */
    private static Map<String, String> example() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int heading = readme.indexOf("### Worked example");
        assertTrue(heading >= 0, "core/README.md has no worked example");
        int start = readme.indexOf("```", heading);
        int end = readme.indexOf("```", start + 3);
        Map<String, String> lines = new LinkedHashMap<>();
        Matcher m = LINE.matcher(readme.substring(start + 3, end));
        while (m.find()) {
            lines.put(m.group(1).trim(), m.group(2));
        }
        return lines;
    }

    private static Bytes keccak(byte[] data) {
        return Bytes.wrap(Keccak.keccak256(data));
    }
}
