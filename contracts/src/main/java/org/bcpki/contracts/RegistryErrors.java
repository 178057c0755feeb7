package org.bcpki.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Turns the revert data of a registry (or checkpoint or software registry) call into the contract's custom error, e.g.
 * {@code RoleNotAllowed(authority=0x.., role=2)}, so callers can print a clear reason.
 */
@SuppressWarnings("rawtypes") // web3j's ABI Type is a raw generic in its own API
public final class RegistryErrors {

    /** A decoded custom error: its name and its arguments in declaration order. */
    public record Revert(String name, List<String> argumentNames, List<Object> arguments) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name).append('(');
            for (int i = 0; i < arguments.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                text.append(argumentNames.get(i)).append('=').append(format(arguments.get(i)));
            }
            return text.append(')').toString();
        }

        private static String format(Object value) {
            return value instanceof byte[] bytes ? Numeric.toHexString(bytes) : String.valueOf(value);
        }
    }

    private record ErrorAbi(String name, List<String> argumentNames, List<TypeReference<Type>> types) {}

    private static final Map<String, ErrorAbi> BY_SELECTOR = index(
            List.of(RegistryArtifact.identityRegistry().abi(), RegistryArtifact.checkpointRegistry().abi(),
                    RegistryArtifact.softwareRegistry().abi()));

    private RegistryErrors() {}

    /** The custom error in {@code revertData}, or empty when it is none of the registry's errors. */
    public static Optional<Revert> decode(byte[] revertData) {
        if (revertData == null || revertData.length < 4) {
            return Optional.empty();
        }
        String hex = Numeric.toHexStringNoPrefix(revertData);
        ErrorAbi error = BY_SELECTOR.get(hex.substring(0, 8));
        if (error == null) {
            return Optional.empty();
        }
        List<Type> values = FunctionReturnDecoder.decode(hex.substring(8), error.types());
        List<Object> arguments = new ArrayList<>();
        for (Type value : values) {
            arguments.add(value.getValue());
        }
        return Optional.of(new Revert(error.name(), error.argumentNames(), arguments));
    }

    /** Revert data from a hex string as JSON-RPC returns it. */
    public static Optional<Revert> decode(String revertHex) {
        if (revertHex == null || revertHex.isBlank()) {
            return Optional.empty();
        }
        return decode(Numeric.hexStringToByteArray(revertHex));
    }

    /** The 4-byte selector of an error or function signature such as {@code NotAuthority(address)}. */
    public static String selector(String signature) {
        return Hash.sha3String(signature).substring(2, 10);
    }

    private static Map<String, ErrorAbi> index(List<JsonNode> abis) {
        Map<String, ErrorAbi> bySelector = new HashMap<>();
        for (JsonNode entry : abis.stream().flatMap(abi -> java.util.stream.StreamSupport.stream(abi.spliterator(), false)).toList()) {
            if (!"error".equals(entry.get("type").asText())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<TypeReference<Type>> references = new ArrayList<>();
            for (JsonNode input : entry.get("inputs")) {
                names.add(input.get("name").asText());
                types.add(input.get("type").asText());
                references.add(reference(input.get("type").asText()));
            }
            String name = entry.get("name").asText();
            bySelector.put(selector(name + "(" + String.join(",", types) + ")"),
                    new ErrorAbi(name, List.copyOf(names), List.copyOf(references)));
        }
        return Map.copyOf(bySelector);
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> reference(String solidityType) {
        try {
            return (TypeReference<Type>) (TypeReference<?>) TypeReference.makeTypeReference(solidityType);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unsupported ABI type " + solidityType, e);
        }
    }

}
