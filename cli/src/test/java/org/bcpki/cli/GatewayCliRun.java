package org.bcpki.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the bcpki command line in-process and captures its exit code, stdout and stderr. */
record GatewayCliRun(int code, String out, String err) {
    static GatewayCliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Bcpki.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new GatewayCliRun(code, out.toString(), err.toString());
    }
}
