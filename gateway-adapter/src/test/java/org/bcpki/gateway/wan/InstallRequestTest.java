package org.bcpki.gateway.wan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The install request body: strict, bounded, and clear about what is wrong. */
class InstallRequestTest {
    private static final String BUNDLE = "{\"format\":\"bcpki-release-bundle-v1\",\"size\":3}";

    @Test
    void takesTheBundleObjectAndAnOptionalBase64Image() {
        InstallRequest inline = parse("{\"bundle\":" + BUNDLE + ",\"image\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}");
        assertArrayEquals(BUNDLE.getBytes(StandardCharsets.UTF_8), inline.bundle());
        assertArrayEquals(new byte[] {1, 2, 3}, inline.image());
        assertNull(parse("{\"bundle\":" + BUNDLE + "}").image(), "no image: the gateway downloads it");
    }

    @Test
    void refusesAnythingElse() {
        refused("[]", "not a JSON object");
        refused("{\"bundle\":" + BUNDLE + ",\"uri\":\"http://x\"}", "unknown field 'uri'");
        refused("{\"image\":\"AAAA\"}", "bundle");
        refused("{\"bundle\":\"" + BUNDLE.replace("\"", "'") + "\"}", "bundle");
        refused("{\"bundle\":" + BUNDLE + ",\"image\":\"not base64!\"}", "not base64");
        refused("{\"bundle\":" + BUNDLE + ",\"image\":7}", "image");
        String huge = "A".repeat((InstallRequest.MAX_IMAGE_BYTES + 2) / 3 * 4 + 4);
        refused("{\"bundle\":" + BUNDLE + ",\"image\":\"" + huge + "\"}", "at most " + InstallRequest.MAX_IMAGE_BYTES);
        byte[] notUtf8 = {'{', '"', 'b', '"', ':', (byte) 0xff, '}'};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstallRequest.parse(notUtf8));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InstallRequest.parse(new byte[InstallRequest.MAX_BODY_BYTES + 1]));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }

    private static InstallRequest parse(String body) {
        return InstallRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String body, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(body));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
