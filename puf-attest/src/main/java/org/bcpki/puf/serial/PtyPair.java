package org.bcpki.puf.serial;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two linked pseudo-terminals made by {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}: what one
 * side writes, the other reads, like a null-modem cable. Used to run a simulated PUF device on one
 * end and the host on the other. Closing it ends socat.
 */
public final class PtyPair implements AutoCloseable {
    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");

    private final Process socat;
    private final String first;
    private final String second;

    private PtyPair(Process socat, String first, String second) {
        this.socat = socat;
        this.first = first;
        this.second = second;
    }

    /** True when a {@code socat} executable is on the PATH. */
    public static boolean socatAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, "socat").canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** Starts socat and waits (at most 5 s) until it has reported both pseudo-terminal paths. */
    public static PtyPair open() throws IOException {
        Process process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> paths = CompletableFuture.supplyAsync(() -> {
            List<String> found = new ArrayList<>();
            try {
                String line;
                while (found.size() < 2 && (line = stderr.readLine()) != null) {
                    Matcher matcher = PTY_LINE.matcher(line);
                    if (matcher.find()) {
                        found.add(matcher.group(1));
                    }
                }
            } catch (IOException e) {
                // reported below as missing paths
            }
            return found;
        });
        List<String> found;
        try {
            found = paths.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroy();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("socat did not report its pseudo-terminals in time", e);
        }
        if (found.size() < 2) {
            process.destroy();
            throw new IOException("socat exited without reporting two pseudo-terminals");
        }
        // Keep draining socat's diagnostics so it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (stderr.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-stderr");
        drain.setDaemon(true);
        drain.start();
        return new PtyPair(process, found.get(0), found.get(1));
    }

    public String first() {
        return first;
    }

    public String second() {
        return second;
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
