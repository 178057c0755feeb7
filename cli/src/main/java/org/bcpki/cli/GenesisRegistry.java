package org.bcpki.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.bcpki.chain.fixture.RegistryFixture;
import org.bcpki.chain.fixture.RegistryGenesis;
import org.bcpki.chain.network.DevAccount;
import org.bcpki.chain.network.NetworkSpec;
import org.bcpki.contracts.RegistrySetup;
import org.bcpki.core.chain.Address;

/**
 * The IdentityRegistry placed in a network's genesis: the dev consortium's setup
 * ({@link RegistrySetup#devConsortium}: dev accounts 1..3 the authorities, dev account 4 registrar
 * and enroller, k = 2, r = 1, g = 2, as the demo deploys it), its constructor run by chain-node's
 * {@link RegistryGenesis#construct}, and the fixture's records.
 */
final class GenesisRegistry {
    /** Accounts 0..4: account 0 keeps its role as the demo's deployer, 1..3 authorities, 4 registrar and enroller. */
    static final int DEV_ACCOUNTS_NEEDED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private GenesisRegistry() {}

    static RegistryGenesis forNetwork(NetworkSpec spec, RegistryFixture fixture) {
        List<DevAccount> accounts = spec.devAccounts();
        if (accounts.size() < DEV_ACCOUNTS_NEEDED) {
            throw new IllegalArgumentException("a registry at genesis needs " + DEV_ACCOUNTS_NEEDED + " dev accounts, the network has "
                    + accounts.size());
        }
        Address enroller = accounts.get(4).address();
        RegistrySetup setup = RegistrySetup.devConsortium(
                accounts.subList(1, 4).stream().map(a -> a.address().toHex()).toList(), enroller.toHex());
        return RegistryGenesis.construct(Bytes.wrap(setup.initCode()), spec.chainId(), spec.genesisTimestamp(),
                RegistryGenesis.DEFAULT_ADDRESS, enroller, JSON.valueToTree(setup.describe())).withFixture(fixture);
    }
}
