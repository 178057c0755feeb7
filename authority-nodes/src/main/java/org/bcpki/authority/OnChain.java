package org.bcpki.authority;

import java.io.IOException;
import org.bcpki.contracts.RegistryRejectedException;

/** A chain call made while answering a request: the registry's refusal is the answer (409), an unreachable node 503. */
final class OnChain {
    private OnChain() {}

    @FunctionalInterface
    interface Call<T> {
        T call() throws RegistryRejectedException, IOException;
    }

    static <T> T answer(Call<T> call) {
        try {
            return call.call();
        } catch (RegistryRejectedException e) {
            throw new ApiException(409, e.errorName(), "the registry refused: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiException(503, "chain_unavailable", "cannot reach the chain node: " + e.getMessage());
        }
    }
}
