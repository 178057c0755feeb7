package org.bcpki.mirror.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mirror's parser and Jackson on the committed tricky inputs ({@code differential-cases.txt}),
 * each with the outcome it must have: both accept (equal values), neither does, or only Jackson
 * does for one of the differences the README documents.
 */
class JsonJacksonDifferentialTest {
    private static final Pattern UNIT = Pattern.compile("<U\\+([0-9A-F]{4})>");

    static List<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = JsonJacksonDifferentialTest.class.getResourceAsStream("differential-cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                cases.add(Arguments.of(line.substring(0, tab), unescape(line.substring(tab + 1))));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void mirrorAndJacksonDifferOnlyAsDocumented(String expected, String text) {
        JacksonReference.Mirror mirror = JacksonReference.mirror(text);
        Optional<JsonNode> jackson = JacksonReference.parse(text);
        switch (expected) {
            case "both" -> {
                assertTrue(mirror.accepted(), () -> "the mirror refuses " + show(text) + ": " + mirror.error());
                assertTrue(jackson.isPresent(), () -> "Jackson refuses " + show(text));
                assertTrue(JacksonReference.same(mirror.value(), jackson.get()), () -> "different values for " + show(text));
            }
            case "neither" -> {
                assertFalse(mirror.accepted(), () -> "the mirror accepts " + show(text));
                assertFalse(jackson.isPresent(), () -> "Jackson accepts " + show(text));
            }
            default -> {
                assertTrue(expected.startsWith("jackson-only:"), expected);
                JacksonReference.Difference difference = JacksonReference.Difference.named(expected.substring(13));
                assertFalse(mirror.accepted(), () -> "the mirror accepts " + show(text));
                assertTrue(jackson.isPresent(), () -> "Jackson refuses " + show(text));
                assertEquals(java.util.Set.of(difference), JacksonReference.Difference.in(text, jackson.get()));
                assertTrue(mirror.error().contains(difference.mirrorError), mirror.error());
            }
        }
    }

    private static String unescape(String input) {
        Matcher m = UNIT.matcher(input);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(out).toString();
    }

    /** A text for a failure message: control characters and surrogates as <U+XXXX>, cut at 200 characters. */
    static String show(String text) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(text.length(), 200); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == 0xfeff
                    ? String.format("<U+%04X>", (int) c) : String.valueOf(c));
        }
        return out.append(text.length() > 200 ? "'..." : "'").toString();
    }
}
