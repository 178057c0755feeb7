package org.bcpki.core.chain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.core.MalformedDataException;

/**
 * The decoded QBFT extraData: vanity, validator list (as written, normally sorted), optional vote,
 * round number and the committed seals (65-byte r||s||recId each).
 */
public record QbftExtraData(Bytes vanity, List<Address> validators, Optional<Vote> vote, int round, List<Bytes> seals) {
    public static final int SEAL_SIZE = 65;
    public static final int VANITY_SIZE = 32;

    public QbftExtraData {
        Objects.requireNonNull(vanity, "vanity");
        validators = List.copyOf(validators);
        Objects.requireNonNull(vote, "vote");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative: " + round);
        }
        seals = List.copyOf(seals);
        for (int i = 0; i < seals.size(); i++) {
            if (seals.get(i).size() != SEAL_SIZE) {
                throw new MalformedDataException("seal " + i + " must be " + SEAL_SIZE + " bytes, found " + seals.get(i).size());
            }
        }
    }

    /** Genesis-style extraData: 32 zero bytes of vanity, the sorted validators, no vote, round 0, no seals. */
    public static QbftExtraData genesis(List<Address> validators) {
        return new QbftExtraData(Bytes.wrap(new byte[VANITY_SIZE]), validators.stream().sorted().toList(),
                Optional.empty(), 0, List.of());
    }

    public QbftExtraData withSeals(List<Bytes> newSeals) {
        return new QbftExtraData(vanity, validators, vote, round, newSeals);
    }

    public QbftExtraData withRound(int newRound) {
        return new QbftExtraData(vanity, validators, vote, newRound, seals);
    }

    public QbftExtraData withVote(Optional<Vote> newVote) {
        return new QbftExtraData(vanity, validators, newVote, round, seals);
    }

    public QbftExtraData withValidators(List<Address> newValidators) {
        return new QbftExtraData(vanity, newValidators, vote, round, seals);
    }
}
