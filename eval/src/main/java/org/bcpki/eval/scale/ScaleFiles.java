package org.bcpki.eval.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Environment;

/**
 * Writes the run's files: results.json and results.csv (the measured rows plus the rows the report
 * derives from them: fits, ratios, freshness, national), report.md and its charts; returns their names.
 */
final class ScaleFiles {
    private ScaleFiles() {}

    static List<String> write(Path outDir, Environment env, List<ScaleRow> measured, String command) throws IOException {
        List<ScaleRow> all = new ArrayList<>(measured);
        all.addAll(ScaleReport.derivedRows(measured));
        ScaleResultsFiles.writeJson(outDir.resolve(ScaleEvaluation.RESULTS_JSON), env, all);
        ScaleResultsFiles.writeCsv(outDir.resolve(ScaleEvaluation.RESULTS_CSV), all);
        List<String> files = new ArrayList<>(List.of(ScaleEvaluation.RESULTS_JSON, ScaleEvaluation.RESULTS_CSV,
                ScaleEvaluation.REPORT_MD));
        files.addAll(ScaleReport.write(outDir, env, measured, command));
        return files;
    }
}
