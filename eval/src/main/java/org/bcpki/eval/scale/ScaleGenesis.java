package org.bcpki.eval.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.fixture.RegistryFixture;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.NetworkFiles;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.core.chain.Address;
import org.bcpki.core.identity.SubjectId;

/**
 * Writes a network directory whose genesis holds the registry (its real constructor run by
 * chain-node's {@link RegistryGenesis}) with N records from {@link RegistryFixture}: the dev
 * consortium of contracts' {@link RegistrySetup#devConsortium} (authorities dev accounts 1..3,
 * k = 2, r = 1; dev account 4 registrar and enroller).
 */
final class ScaleGenesis {
    static final int REGISTRAR_ACCOUNT = 4;

    private ScaleGenesis() {}

    record Written(NetworkSpec spec, String registry, ScaleSubjects subjects) {}

    /** Granted subjects are sampled 3 x perKind: measured, tracked, and revoked during the run. */
    static Written write(NetworkSpec spec, Path dir, long n, double revokedPercent, long seed, int perKind) throws IOException {
        List<DevAccount> accounts = spec.devAccounts();
        List<String> authorities = accounts.subList(1, 4).stream().map(a -> a.address().toHex()).toList();
        String registrar = accounts.get(REGISTRAR_ACCOUNT).address().toHex();
        RegistrySetup setup = RegistrySetup.devConsortium(authorities, registrar);
        RegistryFixture fixture = new RegistryFixture(n, revokedPercent, seed, spec.genesisTimestamp());
        RegistryGenesis registry = RegistryGenesis.construct(Bytes.wrap(setup.initCode()), spec.chainId(),
                spec.genesisTimestamp(), RegistryGenesis.DEFAULT_ADDRESS, Address.fromHex(registrar),
                new ObjectMapper().valueToTree(setup.describe())).withFixture(fixture);
        NetworkFiles.write(spec, dir, NetworkSpec.ENGINE_EMBEDDED, Optional.of(registry));
        ScaleSubjects subjects = new ScaleSubjects(sample(fixture, RegistryFixture.Category.GRANTED, 3 * perKind),
                sample(fixture, RegistryFixture.Category.REVOKED, perKind),
                sample(fixture, RegistryFixture.Category.EXPIRED, perKind),
                unknown(fixture, perKind), i -> fixture.unknownSubject(perKind + i));
        return new Written(spec, registry.address().toHex(), subjects);
    }

    /** Up to {@code count} subjects of a category, spread evenly over it. */
    private static List<SubjectId> sample(RegistryFixture fixture, RegistryFixture.Category category, int count) {
        long available = fixture.count(category);
        long take = Math.min(count, available);
        List<SubjectId> out = new ArrayList<>();
        for (long k = 0; k < take; k++) {
            out.add(fixture.subject(fixture.index(category, k * available / take)));
        }
        return out;
    }

    private static List<SubjectId> unknown(RegistryFixture fixture, int count) {
        List<SubjectId> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(fixture.unknownSubject(k));
        }
        return out;
    }
}
