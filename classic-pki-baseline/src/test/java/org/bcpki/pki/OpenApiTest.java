package org.bcpki.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served /openapi.yaml parses and describes exactly the routes PkiServer registers, so the two cannot drift. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @TempDir static Path dir;
    static TestPki test;
    static JsonNode description;

    @BeforeAll
    static void start() throws Exception {
        test = TestPki.start(dir.resolve("pki"), PkiAlgorithm.ECDSA);
        HttpResponse<String> response = PkiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(test.server.httpUrl()
                + "/openapi.yaml")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/yaml"));
        description = new YAMLMapper().readTree(response.body());
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    /** Javalin spells path parameters {name} or &lt;name&gt;; OpenAPI {name}. */
    private static String openApiPath(String javalinPath) {
        return javalinPath.replaceAll("<([^>]+)>", "{$1}");
    }

    @Test
    void itIsOpenApi3() {
        assertTrue(description.path("openapi").asText().startsWith("3."), description.path("openapi").asText());
        assertFalse(description.path("info").path("title").asText().isBlank());
    }

    @Test
    void everyRegisteredRouteIsDescribedAndNothingElse() {
        Set<String> registered = new TreeSet<>();
        for (String route : test.server.routes()) {
            String[] methodAndPath = route.split(" ", 2);
            registered.add(methodAndPath[0].toLowerCase(Locale.ROOT) + " " + openApiPath(methodAndPath[1]));
        }
        assertTrue(registered.contains("post /.well-known/est/simpleenroll"), registered.toString());
        Set<String> described = new TreeSet<>();
        description.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> described.add(operation.getKey() + " " + path.getKey())));
        assertEquals(registered, described);
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(description, references);
        assertFalse(references.isEmpty());
        for (String reference : references) {
            assertTrue(reference.startsWith("#/"), reference);
            assertFalse(description.at(reference.substring(1)).isMissingNode(), "unresolved " + reference);
        }
    }

    @Test
    void everyOperationAnswersSomething() {
        description.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> assertFalse(operation.getValue().path("responses").isEmpty(),
                        operation.getKey() + " " + path.getKey())));
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }
}
