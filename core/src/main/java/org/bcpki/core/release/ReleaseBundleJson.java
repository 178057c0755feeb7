package org.bcpki.core.release;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.Json;
import org.bcpki.core.json.JsonException;
import org.bcpki.core.json.JsonValue;

/**
 * The release bundle file, {@code bcpki-release-bundle-v1} (core/README.md, "Release formats"):
 * one JSON object, every field required, nothing else allowed, no duplicate keys, the derived
 * {@code releaseId} and {@code signatureHash} checked against the fields, every signature verified
 * (through {@link ReleaseBundle}). A bundle that parses is internally consistent; whether its
 * signers' keys are granted is checked against the chain by whoever relies on it.
 *
 * <p>It lives here, on the light client's strict dependency-free {@link Json}, because the gateway
 * reads bundles and may not depend on {@code contracts} (nor on Jackson); the CLI writes them.
 */
public final class ReleaseBundleJson {
    public static final String FORMAT = "bcpki-release-bundle-v1";
    /** Ten signatures of ML-DSA-65 in base64 fit easily; anything larger is not a bundle. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final Set<String> FIELDS = Set.of("format", "chainId", "registry", "manufacturer", "deviceRole",
            "deviceType", "version", "size", "sha256", "keccak256", "uri", "releaseId", "signatureHash",
            "manufacturerSignature", "approvals");
    private static final Pattern INTEGER = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("signer", "algorithm", "spki", "signature");

    private ReleaseBundleJson() {}

    public static byte[] write(ReleaseBundle bundle) {
        ReleaseMessage r = bundle.release();
        List<JsonValue> approvals = new ArrayList<>();
        bundle.approvals().forEach(a -> approvals.add(signature(a)));
        JsonValue.JsonObject root = JsonValue.JsonObject.builder()
                .put("format", FORMAT)
                .put("chainId", r.chainId())
                .put("registry", r.registry().toHex())
                .put("manufacturer", r.manufacturer().toHex())
                .put("deviceRole", r.deviceRole().name())
                .put("deviceType", r.deviceType().name())
                .put("version", r.version())
                .put("size", r.size())
                .put("sha256", r.imageSha256().toHexString())
                .put("keccak256", r.imageKeccak256().toHexString())
                .put("uri", bundle.uri())
                .put("releaseId", bundle.releaseId().toHexString())
                .put("signatureHash", bundle.signatureHash().toHexString())
                .put("manufacturerSignature", signature(bundle.manufacturerSignature()))
                .put("approvals", new JsonValue.JsonArray(approvals))
                .build();
        return Json.writePretty(root).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and checks a bundle; any deviation is a {@link MalformedDataException} naming the field. */
    public static ReleaseBundle parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new MalformedDataException("a release bundle is at most " + MAX_BYTES + " bytes, this is " + file.length);
        }
        JsonValue parsed;
        try {
            parsed = Json.parse(utf8(file), MAX_BYTES);
        } catch (JsonException e) {
            throw new MalformedDataException("not a release bundle (malformed JSON): " + e.getMessage(), e);
        }
        JsonValue.JsonObject root = exactFields(parsed, FIELDS, "the bundle");
        if (!FORMAT.equals(text(root, "format"))) {
            throw new MalformedDataException("format must be " + FORMAT + ", got " + Json.write(root.get("format")));
        }
        try {
            ReleaseMessage release = new ReleaseMessage(number(root, "chainId"),
                    new Address(Hex.fixed(text(root, "registry"), Address.SIZE, "registry")),
                    SubjectId.ofBytes(Hex.fixed(text(root, "manufacturer"), 32, "manufacturer").toArrayUnsafe()),
                    role(text(root, "deviceRole")), DeviceType.of(text(root, "deviceType")),
                    number(root, "version"), number(root, "size"), Hex.bytes32(text(root, "sha256"), "sha256"),
                    Hex.bytes32(text(root, "keccak256"), "keccak256"));
            if (!(root.get("approvals") instanceof JsonValue.JsonArray approvalsNode)) {
                throw new MalformedDataException("approvals must be an array");
            }
            List<ReleaseSignature> approvals = new ArrayList<>();
            for (JsonValue approval : approvalsNode.elements()) {
                approvals.add(signature(approval, "approvals[" + approvals.size() + "]"));
            }
            ReleaseBundle bundle = new ReleaseBundle(release, text(root, "uri"),
                    signature(root.get("manufacturerSignature"), "manufacturerSignature"), approvals);
            requireDerived(root, "signatureHash", bundle.signatureHash());
            requireDerived(root, "releaseId", bundle.releaseId());
            return bundle;
        } catch (MalformedDataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException("not a valid release bundle: " + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDataException("not a release bundle (malformed JSON): not UTF-8");
        }
    }

    private static JsonValue signature(ReleaseSignature s) {
        return JsonValue.JsonObject.builder()
                .put("signer", s.signer().toHex())
                .put("algorithm", ReleaseSignature.ALGORITHM.displayName())
                .put("spki", Base64.getEncoder().encodeToString(s.spki()))
                .put("signature", Base64.getEncoder().encodeToString(s.signature()))
                .build();
    }

    private static ReleaseSignature signature(JsonValue value, String where) {
        JsonValue.JsonObject node = exactFields(value, SIGNATURE_FIELDS, where);
        if (!ReleaseSignature.ALGORITHM.displayName().equals(text(node, "algorithm"))) {
            throw new MalformedDataException(where + ".algorithm must be " + ReleaseSignature.ALGORITHM.displayName()
                    + ", got " + Json.write(node.get("algorithm")));
        }
        try {
            return new ReleaseSignature(SubjectId.ofBytes(Hex.fixed(text(node, "signer"), 32, where + ".signer").toArrayUnsafe()),
                    base64(node, "spki", where), base64(node, "signature", where));
        } catch (MalformedDataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(where + ": " + e.getMessage(), e);
        }
    }

    private static JsonValue.JsonObject exactFields(JsonValue value, Set<String> expected, String where) {
        if (!(value instanceof JsonValue.JsonObject node)) {
            throw new MalformedDataException(where + " must be a JSON object");
        }
        for (String name : node.members().keySet()) {
            if (!expected.contains(name)) {
                throw new MalformedDataException(where + " has an unknown field '" + name + "'");
            }
        }
        for (String name : expected) {
            if (!node.has(name) || node.get(name).isNull()) {
                throw new MalformedDataException(where + " lacks the field '" + name + "'");
            }
        }
        return node;
    }

    private static String text(JsonValue.JsonObject node, String field) {
        if (!(node.get(field) instanceof JsonValue.JsonString value)) {
            throw new MalformedDataException(field + " must be a string");
        }
        return value.value();
    }

    /** A role by its name exactly as written (METER), not the command line's lenient spellings. */
    private static Role role(String name) {
        Role role = Role.parse(name);
        if (!role.name().equals(name)) {
            throw new MalformedDataException("deviceRole must be written " + role.name() + ", got '" + name + "'");
        }
        return role;
    }

    /** One spelling per value: decimal digits without sign, fraction, exponent or leading zeros. */
    private static long number(JsonValue.JsonObject node, String field) {
        if (!(node.get(field) instanceof JsonValue.JsonNumber number) || !INTEGER.matcher(number.text()).matches()) {
            throw new MalformedDataException(field + " must be a non-negative integer (decimal digits only)");
        }
        try {
            return Long.parseLong(number.text());
        } catch (NumberFormatException e) {
            throw new MalformedDataException(field + " must be at most " + Long.MAX_VALUE);
        }
    }

    private static byte[] base64(JsonValue.JsonObject node, String field, String where) {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(where + "." + field + " is not base64");
        }
    }

    private static void requireDerived(JsonValue.JsonObject node, String field, Bytes32 derived) {
        if (!derived.equals(Hex.bytes32(text(node, field), field))) {
            throw new MalformedDataException(field + " " + text(node, field) + " is not the one the fields give, "
                    + derived.toHexString());
        }
    }
}
