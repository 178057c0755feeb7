package org.bcpki.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The end-to-end story on one machine (arrives with issue #9; prints the plan until then).")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("bcpki demo is not implemented yet (issue #9). When it lands, one command will:");
        out.println("  1. start the embedded QBFT network (4 validators, 2 mirrors) and 3 authority services");
        out.println("  2. enroll 3 meters with PUF-derived ML-DSA-65 keys and grant them by 2-of-3 approvals");
        out.println("  3. run a gateway whose meters send signed SML readings over pseudo-terminal serial lines");
        out.println("  4. revoke one meter and one EMT and show the gateway rejecting them");
        out.println("  5. check the same identities with the classic X.509 PKI and print a comparison table");
        out.flush();
        return ExitCodes.OK;
    }
}
