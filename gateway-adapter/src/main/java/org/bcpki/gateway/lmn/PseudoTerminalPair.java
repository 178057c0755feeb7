package org.bcpki.gateway.lmn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A linked pair of pseudo-terminals made by {@code socat -d -d pty,raw,echo=0 pty,raw,echo=0}: what
 * is written to one end is read from the other, like a serial cable between a meter and the gateway.
 * The two {@code /dev/pts/N} paths are parsed from socat's stderr; optional links give each end a
 * stable name that survives restarting socat. {@link #close()} ends socat (and thereby the line).
 */
public final class PseudoTerminalPair implements AutoCloseable {
    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");

    private final Process socat;
    private final String meterEnd;
    private final String gatewayEnd;

    private PseudoTerminalPair(Process socat, String meterEnd, String gatewayEnd) {
        this.socat = socat;
        this.meterEnd = meterEnd;
        this.gatewayEnd = gatewayEnd;
    }

    public static boolean socatAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    public static PseudoTerminalPair open() throws IOException {
        return open(null, null);
    }

    /** Opens a pair; when links are given, socat also creates symlinks with those names to the two ends. */
    public static PseudoTerminalPair open(Path meterLink, Path gatewayLink) throws IOException {
        List<String> command = new ArrayList<>(List.of("socat", "-d", "-d",
                endpoint(meterLink), endpoint(gatewayLink)));
        Process socat = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader stderr = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8));
        List<String> ptys = new ArrayList<>(2);
        StringBuilder seen = new StringBuilder();
        try {
            while (ptys.size() < 2) {
                String line = stderr.readLine();
                if (line == null) {
                    throw new IOException("socat exited before creating two pseudo-terminals: " + seen);
                }
                seen.append(line).append('\n');
                Matcher m = PTY_LINE.matcher(line);
                if (m.find()) {
                    ptys.add(m.group(1));
                }
            }
        } catch (IOException e) {
            socat.destroyForcibly();
            throw e;
        }
        // socat keeps logging to stderr; drain it so it never blocks on a full pipe.
        Thread.ofPlatform().daemon().name("socat-stderr").start(() -> {
            try {
                while (stderr.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // socat ended
            }
        });
        String meterEnd = meterLink != null ? meterLink.toString() : ptys.get(0);
        String gatewayEnd = gatewayLink != null ? gatewayLink.toString() : ptys.get(1);
        waitForLinks(meterLink, gatewayLink);
        return new PseudoTerminalPair(socat, meterEnd, gatewayEnd);
    }

    private static String endpoint(Path link) {
        return "pty,raw,echo=0" + (link != null ? ",link=" + link : "");
    }

    private static void waitForLinks(Path... links) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Path link : links) {
            while (link != null && !java.nio.file.Files.exists(link)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("socat did not create " + link);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    /** The end a (simulated) meter writes to. */
    public String meterEnd() {
        return meterEnd;
    }

    /** The end the gateway reads. */
    public String gatewayEnd() {
        return gatewayEnd;
    }

    public long pid() {
        return socat.pid();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(3, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
