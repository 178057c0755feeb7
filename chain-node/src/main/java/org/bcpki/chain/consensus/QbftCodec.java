package org.bcpki.chain.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.bcpki.chain.block.Block;
import org.bcpki.chain.consensus.QbftMessage.Commit;
import org.bcpki.chain.consensus.QbftMessage.PreparedCertificate;
import org.bcpki.chain.consensus.QbftMessage.Prepare;
import org.bcpki.chain.consensus.QbftMessage.Proposal;
import org.bcpki.chain.consensus.QbftMessage.RoundChange;
import org.bcpki.chain.net.SignedMessage;
import org.bcpki.chain.tx.InvalidTransactionException;
import org.bcpki.core.MalformedDataException;

/**
 * Wire form of QBFT messages: RLP [type, height, round, ...]. Embedded messages (round changes
 * in a proposal, prepares in a certificate) keep their own signatures.
 */
public final class QbftCodec {
    private static final int PROPOSAL = 1;
    private static final int PREPARE = 2;
    private static final int COMMIT = 3;
    private static final int ROUND_CHANGE = 4;

    private QbftCodec() {}

    public static Bytes encode(QbftMessage message) {
        return RLP.encodeList(w -> {
            switch (message) {
                case Proposal p -> {
                    header(w, PROPOSAL, p);
                    w.writeValue(p.block().encode());
                    writeSigned(w, p.roundChanges());
                }
                case Prepare p -> {
                    header(w, PREPARE, p);
                    w.writeValue(p.digest());
                }
                case Commit c -> {
                    header(w, COMMIT, c);
                    w.writeValue(c.digest());
                    w.writeValue(c.seal());
                }
                case RoundChange rc -> {
                    header(w, ROUND_CHANGE, rc);
                    w.writeInt(rc.prepared().isPresent() ? 1 : 0);
                    w.writeInt(rc.prepared().map(PreparedCertificate::round).orElse(0));
                    w.writeValue(rc.prepared().map(c -> c.block().encode()).orElse(Bytes.EMPTY));
                    writeSigned(w, rc.prepared().map(PreparedCertificate::prepares).orElse(List.of()));
                }
            }
        });
    }

    private static void header(RLPWriter w, int type, QbftMessage m) {
        w.writeInt(type);
        w.writeLong(m.height());
        w.writeInt(m.round());
    }

    private static void writeSigned(RLPWriter w, List<SignedMessage> messages) {
        w.writeList(l -> messages.forEach(m -> l.writeValue(m.encode())));
    }

    /** Decodes a message; blocks inside are fully decoded (every transaction signature recovered). */
    public static QbftMessage decode(Bytes payload) {
        try {
            return RLP.decodeList(payload, QbftCodec::read);
        } catch (MalformedDataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedDataException("malformed QBFT message: " + e.getMessage());
        }
    }

    private static QbftMessage read(RLPReader r) {
        int type = r.readInt();
        long height = r.readLong();
        int round = r.readInt();
        if (round < 0 || height < 1) {
            throw new MalformedDataException("bad height or round");
        }
        return switch (type) {
            case PROPOSAL -> new Proposal(height, round, block(r.readValue()), readSigned(r));
            case PREPARE -> new Prepare(height, round, Bytes32.wrap(r.readValue()));
            case COMMIT -> new Commit(height, round, Bytes32.wrap(r.readValue()), r.readValue());
            case ROUND_CHANGE -> {
                boolean prepared = r.readInt() == 1;
                int preparedRound = r.readInt();
                Bytes block = r.readValue();
                List<SignedMessage> prepares = readSigned(r);
                yield new RoundChange(height, round, prepared
                        ? Optional.of(new PreparedCertificate(preparedRound, block(block), prepares)) : Optional.empty());
            }
            default -> throw new MalformedDataException("unknown QBFT message type " + type);
        };
    }

    private static List<SignedMessage> readSigned(RLPReader r) {
        List<Bytes> raw = r.readListContents(RLPReader::readValue);
        List<SignedMessage> out = new ArrayList<>();
        for (Bytes b : raw) {
            out.add(SignedMessage.decode(b).orElseThrow(() -> new MalformedDataException("badly signed embedded message")));
        }
        return out;
    }

    private static Block block(Bytes encoded) {
        try {
            return Block.decode(encoded);
        } catch (InvalidTransactionException e) {
            throw new MalformedDataException("invalid transaction in proposed block: " + e.getMessage());
        }
    }
}
