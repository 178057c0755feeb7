/**
 * Besu QBFT chain format: what a block header looks like, how it is hashed and sealed, and how
 * a client checks it (see {@code docs/qbft-besu-format.md}).
 *
 * <ul>
 *   <li>Values: {@link org.bcpki.core.chain.Address}, {@link org.bcpki.core.chain.BlockHeader}
 *       (15/16/17 fields: pre-London, London, Shanghai), {@link org.bcpki.core.chain.QbftExtraData},
 *       {@link org.bcpki.core.chain.Vote}.</li>
 *   <li>Codecs (strict: canonical RLP only, so decode then encode gives the same bytes; any bad
 *       input is a {@link org.bcpki.core.MalformedDataException}):
 *       {@link org.bcpki.core.chain.BlockHeaderCodec}, {@link org.bcpki.core.chain.QbftExtraDataCodec}
 *       ({@code [vanity, [validators], vote | 0xc0, round scalar, [seals]]}, vote
 *       {@code [address, 0xff add | 0x80 remove]}).</li>
 *   <li>Hashes: {@link org.bcpki.core.chain.BftHashing} (block hash = round 0, no seals; seal digest
 *       = real round, no seals; block 0 hashed raw).</li>
 *   <li>Keys and seals: {@link org.bcpki.core.chain.NodeKey} (RFC 6979, low-s, recId 0/1),
 *       {@link org.bcpki.core.chain.Secp256k1} (recovery; high-s refused),
 *       {@link org.bcpki.core.chain.CommitSeals}.</li>
 *   <li>Consensus state: {@link org.bcpki.core.chain.VoteTally} (header voting, epoch reset),
 *       {@link org.bcpki.core.chain.Quorum} (ceil(2n/3)).</li>
 *   <li>Validation: {@link org.bcpki.core.chain.QbftHeaderValidator#standard()} runs one
 *       {@link org.bcpki.core.chain.HeaderRule} class per rule and lists every failure.</li>
 * </ul>
 *
 * <p>Test fixture for other modules (core's test-jar): {@code org.bcpki.core.chain.QbftTestChain}
 * builds sealed chains from deterministic keys and replays the tally.
 */
package org.bcpki.core.chain;
