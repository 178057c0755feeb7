package org.bcpki.eval.scenario;

import org.bcpki.eval.EvalResults;

/** One part of the evaluation: measures something and adds metrics (and charts) to the results. */
public interface Scenario {
    String name();

    /** Roughly how many progress steps {@link #run} reports, for the progress bar. */
    int steps(EvalContext context);

    void run(EvalContext context, EvalResults results) throws Exception;
}
