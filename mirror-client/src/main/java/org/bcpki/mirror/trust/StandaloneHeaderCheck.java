package org.bcpki.mirror.trust;

import java.util.List;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.BlockHeader;
import org.bcpki.core.chain.CommitSealsRule;
import org.bcpki.core.chain.ConstantFieldsRule;
import org.bcpki.core.chain.ExtraDataValidatorsRule;
import org.bcpki.core.chain.GasUsedRule;
import org.bcpki.core.chain.ProposerRule;
import org.bcpki.core.chain.QbftHeaderValidator;
import org.bcpki.core.chain.ValidationContext;

/**
 * The QBFT rules that need no parent: constant fields, the extraData validator list (and its round
 * encoding), the proposer, gas, and the commit seals against a given set. Used for a header seen on
 * its own ({@code bcpki mirror verify-header}) and for a fast catch-up target.
 */
public final class StandaloneHeaderCheck {
    private static final QbftHeaderValidator RULES = new QbftHeaderValidator(List.of(
            new ConstantFieldsRule(),
            new ExtraDataValidatorsRule(),
            new ProposerRule(),
            new GasUsedRule(),
            new CommitSealsRule()));

    private StandaloneHeaderCheck() {}

    /** Broken rules (empty = valid) for {@code header} sealed by {@code validators}. */
    public static List<String> validate(BlockHeader header, List<Address> validators) {
        try {
            // These rules never look at the parent; the period does not matter without one.
            return RULES.validate(header, null, new ValidationContext(validators, 0));
        } catch (RuntimeException e) {
            return List.of("header cannot be checked: " + e.getMessage());
        }
    }
}
