package org.bcpki.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bcpki.chain.node.NodeMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true, description = "Run a single chain node of a network directory.",
        subcommands = {NodeCommand.Run.class})
final class NodeCommand {

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run node NAME of network D until stopped.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "network directory")
        Path dir;
        @Option(names = "--node", required = true, description = "node name, e.g. validator-1 or mirror-1")
        String node;
        @CommandLine.Mixin
        LoggingOption logging = new LoggingOption();

        @Override
        public Integer call() throws Exception {
            if (NetworkCommand.read(dir).node(node).isEmpty()) {
                throw new UsageError("no node named " + node + " in " + dir);
            }
            logging.apply();
            NodeMain.runUntilStopped(dir, node);
            return ExitCodes.OK;
        }
    }
}
