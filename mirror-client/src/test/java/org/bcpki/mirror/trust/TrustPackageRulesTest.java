package org.bcpki.mirror.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a reviewer of trust/ relies on: it reads no files, no network and no JSON, and knows nothing of wire/ or follow/. */
class TrustPackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/org/bcpki/mirror/trust");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import (static )?(java\\.io|java\\.nio|java\\.net|org\\.bcpki\\.mirror\\.(wire|follow)|org\\.bcpki\\.mirror\\.[A-Z])");
    private static final Pattern FULLY_QUALIFIED = Pattern.compile("(java\\.(io|nio|net)|org\\.bcpki\\.mirror\\.(wire|follow))\\.");

    @Test
    void trustImportsNoIoNoWireNoFollow() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.list(SOURCES)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    boolean comment = line.trim().startsWith("*") || line.trim().startsWith("//");
                    if (FORBIDDEN.matcher(line).find() || (!comment && FULLY_QUALIFIED.matcher(line).find())) {
                        offences.add(source.getFileName() + ":" + (i + 1) + ": " + line.trim());
                    }
                }
            }
        }
        assertTrue(files >= 10, "expected trust/ sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offences);
    }
}
