package org.bcpki.core.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.junit.jupiter.api.Test;

/** bcpki-release-bundle-v1: written bundles parse back; every kind of bad bundle is refused with its reason. */
class ReleaseBundleJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SignatureSuite ML_DSA_65 = SignatureSuite.of(KeyAlgorithm.ML_DSA_65);
    static final KeyPair ACME_KEY = ML_DSA_65.fromSeed(seed(1));
    static final KeyPair PTB_KEY = ML_DSA_65.fromSeed(seed(2));
    static final SubjectId ACME = SubjectId.parse("ACME-Metering-GmbH");
    static final SubjectId PTB = SubjectId.parse("PTB");
    static final ReleaseBundle BUNDLE = ReleaseBundle.sign(new ReleaseMessage(1337,
            Address.fromHex("0x00000000000000000000000000000000000000aa"), ACME, Role.METER, DeviceType.of("E350"), 3, 4096,
            Bytes32.repeat((byte) 0x11), Bytes32.repeat((byte) 0x22)), "https://acme.example/e350/3", ACME_KEY)
            .approvedBy(PTB, PTB_KEY);

    @Test
    void roundTrips() {
        byte[] written = ReleaseBundleJson.write(BUNDLE);
        ReleaseBundle parsed = ReleaseBundleJson.parse(written);
        assertEquals(BUNDLE, parsed); // signatures compare by their bytes
        assertEquals(BUNDLE.hashCode(), parsed.hashCode());
        assertEquals(BUNDLE.release(), parsed.release());
        assertEquals(BUNDLE.releaseId(), parsed.releaseId());
        assertEquals(1, parsed.approvals().size());
        assertArrayEquals(written, ReleaseBundleJson.write(parsed));
    }

    @Test
    void truncatedAndMalformedFilesAreRefused() {
        byte[] written = ReleaseBundleJson.write(BUNDLE);
        refused(Arrays.copyOf(written, written.length / 2), "malformed JSON");
        refused("[]".getBytes(), "must be a JSON object");
        refused((new String(written, StandardCharsets.UTF_8) + "{}").getBytes(), "malformed JSON");
        refused(new String(written, StandardCharsets.UTF_8).replaceFirst("\"uri\"", "\"uri\" : \"x\", \"uri\"")
                .getBytes(), "malformed JSON"); // a duplicate key
        refused(edit(n -> n.remove("size")), "lacks the field 'size'");
        refused(edit(n -> n.put("comment", "x")), "unknown field 'comment'");
        refused(edit(n -> n.put("format", "bcpki-release-bundle-v2")), "format");
        refused(edit(n -> n.put("version", "3")), "version must be a non-negative integer");
        refused(edit(n -> n.put("version", -3)), "version must be a non-negative integer");
        refused(edit(n -> n.put("sha256", "0x11")), "sha256");
    }

    @Test
    void numbersAndRolesHaveOneSpelling() {
        String written = new String(ReleaseBundleJson.write(BUNDLE), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"version\": 3,"), written);
        for (String spelling : new String[] {"3.0", "3e0", "30e-1", "0.3E1", "-3"}) {
            refused(written.replace("\"version\": 3,", "\"version\": " + spelling + ",").getBytes(StandardCharsets.UTF_8),
                    "version must be a non-negative integer");
        }
        refused(written.replace("\"METER\"", "\"meter\"").getBytes(StandardCharsets.UTF_8), "deviceRole must be written METER");
        refused(written.replace("\"chainId\": 1337,", "\"chainId\": -0,").getBytes(StandardCharsets.UTF_8),
                "chainId must be a non-negative integer");
        refused(written.replace("\"size\": 4096,", "\"size\": 9223372036854775808,").getBytes(StandardCharsets.UTF_8),
                "size must be at most 9223372036854775807");
    }

    @Test
    void wrongAlgorithmsAreRefused() {
        refused(edit(n -> ((ObjectNode) n.get("manufacturerSignature")).put("algorithm", "ML-DSA-44")), "algorithm must be ML-DSA-65");
        SignatureSuite mlDsa44 = SignatureSuite.of(KeyAlgorithm.ML_DSA_44);
        String spki44 = Base64.getEncoder().encodeToString(mlDsa44.encodePublicKey(mlDsa44.fromSeed(seed(3)).getPublic()));
        refused(edit(n -> ((ObjectNode) n.get("manufacturerSignature")).put("spki", spki44)), "ML-DSA-44");
        String truncated = n(BUNDLE).get("manufacturerSignature").get("signature").asText().substring(0, 400);
        refused(edit(n -> ((ObjectNode) n.get("manufacturerSignature")).put("signature", truncated)), "3309");
    }

    @Test
    void tamperedFieldsAndMisattributedSignaturesAreRefused() {
        refused(edit(n -> n.put("version", 4)), "manufacturer signature does not verify");
        // The URI is a hint, not signed: changing it changes nothing the chain or a device relies on.
        assertEquals(BUNDLE.releaseId(), ReleaseBundleJson.parse(edit(n -> n.put("uri", "https://mirror.example/3"))).releaseId());
        refused(edit(n -> n.put("deviceType", "E351")), "manufacturer signature does not verify");
        refused(edit(n -> n.put("releaseId", Bytes32.repeat((byte) 1).toHexString())), "releaseId");
        refused(edit(n -> n.put("signatureHash", Bytes32.repeat((byte) 1).toHexString())), "signatureHash");
        // The manufacturer's signature claimed by PTB: signed by someone other than the manufacturer.
        refused(edit(n -> ((ObjectNode) n.get("manufacturerSignature")).put("signer", PTB.toHex())), "not by the release's manufacturer");
        // A bundle re-signed by a non-manufacturer key under the manufacturer's name parses (the signature
        // verifies under the key it carries); the chain's grant refuses it: see ReleaseCommandTest.
        // An approval signature copied under another authority's name still verifies under its key,
        // but the approval of one release is refused for another.
        ReleaseBundle other = ReleaseBundle.sign(new ReleaseMessage(1337, BUNDLE.release().registry(), ACME, Role.METER,
                DeviceType.of("E350"), 4, 4096, Bytes32.repeat((byte) 0x11), Bytes32.repeat((byte) 0x22)), BUNDLE.uri(), ACME_KEY);
        ObjectNode otherNode = n(other);
        otherNode.set("approvals", n(BUNDLE).get("approvals"));
        refused(bytes(otherNode), "approval signature");
    }

    private static void refused(byte[] file, String reason) {
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> ReleaseBundleJson.parse(file));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static byte[] edit(Consumer<ObjectNode> change) {
        ObjectNode node = n(BUNDLE);
        change.accept(node);
        return bytes(node);
    }

    private static ObjectNode n(ReleaseBundle bundle) {
        try {
            return (ObjectNode) JSON.readTree(ReleaseBundleJson.write(bundle));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] seed(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
