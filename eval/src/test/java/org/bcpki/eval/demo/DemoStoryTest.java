package org.bcpki.eval.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.puf.serial.PseudoTerminalPair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole demo story, as {@code bcpki demo} runs it, with its report. */
class DemoStoryTest {
    @Test
    void storyRunsEveryStepAndWritesTheReport(@TempDir Path work, @TempDir Path report) throws Exception {
        Assumptions.assumeTrue(PseudoTerminalPair.socatAvailable(), "socat provides the meters' serial lines");
        List<String> output = new ArrayList<>();
        DemoStory.Result result = new DemoStory(work, output::add).run(report);

        assertNull(result.failure(), () -> String.join("\n", output));
        assertTrue(result.success());
        for (DemoStep step : result.steps()) {
            assertEquals(DemoStep.Status.OK, step.status(), step::toString);
            assertTrue(step.millis() > 0, step::toString);
        }
        assertTrue(result.steps().stream().anyMatch(s -> s.name().startsWith("revoked meter rejected")
                && s.result().startsWith("REVOKED")));
        assertTrue(result.steps().stream().anyMatch(s -> s.result().equals("HTTP 403 REVOKED")));
        assertTrue(result.steps().stream().filter(s -> s.name().startsWith("grant")).allMatch(s -> s.bytes() > 10_000),
                "four ML-DSA-65 grant requests carry their keys");

        JsonNode summary = new ObjectMapper().readTree(report.resolve(DemoReport.SUMMARY_JSON).toFile());
        assertTrue(summary.get("success").asBoolean());
        assertEquals(result.steps().size(), summary.get("steps").size());
        String md = Files.readString(report.resolve(DemoReport.SUMMARY_MD));
        assertTrue(md.contains("| # | step | status | ms | bytes |"), md);
        DemoStep firmware = result.steps().stream().filter(s -> s.name().equals(DemoStory.FIRMWARE_STEP)).findFirst()
                .orElseThrow();
        assertTrue(firmware.result().contains("INSTALLED") && firmware.result().contains("REVOKED"), firmware::toString);
        assertTrue(firmware.bytes() > 128 * 1024, "the image was fetched: " + firmware);

        // The metrological log holds the readings and every install attempt (tab-separated: seq, time, kind,
        // subject, outcome, reason, evidence); refused readings are security events, never in it.
        List<String[]> log = Files.readAllLines(report.resolve("gateway-log.tsv")).stream().map(l -> l.split("\t", -1)).toList();
        assertTrue(log.stream().anyMatch(e -> e[4].equals("accepted") && !e[2].equals("install")), "readings logged");
        List<String> installs = log.stream().filter(e -> e[2].equals("install")).map(e -> e[4] + " " + e[5]).toList();
        assertEquals(List.of("accepted ", "rejected REVOKED"), installs);
        assertTrue(log.stream().filter(e -> !e[2].equals("install")).noneMatch(e -> String.join(" ", e).contains("REVOKED")),
                "metrological events only");
        String refusals = Files.readString(report.resolve("gateway-security-log.tsv"));
        assertTrue(refusals.contains("REVOKED"), refusals);
    }

    @Test
    void aFailingStepNamesItselfAndStopsTheStory(@TempDir Path report) throws Exception {
        // A working directory that cannot be created: the first step fails, with its reason, and nothing keeps running.
        Path blocked = Files.writeString(report.resolve("not-a-directory"), "x");
        List<String> output = new ArrayList<>();
        DemoStory.Result result = new DemoStory(blocked.resolve("work"), output::add).run(report.resolve("out"));
        assertTrue(!result.success());
        assertTrue(result.failure().startsWith("step 'start network, registry, 3 authorities, X.509 PKI' failed:"),
                result.failure());
        assertEquals(DemoStep.Status.FAILED, result.steps().get(result.steps().size() - 1).status());
        assertTrue(Files.exists(report.resolve("out").resolve(DemoReport.SUMMARY_MD)));
    }

    @Test
    void aFailedStoryStopsEverythingEvenWhenAskedToKeepRunning(@TempDir Path report) throws Exception {
        Path blocked = Files.writeString(report.resolve("not-a-directory"), "x");
        DemoStory story = new DemoStory(blocked.resolve("work"), line -> { });
        DemoStory.Result result = story.run(report.resolve("out"), true);
        assertTrue(!result.success());
        assertTrue(story.running().isEmpty(), "demo --explorer serves only a story that succeeded");
    }
}
