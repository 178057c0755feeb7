package org.bcpki.core.chain;

import org.bcpki.core.rlp.RlpFields;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.bcpki.core.MalformedDataException;

/**
 * QBFT extraData RLP: {@code [vanity, [validators], vote, round, [seals]]} where vote is {@code 0xc0}
 * (none) or {@code [address, 0xff | 0x80]} and round is a minimal scalar. Decoding is strict, so a
 * decoded value re-encodes to the same bytes.
 */
public final class QbftExtraDataCodec {
    private static final Bytes ADD_VOTE = Bytes.of(0xff);
    private static final Bytes REMOVE_VOTE = Bytes.EMPTY;

    private QbftExtraDataCodec() {}

    public static Bytes encode(QbftExtraData data) {
        return encode(data, data.round(), data.seals());
    }

    /** The form hashed into the block hash: the same list with round 0 and no seals. */
    public static Bytes encodeForBlockHash(QbftExtraData data) {
        return encode(data, 0, List.of());
    }

    /** The form the committers sign: the real round, no seals. */
    public static Bytes encodeForSealDigest(QbftExtraData data) {
        return encode(data, data.round(), List.of());
    }

    private static Bytes encode(QbftExtraData data, int round, List<Bytes> seals) {
        return RLP.encodeList(out -> {
            out.writeValue(data.vanity());
            out.writeList(data.validators(), (w, address) -> w.writeValue(address.value()));
            writeVote(out, data.vote());
            out.writeValue(RlpFields.scalar(round));
            out.writeList(seals, RLPWriter::writeValue);
        });
    }

    private static void writeVote(RLPWriter out, Optional<Vote> vote) {
        out.writeList(w -> vote.ifPresent(v -> {
            w.writeValue(v.subject().value());
            w.writeValue(v.add() ? ADD_VOTE : REMOVE_VOTE);
        }));
    }

    public static QbftExtraData decode(Bytes extraData) {
        return RlpFields.decodeList(extraData, "QBFT extraData", QbftExtraDataCodec::readBody);
    }

    private static QbftExtraData readBody(RLPReader in) {
        Bytes vanity = RlpFields.readBytes(in, "vanity");
        List<Address> validators = RlpFields.readList(in, "validator list",
                r -> new Address(RlpFields.readFixed(r, "validator address", Address.SIZE)));
        Optional<Vote> vote = readVote(in);
        BigInteger round = RlpFields.readScalar(in, "round", 4);
        if (round.bitLength() > 31) {
            throw new MalformedDataException("round " + round + " does not fit a signed 32-bit value");
        }
        List<Bytes> seals = RlpFields.readList(in, "seal list", QbftExtraDataCodec::readSeal);
        RlpFields.requireComplete(in, "QBFT extraData (expected 5 items)");
        return new QbftExtraData(vanity, validators, vote, round.intValue(), seals);
    }

    private static Optional<Vote> readVote(RLPReader in) {
        RlpFields.requireList(in, "vote (IBFT-style 0x80 'no vote' is not QBFT)");
        return in.readList(false, v -> {
            if (v.isComplete()) {
                return Optional.empty();
            }
            Address subject = new Address(RlpFields.readFixed(v, "vote subject", Address.SIZE));
            Bytes type = RlpFields.readBytes(v, "vote type");
            RlpFields.requireComplete(v, "vote (expected [address, type])");
            if (type.equals(ADD_VOTE)) {
                return Optional.of(Vote.add(subject));
            }
            if (type.equals(REMOVE_VOTE)) {
                return Optional.of(Vote.remove(subject));
            }
            throw new MalformedDataException("vote type must be 0xff (add) or 0x80 (remove), found " + type.toHexString());
        });
    }

    private static Bytes readSeal(RLPReader in) {
        Bytes seal = RlpFields.readFixed(in, "commit seal", QbftExtraData.SEAL_SIZE);
        Secp256k1.checkSignatureShape(seal);
        return seal;
    }
}
