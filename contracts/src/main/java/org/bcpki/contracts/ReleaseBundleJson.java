package org.bcpki.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.MalformedDataException;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.identity.Role;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.release.DeviceType;
import org.bcpki.core.release.ReleaseBundle;
import org.bcpki.core.release.ReleaseMessage;
import org.bcpki.core.release.ReleaseSignature;

/**
 * The release bundle file, {@code bcpki-release-bundle-v1} (contracts/README.md, "Release bundle"):
 * one JSON object, every field required, nothing else allowed, no duplicate keys, the derived
 * {@code releaseId} and {@code signatureHash} checked against the fields, every signature verified
 * (through {@link ReleaseBundle}). A bundle that parses is internally consistent; whether its
 * signers' keys are granted is checked against the chain by whoever relies on it.
 */
public final class ReleaseBundleJson {
    public static final String FORMAT = "bcpki-release-bundle-v1";
    /** Ten signatures of ML-DSA-65 in base64 fit easily; anything larger is not a bundle. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final Set<String> FIELDS = Set.of("format", "chainId", "registry", "manufacturer", "deviceRole",
            "deviceType", "version", "size", "sha256", "keccak256", "uri", "releaseId", "signatureHash",
            "manufacturerSignature", "approvals");
    private static final Set<String> SIGNATURE_FIELDS = Set.of("signer", "algorithm", "spki", "signature");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReleaseBundleJson() {}

    public static byte[] write(ReleaseBundle bundle) {
        ReleaseMessage r = bundle.release();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("chainId", r.chainId());
        root.put("registry", r.registry().toHex());
        root.put("manufacturer", r.manufacturer().toHex());
        root.put("deviceRole", r.deviceRole().name());
        root.put("deviceType", r.deviceType().name());
        root.put("version", r.version());
        root.put("size", r.size());
        root.put("sha256", r.imageSha256().toHexString());
        root.put("keccak256", r.imageKeccak256().toHexString());
        root.put("uri", bundle.uri());
        root.put("releaseId", bundle.releaseId().toHexString());
        root.put("signatureHash", bundle.signatureHash().toHexString());
        root.set("manufacturerSignature", signature(bundle.manufacturerSignature()));
        ArrayNode approvals = root.putArray("approvals");
        bundle.approvals().forEach(a -> approvals.add(signature(a)));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a release bundle", e);
        }
    }

    /** Parses and checks a bundle; any deviation is a {@link MalformedDataException} naming the field. */
    public static ReleaseBundle parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new MalformedDataException("a release bundle is at most " + MAX_BYTES + " bytes, this is " + file.length);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file);
        } catch (JsonProcessingException e) {
            throw new MalformedDataException("not a release bundle (malformed JSON): " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new MalformedDataException("not a release bundle: " + e.getMessage(), e);
        }
        exactFields(root, FIELDS, "the bundle");
        if (!FORMAT.equals(text(root, "format"))) {
            throw new MalformedDataException("format must be " + FORMAT + ", got " + root.get("format"));
        }
        try {
            ReleaseMessage release = new ReleaseMessage(number(root, "chainId"),
                    new Address(Hex.fixed(text(root, "registry"), Address.SIZE, "registry")),
                    SubjectId.ofBytes(Hex.fixed(text(root, "manufacturer"), 32, "manufacturer").toArrayUnsafe()),
                    Role.parse(text(root, "deviceRole")), DeviceType.of(text(root, "deviceType")),
                    number(root, "version"), number(root, "size"), Hex.bytes32(text(root, "sha256"), "sha256"),
                    Hex.bytes32(text(root, "keccak256"), "keccak256"));
            JsonNode approvalsNode = root.get("approvals");
            if (!approvalsNode.isArray()) {
                throw new MalformedDataException("approvals must be an array");
            }
            List<ReleaseSignature> approvals = new ArrayList<>();
            for (JsonNode approval : approvalsNode) {
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

    private static ObjectNode signature(ReleaseSignature s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("signer", s.signer().toHex());
        node.put("algorithm", ReleaseSignature.ALGORITHM.displayName());
        node.put("spki", Base64.getEncoder().encodeToString(s.spki()));
        node.put("signature", Base64.getEncoder().encodeToString(s.signature()));
        return node;
    }

    private static ReleaseSignature signature(JsonNode node, String where) {
        exactFields(node, SIGNATURE_FIELDS, where);
        if (!ReleaseSignature.ALGORITHM.displayName().equals(text(node, "algorithm"))) {
            throw new MalformedDataException(where + ".algorithm must be " + ReleaseSignature.ALGORITHM.displayName()
                    + ", got " + node.get("algorithm"));
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

    private static void exactFields(JsonNode node, Set<String> expected, String where) {
        if (node == null || !node.isObject()) {
            throw new MalformedDataException(where + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new MalformedDataException(where + " has an unknown field '" + name + "'");
            }
        }
        for (String name : expected) {
            if (!node.has(name) || node.get(name).isNull()) {
                throw new MalformedDataException(where + " lacks the field '" + name + "'");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new MalformedDataException(field + " must be a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new MalformedDataException(field + " must be a non-negative integer");
        }
        return value.longValue();
    }

    private static byte[] base64(JsonNode node, String field, String where) {
        try {
            return Base64.getDecoder().decode(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(where + "." + field + " is not base64");
        }
    }

    private static void requireDerived(JsonNode root, String field, Bytes32 derived) {
        if (!derived.equals(Hex.bytes32(text(root, field), field))) {
            throw new MalformedDataException(field + " " + text(root, field) + " is not the one the fields give, "
                    + derived.toHexString());
        }
    }
}
