package org.bcpki.contracts;

import java.io.IOException;
import java.math.BigInteger;
import org.bcpki.contracts.RegistryOperations.TxOutcome;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** How this module's clients send contract transactions: eth_call pre-flight, then a signed transaction. */
final class ContractTransactions {
    private static final long RECEIPT_POLL_MILLIS = 250;
    private static final int RECEIPT_POLL_ATTEMPTS = 240;

    private ContractTransactions() {}

    static TransactionManager manager(Web3j web3j, Credentials credentials, long chainId) {
        return new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    static BigInteger gasPrice(Web3j web3j) throws IOException {
        return web3j.ethGasPrice().send().getGasPrice();
    }

    /** Simulates with eth_call (to learn the custom error without paying for it), then sends. */
    static TxOutcome send(Web3j web3j, String from, String contract, RemoteFunctionCall<TransactionReceipt> call)
            throws RegistryRejectedException, IOException {
        EthCall simulation = web3j.ethCall(Transaction.createEthCallTransaction(from, contract,
                call.encodeFunctionCall()), DefaultBlockParameterName.LATEST).send();
        if (simulation.hasError()) {
            throw rejection(simulation.getError().getData(), simulation.getError().getMessage());
        }
        try {
            TransactionReceipt receipt = call.send();
            return new TxOutcome(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact(),
                    receipt.getGasUsed().longValueExact());
        } catch (TransactionException e) {
            String revertData = e.getTransactionReceipt().map(TransactionReceipt::getRevertReason).orElse(null);
            throw rejection(revertData, e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("sending the transaction failed: " + e.getMessage(), e);
        }
    }

    static <T> T call(RemoteFunctionCall<T> call) throws IOException {
        try {
            return call.send();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("contract call failed: " + e.getMessage(), e);
        }
    }

    private static RegistryRejectedException rejection(String revertData, String message) {
        // web3j keeps a JSON-RPC error's data as raw JSON text, quotes included.
        String data = revertData == null ? null : revertData.replace("\"", "").trim();
        data = data != null && data.startsWith("0x") ? data : null;
        return new RegistryRejectedException(RegistryErrors.decode(data).orElse(null), "the contract refused the call: " + message);
    }
}
