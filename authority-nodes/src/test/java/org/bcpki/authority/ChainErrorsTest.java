package org.bcpki.authority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.bcpki.contracts.RegistryErrors;
import org.bcpki.contracts.RegistryRejectedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.exceptions.JsonRpcError;

/** Which failures of a transaction are retried (the end-to-end test injects a real pool-full answer). */
class ChainErrorsTest {

    @Test
    @DisplayName("finding 6: Besu's temporary refusals are retried, reverts and unfixable refusals are final")
    void classifiesBesuErrors() {
        for (String message : List.of("Transaction pool is full", "Known transaction", "Nonce too low",
                "Sender account not authorized to send transactions", "Upfront cost exceeds account balance")) {
            assertTrue(ChainErrors.isTransient(new JsonRpcError(-32000, message, null)), message);
            assertTrue(ChainErrors.isTransient(new RegistryRejectedException(null,
                    "the contract refused the call: JsonRpcError thrown with code -32000. Message: " + message)), message);
        }
        assertTrue(ChainErrors.isTransient(new IOException("Failed to connect to /127.0.0.1:8545")));
        assertTrue(ChainErrors.isTransient(new RegistryRejectedException(null,
                "the contract refused the call: Transaction receipt was not generated after 60 seconds for transaction: 0x12")));

        assertFalse(ChainErrors.isTransient(new RegistryRejectedException(
                new RegistryErrors.Revert("GrantNotActive", List.of(), List.of()), "reverted")));
        assertFalse(ChainErrors.isTransient(new RegistryRejectedException(null, "execution reverted")));
        for (String message : List.of("Wrong chainId", "Invalid signature", "Transaction gas limit exceeds block gas limit")) {
            assertFalse(ChainErrors.isTransient(new JsonRpcError(-32000, message, null)), message);
        }
    }

    @Test
    @DisplayName("finding 6: the retry backoff doubles from 1 s and stays at 5 minutes")
    void backoffIsBounded() {
        assertEquals(1, ChainErrors.backoffSeconds(0));
        assertEquals(2, ChainErrors.backoffSeconds(1));
        assertEquals(256, ChainErrors.backoffSeconds(8));
        assertEquals(300, ChainErrors.backoffSeconds(9));
        assertEquals(300, ChainErrors.backoffSeconds(Integer.MAX_VALUE));
    }
}
