package org.bcpki.eval.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bcpki.eval.Environment;

/** Writes the run's files into the output directory; returns their names. */
final class ScaleFiles {
    private ScaleFiles() {}

    static List<String> write(Path outDir, Environment env, List<ScaleRow> rows, String command) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("environment", env);
        doc.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve(ScaleEvaluation.RESULTS_JSON).toFile(), doc);
        List<String> lines = new ArrayList<>();
        lines.add("section,metric,system,variant,n,gateways,revokedPercent,unit,value,measured,note");
        for (ScaleRow r : rows) {
            lines.add(String.join(",", csv(r.section()), csv(r.metric()), r.system(), csv(r.variant()), Long.toString(r.n()),
                    Integer.toString(r.gateways()), Double.toString(r.revokedPercent()), csv(r.unit()), Double.toString(r.value()),
                    Boolean.toString(r.measured()), csv(r.note())));
        }
        Files.write(outDir.resolve(ScaleEvaluation.RESULTS_CSV), lines);
        return List.of(ScaleEvaluation.RESULTS_JSON, ScaleEvaluation.RESULTS_CSV);
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
