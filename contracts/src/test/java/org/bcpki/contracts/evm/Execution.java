package org.bcpki.contracts.evm;

import io.horizen.evm.Address;
import io.horizen.evm.results.EvmLog;
import java.util.List;
import java.util.Optional;
import org.bcpki.contracts.RegistryErrors;

/**
 * The outcome of one message: success, return (or revert) data, the gas the EVM used
 * ({@code executionGas}), the intrinsic gas a transaction adds (21000 + calldata, + creation), and
 * the total a node would charge after refunds ({@code transactionGas}).
 */
public record Execution(boolean success, byte[] output, String error, long executionGas, long intrinsicGas,
                        long transactionGas, List<EvmLog> logs, Address contractAddress) {

    /** The registry's custom error when the call reverted with one. */
    public Optional<RegistryErrors.Revert> revert() {
        return success ? Optional.empty() : RegistryErrors.decode(output);
    }

    /** Name of the custom error, or the EVM error text, for assertions and messages. */
    public String failure() {
        return revert().map(RegistryErrors.Revert::name).orElse(success ? "" : error);
    }
}
