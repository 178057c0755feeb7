package org.bcpki.contracts;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bcpki.core.identity.Role;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * The IdentityRegistry's constructor arguments: initial authorities (name and the roles each may
 * approve), registrars (and the roles each may request for), enrollers (who anchor device
 * enrollments), the grant, revocation and governance thresholds, and how long a request stays
 * approvable.
 */
public record RegistrySetup(List<Seat> authorities, List<Registrar> registrars, List<String> enrollers,
                            int grantThreshold, int revocationThreshold, int governanceThreshold,
                            Duration requestTtl) {

    public static final int DEFAULT_GRANT_THRESHOLD = 2;
    public static final int DEFAULT_REVOCATION_THRESHOLD = 1;
    public static final int DEFAULT_GOVERNANCE_THRESHOLD = 2;
    /** The contract's DEFAULT_REQUEST_TTL: a squatted subject is free again after this at most. */
    public static final Duration DEFAULT_REQUEST_TTL = Duration.ofDays(7);

    /** One authority: its account address (0x..), display name and the roles it may approve. */
    public record Seat(String address, String name, Set<Role> roles) {
        public Seat {
            roles = Set.copyOf(roles);
        }
    }

    /** One registrar: its account address (0x..) and the roles it may request grants for. */
    public record Registrar(String address, Set<Role> roles) {
        public Registrar {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("a registrar needs at least one role");
            }
            roles = Set.copyOf(roles);
        }

        /** A registrar that may request every role. */
        public static Registrar anyRole(String address) {
            return new Registrar(address, EnumSet.allOf(Role.class));
        }
    }

    public RegistrySetup {
        authorities = List.copyOf(authorities);
        registrars = List.copyOf(registrars);
        enrollers = List.copyOf(enrollers);
        if (requestTtl.isNegative() || requestTtl.isZero()) {
            throw new IllegalArgumentException("requestTtl must be positive: " + requestTtl);
        }
    }

    /** k = 2, r = 1, governance 2 (each capped at the number of authorities), requests approvable for 7 days. */
    public static RegistrySetup withDefaults(List<Seat> authorities, List<Registrar> registrars, List<String> enrollers) {
        int n = authorities.size();
        return new RegistrySetup(authorities, registrars, enrollers, Math.min(DEFAULT_GRANT_THRESHOLD, n),
                Math.min(DEFAULT_REVOCATION_THRESHOLD, n), Math.min(DEFAULT_GOVERNANCE_THRESHOLD, n),
                DEFAULT_REQUEST_TTL);
    }

    /** The authority names of the demo's and the genesis registry's consortium. */
    public static final List<String> DEV_AUTHORITY_NAMES = List.of("PTB", "BSI", "GWA-Nord");

    /**
     * The consortium a registry placed at genesis gets (the demo's): the three authorities
     * {@link #DEV_AUTHORITY_NAMES} (dev accounts 1..3) approving every role, one account (dev
     * account 4) that is registrar for every role and enroller, thresholds k = 2, r = 1, g = 2.
     */
    public static RegistrySetup devConsortium(List<String> authorityAddresses, String registrarAndEnroller) {
        if (authorityAddresses.size() != DEV_AUTHORITY_NAMES.size()) {
            throw new IllegalArgumentException("the dev consortium has " + DEV_AUTHORITY_NAMES.size() + " authorities, got "
                    + authorityAddresses.size() + " addresses");
        }
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < authorityAddresses.size(); i++) {
            seats.add(new Seat(authorityAddresses.get(i), DEV_AUTHORITY_NAMES.get(i), EnumSet.allOf(Role.class)));
        }
        return withDefaults(seats, List.of(Registrar.anyRole(registrarAndEnroller)), List.of(registrarAndEnroller));
    }

    /** The arguments as plain data (for JSON): authorities, registrars, enrollers, thresholds, requestTtlSeconds. */
    public Map<String, Object> describe() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("authorities", authorities.stream().map(a -> Map.of("address", a.address(), "name", a.name(),
                "roles", a.roles().stream().map(Role::name).sorted().toList())).toList());
        doc.put("registrars", registrars.stream().map(r -> Map.of("address", r.address(),
                "roles", r.roles().stream().map(Role::name).sorted().toList())).toList());
        doc.put("enrollers", enrollers);
        doc.put("grantThreshold", grantThreshold);
        doc.put("revocationThreshold", revocationThreshold);
        doc.put("governanceThreshold", governanceThreshold);
        doc.put("requestTtlSeconds", requestTtl.toSeconds());
        return doc;
    }

    public RegistrySetup withRequestTtl(Duration ttl) {
        return new RegistrySetup(authorities, registrars, enrollers, grantThreshold, revocationThreshold,
                governanceThreshold, ttl);
    }

    /** The creation code: the compiled bytecode followed by the ABI-encoded constructor arguments. */
    public byte[] initCode() {
        return Numeric.hexStringToByteArray(Numeric.toHexString(RegistryArtifact.identityRegistry().bytecode())
                + encodedConstructorArguments());
    }

    /** The ABI-encoded constructor arguments, hex without 0x (what web3j's deploy takes). */
    public String encodedConstructorArguments() {
        List<Address> addresses = new ArrayList<>();
        List<Utf8String> names = new ArrayList<>();
        List<Uint32> masks = new ArrayList<>();
        for (Seat seat : authorities) {
            addresses.add(new Address(seat.address()));
            names.add(new Utf8String(seat.name()));
            masks.add(new Uint32(roleMask(seat.roles())));
        }
        return FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Address.class, addresses),
                new DynamicArray<>(Utf8String.class, names),
                new DynamicArray<>(Uint32.class, masks),
                new DynamicArray<>(Address.class, registrars.stream().map(r -> new Address(r.address())).toList()),
                new DynamicArray<>(Uint32.class, registrars.stream().map(r -> new Uint32(roleMask(r.roles()))).toList()),
                new DynamicArray<>(Address.class, enrollers.stream().map(Address::new).toList()),
                new Uint8(grantThreshold), new Uint8(revocationThreshold), new Uint8(governanceThreshold),
                new Uint64(requestTtl.toSeconds())));
    }

    /** The on-chain role bitmask: bit {@code 1 << role.code()} per role. */
    public static long roleMask(Collection<Role> roles) {
        long mask = 0;
        for (Role role : roles) {
            mask |= 1L << role.code();
        }
        return mask;
    }

    public static Set<Role> roles(BigInteger mask) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : Role.values()) {
            if (mask.testBit(role.code())) {
                roles.add(role);
            }
        }
        return roles;
    }
}
