package org.bcpki.gateway.install;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bcpki.core.release.ReleaseBundle;

/**
 * Fetches an image from a release bundle's uri hint, which nobody vouches for: only the hashes the
 * {@link Installer} computes decide. http and https only (redirects are followed only between
 * those, never from https to http); the answer must be 200; the connection must open within
 * {@code connectTimeout}, the answer's headers arrive within {@code readTimeout}, the body may not
 * stall for longer than {@code readTimeout} between bytes, and the whole transfer may not take longer
 * than {@code totalTimeout} (a server dripping a byte now and then cannot hold the gateway). The Installer reads at most the release's
 * size + 1 bytes and then closes the stream, which cancels the transfer: an endless or oversized
 * answer cannot fill the disk. Each failure is a {@link DownloadFailedException} naming its reason.
 */
public final class ImageDownloader implements AutoCloseable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);
    private static final Set<String> SCHEMES = Set.of("http", "https");

    private final HttpClient http;
    private final Duration readTimeout;
    private final Duration totalTimeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("download-watchdog").factory());

    public ImageDownloader(Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {
        for (Duration timeout : new Duration[] {connectTimeout, readTimeout, totalTimeout}) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("download timeouts must be positive");
            }
        }
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.readTimeout = readTimeout;
        this.totalTimeout = totalTimeout;
    }

    public static ImageDownloader withDefaults() {
        return new ImageDownloader(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TOTAL_TIMEOUT);
    }

    /** One download attempt: an {@link ImageSource} that remembers where it fetched from and how much. */
    public Download download() {
        return new Download();
    }

    public final class Download implements ImageSource {
        private volatile String uri;
        private volatile long bytesFetched;

        /** The bundle's uri hint once opened (null before). */
        public String uri() {
            return uri;
        }

        /** Bytes of the answer's body handed to the Installer. */
        public long bytesFetched() {
            return bytesFetched;
        }

        @Override
        public InputStream open(ReleaseBundle bundle) throws DownloadFailedException {
            return open(bundle.uri());
        }

        @Override
        public boolean fetchesBundleUri() {
            return true;
        }

        /** Opens {@code location} under the same rules (the X.509 baseline's gateway fetches its signed package so). */
        public InputStream open(String location) throws DownloadFailedException {
            uri = location;
            URI target = checked(uri);
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(target).timeout(readTimeout).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new DownloadFailedException("cannot fetch " + uri + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadFailedException("fetching " + uri + " was interrupted", e);
            }
            if (response.statusCode() != 200) {
                closeQuietly(response.body());
                throw new DownloadFailedException(uri + " answered HTTP " + response.statusCode()
                        + (response.statusCode() / 100 == 3 ? " (a redirect to a scheme other than http(s) is not followed)" : ""));
            }
            return new WatchedBody(response.body());
        }

        /** Counts what is read and closes the transfer when it stalls or takes too long. */
        private final class WatchedBody extends FilterInputStream {
            private final long started = System.nanoTime();
            private volatile long lastProgress = started;
            private volatile String cutOff; // why the watchdog closed the transfer, null while it runs
            private final ScheduledFuture<?> watch;

            WatchedBody(InputStream body) {
                super(body);
                long period = Math.max(10, Math.min(readTimeout.toMillis(), totalTimeout.toMillis()) / 4);
                watch = watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
            }

            private void check() {
                long now = System.nanoTime();
                if (now - lastProgress > readTimeout.toNanos()) {
                    stop("no data for " + readTimeout.toMillis() + " ms");
                } else if (now - started > totalTimeout.toNanos()) {
                    stop("not done within " + totalTimeout.toMillis() + " ms");
                }
            }

            private void stop(String why) {
                cutOff = why;
                watch.cancel(false);
                closeQuietly(in); // unblocks a read waiting for bytes that do not come
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n;
                try {
                    n = in.read(buffer, offset, length);
                } catch (IOException e) {
                    throw failure(e);
                }
                if (cutOff != null) {
                    throw failure(null);
                }
                if (n > 0) {
                    bytesFetched += n;
                    lastProgress = System.nanoTime();
                }
                return n;
            }

            private DownloadFailedException failure(IOException cause) {
                String why = cutOff != null ? cutOff : describe(cause);
                return new DownloadFailedException("download from " + uri + " cut off after " + bytesFetched + " bytes: " + why, cause);
            }

            @Override
            public void close() throws IOException {
                watch.cancel(false);
                super.close();
            }
        }
    }

    private static URI checked(String uri) throws DownloadFailedException {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new DownloadFailedException("the bundle's uri " + uri + " is not a URI: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new DownloadFailedException("the bundle's uri " + uri + " is refused: only http and https are fetched, not '"
                    + scheme + "'");
        }
        if (parsed.getHost() == null) {
            throw new DownloadFailedException("the bundle's uri " + uri + " names no host");
        }
        return parsed;
    }

    private static String describe(IOException e) {
        if (e == null) {
            return "closed";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the transfer is abandoned either way
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        http.close();
    }
}
