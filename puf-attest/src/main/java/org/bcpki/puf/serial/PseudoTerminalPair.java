package org.bcpki.puf.serial;

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
 * is written to one end is read from the other, like a serial cable between a device (a meter, a PUF
 * chip) and its host (the gateway, a PUF reader).
 * The two {@code /dev/pts/N} paths are parsed from socat's stderr; optional links give each end a
 * stable name that survives restarting socat. {@link #close()} ends socat (and thereby the line).
 */
public final class PseudoTerminalPair implements AutoCloseable {
    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");

    private final Process socat;
    private final String deviceEnd;
    private final String hostEnd;

    private PseudoTerminalPair(Process socat, String deviceEnd, String hostEnd) {
        this.socat = socat;
        this.deviceEnd = deviceEnd;
        this.hostEnd = hostEnd;
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
    public static PseudoTerminalPair open(Path deviceLink, Path hostLink) throws IOException {
        List<String> command = new ArrayList<>(List.of("socat", "-d", "-d",
                endpoint(deviceLink), endpoint(hostLink)));
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
        String deviceEnd = deviceLink != null ? deviceLink.toString() : ptys.get(0);
        String hostEnd = hostLink != null ? hostLink.toString() : ptys.get(1);
        waitForLinks(deviceLink, hostLink);
        return new PseudoTerminalPair(socat, deviceEnd, hostEnd);
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

    /** The end the (simulated) device uses. */
    public String deviceEnd() {
        return deviceEnd;
    }

    /** The end the host uses. */
    public String hostEnd() {
        return hostEnd;
    }

    public boolean isAlive() {
        return socat.isAlive();
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
