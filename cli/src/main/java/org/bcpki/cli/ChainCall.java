package org.bcpki.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.bcpki.contracts.RegistryRejectedException;
import org.bcpki.contracts.ReleaseRefused;
import org.web3j.protocol.Web3j;
import picocli.CommandLine;

/**
 * A command that acts on chain through one node: its result printed as text or one JSON document;
 * the registry's refusals, off-chain refusals ({@link ReleaseRefused}) and an unreachable node become
 * one-line negative results (exit 1) instead of stack traces.
 */
abstract class ChainCall implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The node to act through (options checked first: a usage error exits 2 before any connection). */
    abstract Web3j connect();

    abstract String rpc();

    abstract boolean json();

    abstract Map<String, Object> act(Web3j web3j) throws Exception;

    abstract String text(Map<String, Object> result);

    @Override
    public Integer call() throws Exception {
        Web3j web3j = connect();
        try {
            Map<String, Object> result = act(web3j);
            if (json()) {
                Output.json(spec.commandLine().getOut(), result);
            } else {
                spec.commandLine().getOut().println(text(result));
            }
            return Boolean.FALSE.equals(result.get("found")) ? ExitCodes.NEGATIVE : ExitCodes.OK;
        } catch (ReleaseRefused e) {
            return negative(e.getMessage(), e.error());
        } catch (RegistryRejectedException e) {
            return negative("the registry refused: " + e.getMessage(), e.errorName());
        } catch (IOException e) {
            return negative("cannot reach the node at " + rpc() + ": " + e.getMessage(), "unreachable");
        } finally {
            web3j.shutdown();
        }
    }

    private int negative(String message, String error) {
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", false);
            result.put("error", error);
            result.put("message", message);
            Output.json(spec.commandLine().getOut(), result);
        } else {
            spec.commandLine().getErr().println("bcpki: " + message);
        }
        return ExitCodes.NEGATIVE;
    }

    /** A mined transaction as the start of a result. */
    static Map<String, Object> tx(TxOutcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("transactionHash", outcome.transactionHash());
        result.put("blockNumber", outcome.blockNumber());
        result.put("gasUsed", outcome.gasUsed());
        return result;
    }
}
