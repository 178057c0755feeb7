package org.bcpki.gateway.wan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.release.ReleaseBundleJson;

/**
 * The body of {@code POST /wan/v1/installs}: {@code {"bundle": <the bcpki-release-bundle-v1 object>,
 * "image": "<base64>"}}, the image optional (without it the gateway downloads it from the bundle's
 * uri). Parsed strictly: those fields only, the image at most {@value #MAX_IMAGE_BYTES} bytes; a
 * deviation is an {@link IllegalArgumentException} (400). Whether the bundle itself is valid is the
 * Installer's decision (MALFORMED_BUNDLE, logged).
 *
 * @param image null when the gateway is to download it
 */
public record InstallRequest(byte[] bundle, byte[] image) {
    /** Larger images are fetched from the bundle's uri, not sent inline. */
    public static final int MAX_IMAGE_BYTES = 1024 * 1024;
    /** The base64 image, the bundle and room for the JSON around them. */
    public static final int MAX_BODY_BYTES = (MAX_IMAGE_BYTES + 2) / 3 * 4 + ReleaseBundleJson.MAX_BYTES + 1024;
    private static final Set<String> FIELDS = Set.of("bundle", "image");

    public static InstallRequest parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("an install request is at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonValue.JsonObject root;
        try {
            root = Json.parseObject(utf8(body), MAX_BODY_BYTES);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage(), e);
        }
        for (String name : root.members().keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "': an install request has bundle and image");
            }
        }
        JsonValue.JsonObject bundle = root.object("bundle"); // JsonException (400) naming the field otherwise
        byte[] image = null;
        if (root.has("image")) {
            String text = root.string("image");
            if (text.length() > (MAX_IMAGE_BYTES + 2) / 3 * 4) {
                throw new IllegalArgumentException("an inline image is at most " + MAX_IMAGE_BYTES
                        + " bytes; give none and the gateway downloads it from the bundle's uri");
            }
            try {
                image = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'image' is not base64: " + e.getMessage(), e);
            }
        }
        return new InstallRequest(Json.write(bundle).getBytes(StandardCharsets.UTF_8), image);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the body is not UTF-8", e);
        }
    }
}
