package org.bcpki.cli.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSeals;
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.QbftExtraDataCodec;
import org.bcpki.core.chain.RpcHeaderFields;
import org.bcpki.core.chain.Vote;

/**
 * One block as the page shows it: proposer (coinbase), QBFT round, validators and vote from the
 * extraData, and the committers recovered from the commit seals. A block whose fields do not
 * hash to the reported hash, or whose extraData does not decode, is shown with {@code problem}.
 */
record BlockView(long number, String hash, long timestamp, int transactions, String proposer, int round,
        List<String> validators, Optional<Vote> vote, int seals, List<String> committers, String problem) {

    static BlockView from(long number, JsonNode block) {
        int transactions = block.path("transactions").size();
        String hash = block.path("hash").asText("");
        try {
            BlockHeader header = RpcHeaderFields.parse(name -> block.hasNonNull(name) ? block.get(name).asText() : null);
            QbftExtraData extra = QbftExtraDataCodec.decode(header.extraData());
            // genesis carries no seals; every later block must recover to its committers
            List<String> committers = number == 0 ? List.of()
                    : CommitSeals.signers(header).stream().map(Address::toHex).toList();
            return new BlockView(header.number(), hash, header.timestamp(), transactions, header.coinbase().toHex(),
                    extra.round(), extra.validators().stream().map(Address::toHex).toList(), extra.vote(),
                    extra.seals().size(), committers, null);
        } catch (RuntimeException e) { // MalformedDataException, or RLP that does not decode
            return new BlockView(number, hash, 0, transactions, "", -1, List.of(), Optional.empty(), 0, List.of(),
                    "malformed block from the node: " + e.getMessage());
        }
    }
}
