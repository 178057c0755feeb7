package org.bcpki.chain.besu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bcpki.chain.engine.EngineUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding Besu, reading its version and JDK from recorded {@code besu --version} outputs, and the
 * command line a node is started with. Nothing here executes a Besu (none is installed here).
 */
class BesuInstallationTest {
    /** Recorded from the 26.8.1 image: the version line after the allocator log line. */
    static final String V26 = """
            2026-10-02 09:14:03.117+00:00 | main | INFO  | Besu | Using jemalloc
            besu/v26.8.1/linux-x86_64/openjdk-java-25
            """;
    static final String DEVELOP = "besu/v25.10-develop-11ef567/linux-aarch_64/openjdk-java-25\n";
    static final String ON_JAVA_17 = "besu/v23.1.3/linux-x86_64/openjdk-java-17\n";
    static final String OLD_ON_25 = "besu/v23.10.2/linux-x86_64/openjdk-java-25\n";
    /** What a Besu built for Java 25 prints when the java on the PATH is 17. */
    static final String WRONG_JDK = """
            Error: LinkageError occurred while loading main class org.hyperledger.besu.Besu
            \tjava.lang.UnsupportedClassVersionError: org/hyperledger/besu/Besu has been compiled by a more recent version \
            of the Java Runtime (class file version 69.0), this version of the Java Runtime only recognizes class file \
            versions up to 61.0
            """;

    @TempDir
    Path tmp;

    @Test
    void parsesRecordedVersionOutputs() {
        BesuVersion v = BesuVersion.parse(V26).orElseThrow();
        assertEquals("26.8.1", v.release());
        assertEquals(26, v.major());
        assertEquals("linux-x86_64", v.platform());
        assertEquals("openjdk-java-25", v.jvm());
        assertEquals(25, v.javaFeature());
        BesuVersion develop = BesuVersion.parse(DEVELOP).orElseThrow();
        assertEquals("25.10-develop-11ef567", develop.release());
        assertEquals(25, develop.major());
        assertEquals(17, BesuVersion.parse(ON_JAVA_17).orElseThrow().javaFeature());
        assertEquals(Optional.empty(), BesuVersion.parse(WRONG_JDK));
        assertEquals(Optional.empty(), BesuVersion.parse("bash: besu: command not found"));
    }

    @Test
    void checksTheJdkBesuReportsRunningOn() {
        Path exe = Path.of("/opt/besu/bin/besu");
        assertEquals("26.8.1", BesuInstallation.check(exe, V26, "/usr/lib/jvm/jdk-25").release());
        assertEquals(25, BesuInstallation.check(exe, DEVELOP, null).javaFeature());

        EngineUnavailableException java17 = assertThrows(EngineUnavailableException.class,
                () -> BesuInstallation.check(exe, ON_JAVA_17, "/usr/lib/jvm/java-17"));
        assertTrue(java17.getMessage().contains("Java 17") && java17.getMessage().contains("JAVA_HOME"), java17.getMessage());
        EngineUnavailableException linkage = assertThrows(EngineUnavailableException.class,
                () -> BesuInstallation.check(exe, WRONG_JDK, null));
        assertTrue(linkage.getMessage().contains("JDK 25"), linkage.getMessage());
        EngineUnavailableException old = assertThrows(EngineUnavailableException.class,
                () -> BesuInstallation.check(exe, OLD_ON_25, null));
        assertTrue(old.getMessage().contains("too old"), old.getMessage());
        EngineUnavailableException garbage = assertThrows(EngineUnavailableException.class,
                () -> BesuInstallation.check(exe, "Segmentation fault\n", null));
        assertTrue(garbage.getMessage().contains("Segmentation fault"), garbage.getMessage());
    }

    @Test
    void locatesBesuHomeFirstThenThePath() throws IOException {
        Path home = tmp.resolve("besu-26.8.1");
        Path script = executable(home.resolve("bin/besu"));
        Path onPath = executable(tmp.resolve("elsewhere/besu"));
        Files.createDirectories(tmp.resolve("empty"));
        String path = tmp.resolve("empty") + ":" + onPath.getParent();

        assertEquals(Optional.of(script), BesuInstallation.locate(Map.of("BESU_HOME", home.toString(), "PATH", path)));
        assertEquals(Optional.of(onPath), BesuInstallation.locate(Map.of("PATH", path)));
        assertEquals(Optional.empty(), BesuInstallation.locate(Map.of("BESU_HOME", tmp.resolve("empty").toString(), "PATH", path)),
                "a BESU_HOME without bin/besu is an error, not a reason to pick another Besu");
        assertEquals(Optional.empty(), BesuInstallation.locate(Map.of("PATH", tmp.resolve("empty").toString())));
        Files.writeString(tmp.resolve("empty/besu"), "not executable");
        assertEquals(Optional.empty(), BesuInstallation.locate(Map.of("PATH", tmp.resolve("empty").toString())));
    }

    @Test
    void withoutBesuTheMessageSaysHowToGetIt() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> BesuInstallation.detect(Map.of("PATH", tmp.toString()), (c, env) -> {
                    throw new AssertionError("nothing to run");
                }));
        assertTrue(e.getMessage().contains("Besu not found"), e.getMessage());
        assertTrue(e.getMessage().contains("BESU_HOME") && e.getMessage().contains("PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("https://github.com/hyperledger/besu/releases"), e.getMessage());
        assertTrue(e.getMessage().contains("hyperledger/besu:"), e.getMessage());
    }

    @Test
    void detectAsksTheFoundBesuForItsVersionWithAJdk25Home() throws IOException {
        Path script = executable(tmp.resolve("besu/bin/besu"));
        List<List<String>> ran = new ArrayList<>();
        List<Map<String, String>> envs = new ArrayList<>();
        BesuInstallation besu = BesuInstallation.detect(Map.of("BESU_HOME", tmp.resolve("besu").toString(), "PATH", "/usr/bin"),
                (command, env) -> {
                    ran.add(command);
                    envs.add(env);
                    return V26;
                });
        assertEquals(List.of(List.of(script.toString(), "--version")), ran);
        assertEquals(System.getProperty("java.home"), envs.get(0).get("JAVA_HOME"), "tests run on JDK 25+");
        assertEquals("/usr/bin", envs.get(0).get("PATH"));
        assertEquals(envs.get(0), besu.environment(), "the node processes get the environment the version was checked in");
        assertEquals("26.8.1", besu.version().release());

        assertThrows(EngineUnavailableException.class, () -> BesuInstallation.detect(
                Map.of("BESU_HOME", tmp.resolve("besu").toString()), (c, env) -> ON_JAVA_17));
        assertThrows(EngineUnavailableException.class, () -> BesuInstallation.detect(
                Map.of("BESU_HOME", tmp.resolve("besu").toString()), (c, env) -> {
                    throw new IOException("Permission denied");
                }));
    }

    @Test
    void launchEnvironmentKeepsAnExplicitJavaHome() {
        assertEquals("/jdk25", BesuInstallation.launchEnvironment(Map.of(), "/jdk25", 25).get("JAVA_HOME"));
        assertEquals("/mine", BesuInstallation.launchEnvironment(Map.of("JAVA_HOME", "/mine"), "/jdk25", 25).get("JAVA_HOME"));
        assertFalse(BesuInstallation.launchEnvironment(Map.of(), "/jdk21", 21).containsKey("JAVA_HOME"),
                "an older JVM is not offered to Besu; the version check then reports the JDK");
    }

    @Test
    void nodeCommandLineRunsFromTheNodeDirectoryWithItsConfig() throws IOException {
        BesuInstallation besu = new BesuInstallation(Path.of("/opt/besu/bin/besu"), Map.of("JAVA_HOME", "/jdk25", "PATH", "/bin"),
                BesuVersion.parse(V26).orElseThrow());
        Path nodeDir = Files.createDirectories(tmp.resolve("net/validator-1"));
        Path log = tmp.resolve("net/run/validator-1.log");
        assertEquals(List.of("/opt/besu/bin/besu", "--config-file=" + nodeDir.toAbsolutePath() + "/config.toml",
                "--profile=ENTERPRISE"), besu.command(tmp.resolve("net/./validator-1")));
        ProcessBuilder builder = besu.processBuilder(nodeDir, log);
        assertEquals(besu.command(nodeDir), builder.command());
        assertEquals(nodeDir.toAbsolutePath().toFile(), builder.directory(), "config paths are relative to the node directory");
        assertEquals(Map.of("JAVA_HOME", "/jdk25", "PATH", "/bin"), builder.environment());
        assertEquals(ProcessBuilder.Redirect.appendTo(log.toFile()), builder.redirectOutput());
        assertTrue(builder.redirectErrorStream());
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
