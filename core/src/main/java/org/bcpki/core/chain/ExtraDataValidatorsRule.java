package org.bcpki.core.chain;

import java.util.Optional;

/** extraData decodes as QBFT and lists exactly the block's validator set, sorted. */
public final class ExtraDataValidatorsRule implements HeaderRule {
    @Override
    public Optional<String> check(BlockHeader header, BlockHeader parent, ValidationContext context) {
        QbftExtraData extra;
        try {
            extra = QbftExtraDataCodec.decode(header.extraData());
        } catch (IllegalArgumentException e) {
            return Optional.of("extraData is not valid QBFT extraData: " + e.getMessage());
        }
        return extra.validators().equals(context.validators())
                ? Optional.empty()
                : Optional.of("extraData validators " + extra.validators() + " differ from the expected set "
                        + context.validators());
    }
}
