package org.bcpki.chain.consensus;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
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
import org.bcpki.core.chain.QbftExtraData;
import org.bcpki.core.chain.Secp256k1;
import org.bcpki.core.rlp.RlpFields;

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

    /**
     * Decodes a message strictly (exact item counts, minimal scalars, fixed-size fields, nothing
     * trailing), so a decoded message re-encodes to the same bytes; blocks inside are fully decoded
     * (every transaction signature recovered) and embedded messages must be validly signed.
     *
     * @throws MalformedDataException for anything else
     */
    public static QbftMessage decode(Bytes payload) {
        return RlpFields.decodeList(payload, "QBFT message", QbftCodec::read);
    }

    private static QbftMessage read(RLPReader r) {
        long type = RlpFields.readLongScalar(r, "message type");
        long height = RlpFields.readLongScalar(r, "height");
        int round = readInt(r, "round");
        if (height < 1) {
            throw new MalformedDataException("QBFT height must be at least 1");
        }
        QbftMessage message = switch ((int) Math.min(type, Integer.MAX_VALUE)) {
            case PROPOSAL -> new Proposal(height, round, block(RlpFields.readBytes(r, "proposed block")), readSigned(r, "round changes"));
            case PREPARE -> new Prepare(height, round, RlpFields.readBytes32(r, "prepare digest"));
            case COMMIT -> new Commit(height, round, RlpFields.readBytes32(r, "commit digest"), readSeal(r));
            case ROUND_CHANGE -> new RoundChange(height, round, readPrepared(r));
            default -> throw new MalformedDataException("unknown QBFT message type " + type);
        };
        RlpFields.requireComplete(r, "QBFT message");
        return message;
    }

    private static Optional<PreparedCertificate> readPrepared(RLPReader r) {
        long flag = RlpFields.readLongScalar(r, "prepared flag");
        int preparedRound = readInt(r, "prepared round");
        Bytes block = RlpFields.readBytes(r, "prepared block");
        List<SignedMessage> prepares = readSigned(r, "prepares");
        if (flag == 0) {
            if (preparedRound != 0 || !block.isEmpty() || !prepares.isEmpty()) {
                throw new MalformedDataException("a round change without a prepared block carries prepared data");
            }
            return Optional.empty();
        }
        if (flag != 1) {
            throw new MalformedDataException("prepared flag must be 0 or 1, found " + flag);
        }
        return Optional.of(new PreparedCertificate(preparedRound, block(block), prepares));
    }

    private static int readInt(RLPReader r, String field) {
        long value = RlpFields.readLongScalar(r, field);
        if (value > Integer.MAX_VALUE) {
            throw new MalformedDataException(field + " does not fit a signed 32-bit value");
        }
        return (int) value;
    }

    private static Bytes readSeal(RLPReader r) {
        Bytes seal = RlpFields.readFixed(r, "commit seal", QbftExtraData.SEAL_SIZE);
        Secp256k1.checkSignatureShape(seal);
        return seal;
    }

    private static List<SignedMessage> readSigned(RLPReader r, String what) {
        return RlpFields.readList(r, what, item -> SignedMessage.decode(RlpFields.readBytes(item, what + " item"))
                .orElseThrow(() -> new MalformedDataException("badly signed embedded message in " + what)));
    }

    private static Block block(Bytes encoded) {
        try {
            return Block.decode(encoded);
        } catch (InvalidTransactionException e) {
            throw new MalformedDataException("invalid transaction in proposed block: " + e.getMessage());
        }
    }
}
