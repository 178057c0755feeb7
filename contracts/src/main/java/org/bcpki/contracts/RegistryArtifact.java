package org.bcpki.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.web3j.utils.Numeric;

/**
 * A compiled contract as committed under {@code contracts/artifacts/} (and packaged in this jar):
 * ABI, creation and runtime bytecode, and the compiler's storage layout.
 */
public record RegistryArtifact(String name, JsonNode abi, byte[] bytecode, byte[] deployedBytecode, JsonNode storageLayout) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The IdentityRegistry artifact; loaded once. */
    public static RegistryArtifact identityRegistry() {
        return Holder.IDENTITY_REGISTRY;
    }

    /** The CheckpointRegistry artifact; loaded once. */
    public static RegistryArtifact checkpointRegistry() {
        return Holder.CHECKPOINT_REGISTRY;
    }

    /** The SoftwareRegistry artifact (issue #20); loaded once. */
    public static RegistryArtifact softwareRegistry() {
        return Holder.SOFTWARE_REGISTRY;
    }

    static RegistryArtifact load(String name) {
        String resource = "/org/bcpki/contracts/artifacts/" + name + ".json";
        try (InputStream in = RegistryArtifact.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing contract artifact " + resource);
            }
            JsonNode root = JSON.readTree(in);
            return new RegistryArtifact(name, root.get("abi"),
                    Numeric.hexStringToByteArray(root.get("bytecode").asText()),
                    Numeric.hexStringToByteArray(root.get("deployedBytecode").asText()),
                    root.get("storageLayout"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract artifact " + resource, e);
        }
    }

    /** The slot of a top-level state variable, from the compiler's storage layout. */
    public int stateVariableSlot(String label) {
        for (JsonNode variable : storageLayout.get("storage")) {
            if (variable.get("label").asText().equals(label)) {
                return Integer.parseInt(variable.get("slot").asText());
            }
        }
        throw new IllegalArgumentException("no state variable " + label + " in " + name);
    }

    private static final class Holder {
        static final RegistryArtifact IDENTITY_REGISTRY = load("IdentityRegistry");
        static final RegistryArtifact CHECKPOINT_REGISTRY = load("CheckpointRegistry");
        static final RegistryArtifact SOFTWARE_REGISTRY = load("SoftwareRegistry");
    }
}
