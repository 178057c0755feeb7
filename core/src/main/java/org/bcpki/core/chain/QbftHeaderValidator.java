package org.bcpki.core.chain;

import java.util.ArrayList;
import java.util.List;

/** Runs a set of {@link HeaderRule}s and collects every failure (empty list = valid). */
public final class QbftHeaderValidator {
    private final List<HeaderRule> rules;

    public QbftHeaderValidator(List<HeaderRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The QBFT rules a full or light client checks for a header following {@code parent}. */
    public static QbftHeaderValidator standard() {
        return new QbftHeaderValidator(List.of(
                new ParentHashRule(),
                new BlockNumberRule(),
                new TimestampRule(),
                new ConstantFieldsRule(),
                new ExtraDataValidatorsRule(),
                new ProposerRule(),
                new GasUsedRule(),
                new CommitSealsRule()));
    }

    public List<HeaderRule> rules() {
        return rules;
    }

    public List<String> validate(BlockHeader header, BlockHeader parent, ValidationContext context) {
        List<String> failures = new ArrayList<>();
        for (HeaderRule rule : rules) {
            rule.check(header, parent, context).ifPresent(failures::add);
        }
        return failures;
    }
}
