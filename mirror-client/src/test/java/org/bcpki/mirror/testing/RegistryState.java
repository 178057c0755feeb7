package org.bcpki.mirror.testing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.bcpki.core.chain.Address;
import org.bcpki.core.codec.Hex;
import org.bcpki.core.crypto.Keccak;
import org.bcpki.core.identity.SubjectId;
import org.bcpki.core.json.JsonValue;
import org.bcpki.core.registry.GrantRecord;
import org.bcpki.core.registry.RegistryLayout;
import org.bcpki.core.release.DeviceTypeState;
import org.bcpki.core.release.ReleaseLayout;
import org.bcpki.core.release.ReleaseRecord;
import org.bcpki.core.trie.AccountState;
import org.bcpki.core.trie.MerklePatriciaTrie;

/**
 * A world state holding the registry contract's storage, built with core's real Merkle-Patricia trie,
 * answering {@code eth_getProof} exactly as a node would (minimal quantities, 0x0 for zero). From the
 * first {@link #release} on, it also holds a SoftwareRegistry account at {@link #SOFTWARE_REGISTRY}.
 */
public final class RegistryState {
    public static final Bytes REGISTRY = Bytes.fromHexString("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    public static final Address REGISTRY_ADDRESS = new Address(REGISTRY);
    public static final Bytes SOFTWARE_REGISTRY = Bytes.fromHexString("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    public static final Address SOFTWARE_REGISTRY_ADDRESS = new Address(SOFTWARE_REGISTRY);

    private static final Bytes RECORD_OF =
            Bytes.wrap(Keccak.keccak256("recordOf(bytes32)".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).slice(0, 4);

    private static final Bytes RELEASE_OF =
            Bytes.wrap(Keccak.keccak256("releaseOf(bytes32)".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).slice(0, 4);

    private final Map<Bytes32, Bytes32> registryStorage = new LinkedHashMap<>();
    private final Map<Bytes32, Bytes32> softwareStorage = new LinkedHashMap<>(); // empty: no SoftwareRegistry account
    private final Map<Bytes, AccountState> otherAccounts = new LinkedHashMap<>();
    private final boolean registryDeployed;
    private MerklePatriciaTrie storageTrie;
    private MerklePatriciaTrie stateTrie;
    private AccountState registryAccount;
    private MerklePatriciaTrie softwareTrie;
    private AccountState softwareAccount;
    private long version;
    // Core's in-memory trie re-hashes subtrees for every proof; a node serves proofs from its
    // database, so memoize them to keep the fixture's cost out of the client's measurements.
    private final Map<Bytes, List<Bytes>> proofCache = new java.util.concurrent.ConcurrentHashMap<>();

    public RegistryState(boolean registryDeployed, int fillerAccounts) {
        this.registryDeployed = registryDeployed;
        for (int i = 1; i <= fillerAccounts; i++) {
            Bytes address = Bytes.wrap(Keccak.keccak256(Bytes.ofUnsignedInt(i).toArrayUnsafe())).slice(12);
            otherAccounts.put(address, new AccountState(i, BigInteger.valueOf(1000L * i), MerklePatriciaTrie.EMPTY_ROOT,
                    AccountState.EMPTY_CODE_HASH));
        }
    }

    /** An independent copy: the state of one block, while the original moves on. */
    public RegistryState copy() {
        RegistryState copy = new RegistryState(registryDeployed, 0);
        copy.registryStorage.putAll(registryStorage);
        copy.softwareStorage.putAll(softwareStorage);
        copy.otherAccounts.putAll(otherAccounts);
        return copy;
    }

    /** Writes the record's three words and its record hash (slot 15), as the contract does. */
    public RegistryState grant(SubjectId subject, GrantRecord record) {
        RegistryLayout.recordStorage(subject, record).forEach((slot, value) -> put(registryStorage, slot, value));
        changed();
        return this;
    }

    /** Writes a release's seven words and its record hash, as the SoftwareRegistry does. */
    public RegistryState release(Bytes32 releaseId, ReleaseRecord record) {
        List<Bytes32> slots = ReleaseLayout.recordSlots(releaseId);
        List<Bytes32> words = ReleaseLayout.words(record);
        for (int i = 0; i < slots.size(); i++) {
            put(softwareStorage, slots.get(i), words.get(i));
        }
        put(softwareStorage, ReleaseLayout.recordHashSlot(releaseId), ReleaseLayout.recordHash(record));
        changed();
        return this;
    }

    /** Writes {@code approvalVotes[releaseId]}: the bitmap of the authority indices that voted to approve. */
    public RegistryState approvalVotes(Bytes32 releaseId, int bitmap) {
        put(softwareStorage, ReleaseLayout.approvalVotesSlot(releaseId), ReleaseLayout.packApprovalVotes(bitmap));
        changed();
        return this;
    }

    /** Writes {@code deviceTypes[typeKey]}. */
    public RegistryState deviceType(Bytes32 typeKey, DeviceTypeState state) {
        put(softwareStorage, ReleaseLayout.deviceTypeSlot(typeKey), ReleaseLayout.packDeviceType(state));
        changed();
        return this;
    }

    private void changed() {
        storageTrie = null;
        proofCache.clear();
        version++;
    }

    private static void put(Map<Bytes32, Bytes32> storage, Bytes32 slot, Bytes32 value) {
        if (value.isZero()) {
            storage.remove(slot);
        } else {
            storage.put(slot, value);
        }
    }

    /** Writes only the record's three words: the layout before issue #15, for before/after measurements. */
    public RegistryState grantWithoutRecordHash(SubjectId subject, GrantRecord record) {
        List<Bytes32> slots = RegistryLayout.recordSlots(subject);
        put(registryStorage, slots.get(0), RegistryLayout.pack(record));
        put(registryStorage, slots.get(1), record.keyHash());
        put(registryStorage, slots.get(2), record.attestationHash());
        changed();
        return this;
    }

    /**
     * The result of {@code eth_call} of the registry's {@code recordOf(bytes32)} in this state: the
     * three record words (zeros for no record), as the contract returns them; and of the
     * SoftwareRegistry's {@code releaseOf(bytes32)}: the seven release words.
     */
    public JsonValue call(Bytes to, Bytes data) {
        if (!softwareStorage.isEmpty() && to.equals(SOFTWARE_REGISTRY)) {
            return releaseOf(data);
        }
        if (!registryDeployed || !to.equals(REGISTRY)) {
            return JsonValue.of("0x"); // no code: the call returns nothing
        }
        if (data.size() != 36 || !data.slice(0, 4).equals(RECORD_OF)) {
            throw new IllegalArgumentException("execution reverted");
        }
        SubjectId subject = SubjectId.ofBytes(data.slice(4).toArray());
        List<Bytes> words = new ArrayList<>();
        for (Bytes32 slot : RegistryLayout.recordSlots(subject)) {
            words.add(registryStorage.getOrDefault(slot, Bytes32.ZERO));
        }
        return JsonValue.of(Bytes.concatenate(words.toArray(Bytes[]::new)).toHexString());
    }

    private JsonValue releaseOf(Bytes data) {
        if (data.size() != 36 || !data.slice(0, 4).equals(RELEASE_OF)) {
            throw new IllegalArgumentException("execution reverted");
        }
        List<Bytes> words = new ArrayList<>();
        for (Bytes32 slot : ReleaseLayout.recordSlots(Bytes32.wrap(data.slice(4).toArray()))) {
            words.add(softwareStorage.getOrDefault(slot, Bytes32.ZERO));
        }
        return JsonValue.of(Bytes.concatenate(words.toArray(Bytes[]::new)).toHexString());
    }

    /** Changes with every grant: equal versions mean equal states. */
    public long version() {
        return version;
    }

    private synchronized void build() {
        if (storageTrie != null) {
            return;
        }
        storageTrie = trieOf(registryStorage);
        registryAccount = new AccountState(1, BigInteger.ZERO, storageTrie.rootHash(),
                Bytes32.wrap(Keccak.keccak256("registry code".getBytes())));
        softwareTrie = trieOf(softwareStorage);
        softwareAccount = new AccountState(1, BigInteger.ZERO, softwareTrie.rootHash(),
                Bytes32.wrap(Keccak.keccak256("software registry code".getBytes())));
        stateTrie = new MerklePatriciaTrie();
        for (Map.Entry<Bytes, AccountState> e : otherAccounts.entrySet()) {
            stateTrie.put(keccak(e.getKey()), e.getValue().encode());
        }
        if (registryDeployed) {
            stateTrie.put(keccak(REGISTRY), registryAccount.encode());
        }
        if (!softwareStorage.isEmpty()) {
            stateTrie.put(keccak(SOFTWARE_REGISTRY), softwareAccount.encode());
        }
    }

    private static MerklePatriciaTrie trieOf(Map<Bytes32, Bytes32> storage) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (Map.Entry<Bytes32, Bytes32> e : storage.entrySet()) {
            trie.put(keccak(e.getKey()), RLP.encodeValue(e.getValue().trimLeadingZeros()));
        }
        return trie;
    }

    public Bytes32 stateRoot() {
        build();
        return stateTrie.rootHash();
    }

    /** The {@code result} of {@code eth_getProof(address, slots, block)} for this state. */
    public JsonValue.JsonObject proof(Bytes address, List<Bytes32> slots) {
        build();
        boolean isRegistry = registryDeployed && address.equals(REGISTRY);
        boolean isSoftware = !softwareStorage.isEmpty() && address.equals(SOFTWARE_REGISTRY);
        AccountState account = isRegistry ? registryAccount : isSoftware ? softwareAccount : otherAccounts.get(address);
        List<JsonValue> storageProofs = new ArrayList<>();
        for (Bytes32 slot : slots) {
            Bytes32 value = Bytes32.ZERO;
            List<Bytes> nodes = List.of();
            if (isRegistry) {
                value = registryStorage.getOrDefault(slot, Bytes32.ZERO);
                nodes = proofCache.computeIfAbsent(slot, s -> storageTrie.proof(keccak(s)));
            } else if (isSoftware) {
                value = softwareStorage.getOrDefault(slot, Bytes32.ZERO);
                nodes = proofCache.computeIfAbsent(Bytes.concatenate(SOFTWARE_REGISTRY, slot), s -> softwareTrie.proof(keccak(slot)));
            }
            storageProofs.add(JsonValue.JsonObject.builder()
                    .put("key", Hex.quantity(slot.toUnsignedBigInteger()))
                    .put("value", Hex.quantity(value.toUnsignedBigInteger()))
                    .put("proof", hexList(nodes))
                    .build());
        }
        return JsonValue.JsonObject.builder()
                .put("address", address.toHexString())
                .put("balance", Hex.quantity(account == null ? BigInteger.ZERO : account.balance()))
                .put("codeHash", (account == null ? AccountState.EMPTY_CODE_HASH : account.codeHash()).toHexString())
                .put("nonce", Hex.quantity(account == null ? 0 : account.nonce()))
                .put("storageHash", (account == null ? MerklePatriciaTrie.EMPTY_ROOT : account.storageRoot()).toHexString())
                .put("accountProof", hexList(proofCache.computeIfAbsent(Bytes.concatenate(Bytes.of(0), address),
                        a -> stateTrie.proof(keccak(address)))))
                .put("storageProof", new JsonValue.JsonArray(storageProofs))
                .build();
    }

    private static JsonValue.JsonArray hexList(List<Bytes> nodes) {
        List<String> hex = new ArrayList<>();
        for (Bytes node : nodes) {
            hex.add(node.toHexString());
        }
        return JsonValue.JsonArray.ofStrings(hex);
    }

    private static Bytes keccak(Bytes data) {
        return Bytes.wrap(Keccak.keccak256(data.toArrayUnsafe()));
    }
}
