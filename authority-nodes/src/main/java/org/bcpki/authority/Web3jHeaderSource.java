package org.bcpki.authority;

import java.io.IOException;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BftHashing;
import org.bcpki.core.chain.BlockHeader;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Block headers from a node's {@code eth_getBlockByNumber}, rebuilt as core {@link BlockHeader}s and
 * re-hashed: a header whose QBFT hash differs from the hash the node reports is refused.
 */
public final class Web3jHeaderSource implements CheckpointSigner.HeaderSource {
    private final Web3j web3j;

    public Web3jHeaderSource(Web3j web3j) {
        this.web3j = web3j;
    }

    @Override
    public long latestNumber() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    @Override
    public BlockHeader header(long number) throws IOException {
        EthBlock.Block block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send().getBlock();
        if (block == null) {
            throw new IOException("the node has no block " + number);
        }
        BlockHeader header = new BlockHeader(h(block.getParentHash()), h(block.getSha3Uncles()),
                Address.fromHex(block.getMiner()), h(block.getStateRoot()), h(block.getTransactionsRoot()),
                h(block.getReceiptsRoot()), Bytes.fromHexString(block.getLogsBloom()), block.getDifficulty(),
                block.getNumber().longValueExact(), block.getGasLimit().longValueExact(),
                block.getGasUsed().longValueExact(), block.getTimestamp().longValueExact(),
                Bytes.fromHexString(block.getExtraData()), h(block.getMixHash()), block.getNonce().longValue(),
                block.getBaseFeePerGasRaw() == null ? null : block.getBaseFeePerGas(),
                block.getWithdrawalsRoot() == null ? null : h(block.getWithdrawalsRoot()));
        Bytes32 computed = BftHashing.blockHash(header);
        if (!computed.equals(h(block.getHash()))) {
            throw new IOException("block " + number + ": the node reports hash " + block.getHash()
                    + " but its header hashes to " + computed.toHexString());
        }
        return header;
    }

    private static Bytes32 h(String hex) {
        return Bytes32.fromHexString(hex);
    }
}
