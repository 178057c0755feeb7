package org.bcpki.mirror.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.crypto.KeyAlgorithm;
import org.bcpki.core.crypto.SignatureSuite;
import org.bcpki.core.json.Json;
import org.bcpki.mirror.trust.HeaderTrust;
import org.bcpki.mirror.trust.TrustAnchor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorTest {
    static final Address A = Address.fromHex("0x1000000000000000000000000000000000000001");
    static final Address B = Address.fromHex("0x2000000000000000000000000000000000000002");

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughItsFile() throws Exception {
        byte[] spki = SignatureSuite.of(KeyAlgorithm.ML_DSA_65).encodePublicKey(
                SignatureSuite.of(KeyAlgorithm.ML_DSA_65).fromSeed(new byte[32]).getPublic());
        TrustAnchor anchor = new TrustAnchor(TrustAnchor.Kind.CHECKPOINT, 1337, 3000, Bytes32.fromHexString("0x" + "12".repeat(32)),
                List.of(A, B), List.of(new PendingVote(A, Address.fromHex("0x3000000000000000000000000000000000000003"), true)),
                3000, 1, HeaderTrust.BOTH, List.of(Bytes.wrap(spki)), 1,
                Bytes.fromHexString("0x00000000000000000000000000000000000000c1"));
        Path file = dir.resolve("anchor.json");
        TrustAnchorFile.write(anchor, file);
        assertEquals(anchor, TrustAnchorFile.read(file));
        assertTrue(Files.readString(file).contains("\"format\": \"bcpki-mirror-anchor/1\""));
    }

    @Test
    void rejectsBadAnchorsClearly() {
        String good = "{\"format\":\"bcpki-mirror-anchor/1\",\"kind\":\"genesis\",\"number\":0,\"hash\":\"0x" + "12".repeat(32)
                + "\",\"validators\":[\"" + A.toHex() + "\",\"" + B.toHex() + "\"]}";
        assertEquals(2, TrustAnchorFile.fromJson(Json.parse(good)).validators().size());
        for (String bad : List.of(
                good.replace("genesis", "birth"),
                good.replace("\"number\":0", "\"number\":5"),
                good.replace("anchor/1", "anchor/2"),
                good.replace("\"" + A.toHex() + "\",\"" + B.toHex() + "\"", "\"" + B.toHex() + "\",\"" + A.toHex() + "\""),
                good.replace("\"validators\":[\"" + A.toHex() + "\",\"" + B.toHex() + "\"]", "\"validators\":[]"),
                good.replace("}", ",\"trust\":\"pqc-checkpoints\"}"),
                good.replace("0x" + "12".repeat(32), "0x12"))) {
            assertThrows(IllegalArgumentException.class, () -> TrustAnchorFile.fromJson(Json.parse(bad)), bad);
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrustAnchorFile.read(Path.of("/nonexistent/anchor.json")));
        assertTrue(missing.getMessage().contains("cannot read anchor file"), missing.getMessage());
    }
}
