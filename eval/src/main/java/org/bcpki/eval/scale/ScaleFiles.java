package org.bcpki.eval.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bcpki.eval.Environment;

/**
 * Writes the run's files: results.json and results.csv (the measured rows plus the rows the report
 * derives from them: fits, ratios, freshness, national), report.md and its charts; returns their names.
 * The derived rows are always rebuilt from the measured ones.
 */
final class ScaleFiles {
    private ScaleFiles() {}

    /** {@code env} is the machine writing the files; {@code sources} where the rows were measured. */
    static List<String> write(Path outDir, Environment env, List<ScaleSource> sources, List<ScaleRow> measured,
                              String command) throws IOException {
        Files.createDirectories(outDir);
        List<ScaleRow> all = new ArrayList<>(measured);
        all.addAll(ScaleReport.derivedRows(measured));
        ScaleResultsFiles.writeJson(outDir.resolve(ScaleEvaluation.RESULTS_JSON), env, command, sources, all);
        ScaleResultsFiles.writeCsv(outDir.resolve(ScaleEvaluation.RESULTS_CSV), all);
        List<String> files = new ArrayList<>(List.of(ScaleEvaluation.RESULTS_JSON, ScaleEvaluation.RESULTS_CSV,
                ScaleEvaluation.REPORT_MD));
        files.addAll(ScaleReport.write(outDir, sources, measured, command));
        return files;
    }
}
