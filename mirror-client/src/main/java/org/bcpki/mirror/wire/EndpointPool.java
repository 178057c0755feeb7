package org.bcpki.mirror.wire;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several untrusted endpoints. A task runs against the first live endpoint; an endpoint caught lying
 * ({@link LyingEndpointException}) is dropped for good, one that merely fails ({@link RpcException})
 * is skipped for this task only. The order is the configured one, so behaviour is reproducible.
 */
public final class EndpointPool implements AutoCloseable {
    /** Work that asks one endpoint and verifies what it says. */
    @FunctionalInterface
    public interface Task<T> {
        T run(JsonRpcClient endpoint) throws RpcException, LyingEndpointException;
    }

    private final List<JsonRpcClient> endpoints;
    private final HttpClient http; // shared by the endpoints when the pool made them, else null
    private final Map<URI, String> dropped = Collections.synchronizedMap(new LinkedHashMap<>());

    public EndpointPool(List<JsonRpcClient> endpoints) {
        this(endpoints, null);
    }

    private EndpointPool(List<JsonRpcClient> endpoints, HttpClient http) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one JSON-RPC endpoint is needed");
        }
        this.endpoints = List.copyOf(endpoints);
        this.http = http;
    }

    /** A pool of {@code urls}, sharing one HTTP client. */
    public static EndpointPool of(List<URI> urls, Duration timeout, int maxResponseBytes) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        List<JsonRpcClient> clients = new ArrayList<>();
        for (URI uri : urls) {
            clients.add(new JsonRpcClient(uri, http, timeout, maxResponseBytes));
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("at least one JSON-RPC endpoint is needed");
        }
        return new EndpointPool(clients, http);
    }

    /** Parses a comma-separated URL list, as the CLI takes it. */
    public static EndpointPool of(String commaSeparatedUrls, Duration timeout, int maxResponseBytes) {
        return of(urls(commaSeparatedUrls), timeout, maxResponseBytes);
    }

    /** A comma-separated URL list, as the CLI takes it. */
    public static List<URI> urls(String commaSeparatedUrls) {
        List<URI> urls = new ArrayList<>();
        for (String url : commaSeparatedUrls.split(",")) {
            if (!url.isBlank()) {
                try {
                    urls.add(URI.create(url.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not a URL: " + url.trim());
                }
            }
        }
        return urls;
    }

    /** Releases the connections of the HTTP client this pool created. */
    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }

    public static EndpointPool of(String commaSeparatedUrls) {
        return of(commaSeparatedUrls, JsonRpcClient.DEFAULT_TIMEOUT, JsonRpcClient.DEFAULT_MAX_RESPONSE_BYTES);
    }

    public List<JsonRpcClient> endpoints() {
        return endpoints;
    }

    public List<JsonRpcClient> live() {
        List<JsonRpcClient> live = new ArrayList<>();
        for (JsonRpcClient endpoint : endpoints) {
            if (!dropped.containsKey(endpoint.uri())) {
                live.add(endpoint);
            }
        }
        return live;
    }

    /** Endpoints dropped for lying, with the reason each was dropped. */
    public Map<URI, String> dropped() {
        synchronized (dropped) {
            return Map.copyOf(dropped);
        }
    }

    public void drop(JsonRpcClient endpoint, String reason) {
        dropped.putIfAbsent(endpoint.uri(), reason);
    }

    public long bytesReceived() {
        long total = 0;
        for (JsonRpcClient endpoint : endpoints) {
            total += endpoint.bytesReceived();
        }
        return total;
    }

    /**
     * Runs the task against live endpoints in order until one gives a verified answer.
     *
     * @throws NoHonestEndpointException when every endpoint failed or lied; its message lists why
     */
    public <T> T attempt(Task<T> task) throws NoHonestEndpointException {
        List<String> failures = new ArrayList<>();
        for (JsonRpcClient endpoint : live()) {
            try {
                return task.run(endpoint);
            } catch (LyingEndpointException e) {
                drop(endpoint, e.getMessage());
                failures.add(endpoint.uri() + " dropped: " + e.getMessage());
            } catch (RpcException e) {
                failures.add(e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            failures.add("every endpoint was dropped earlier: " + dropped());
        }
        throw new NoHonestEndpointException(failures);
    }
}
