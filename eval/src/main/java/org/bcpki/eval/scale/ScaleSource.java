package org.bcpki.eval.scale;

import java.util.List;
import org.bcpki.eval.Environment;

/**
 * Where a report's rows were measured: the command, the registry sizes it measured and its machine.
 * A report built from several runs ({@code eval scale --from}) names one source per run.
 */
public record ScaleSource(String command, List<Long> sizes, Environment environment) {
    public ScaleSource {
        sizes = List.copyOf(sizes);
    }
}
