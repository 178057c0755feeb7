// Builds the state of state.json with EthereumJS's Merkle-Patricia trie (an implementation other than
// this project's) and writes proofs.json: the state root and eth_getProof-shaped proofs of the
// registry account (every storage slot, plus an absent one) and of an absent account. The Java test
// TrustVectorsTest checks them with trust/'s ProofVerifier. Regenerate:
//   npm install @ethereumjs/trie@6.2.1 @ethereumjs/rlp@5.0.2 @ethereumjs/util@9.1.0 && node generate.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { Trie } from '@ethereumjs/trie';
import { RLP } from '@ethereumjs/rlp';
import { bytesToHex, hexToBytes, bigIntToUnpaddedBytes, KECCAK256_NULL } from '@ethereumjs/util';

const here = new URL('.', import.meta.url);
const state = JSON.parse(readFileSync(new URL('state.json', here), 'utf8'));

const strip = (bytes) => { let i = 0; while (i < bytes.length && bytes[i] === 0) i++; return bytes.slice(i); };

const storage = await Trie.create({ useKeyHashing: true });
for (const [slot, value] of Object.entries(state.storage)) {
  await storage.put(hexToBytes(slot), RLP.encode(strip(hexToBytes(value))));
}
const codeHash = hexToBytes('0x' + 'ab'.repeat(32)); // any code: only its hash is in the account
const registryAccount = RLP.encode([bigIntToUnpaddedBytes(1n), bigIntToUnpaddedBytes(0n), storage.root(), codeHash]);

const world = await Trie.create({ useKeyHashing: true });
await world.put(hexToBytes(state.registry), registryAccount);
for (let i = 1; i <= 40; i++) { // other accounts, so the account proof has depth
  const address = hexToBytes('0x' + i.toString(16).padStart(40, '0'));
  await world.put(address, RLP.encode([bigIntToUnpaddedBytes(BigInt(i)), bigIntToUnpaddedBytes(10n ** 18n * BigInt(i)),
    hexToBytes('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'), KECCAK256_NULL]));
}

const hex = (nodes) => nodes.map((n) => bytesToHex(n));
const absentSlot = '0x' + '77'.repeat(32);
const slots = [...Object.keys(state.storage), absentSlot];
const storageProof = [];
for (const slot of slots) {
  const value = state.storage[slot] ?? '0x0';
  storageProof.push({ key: slot, value, proof: hex(await storage.createProof(hexToBytes(slot))) });
}
const absentAddress = '0x00000000000000000000000000000000000000cc';
const proofs = {
  generator: 'EthereumJS @ethereumjs/trie 6.2.1',
  stateRoot: bytesToHex(world.root()),
  registry: {
    address: state.registry, nonce: '0x1', balance: '0x0', codeHash: bytesToHex(codeHash),
    storageHash: bytesToHex(storage.root()),
    accountProof: hex(await world.createProof(hexToBytes(state.registry))), storageProof,
  },
  absent: {
    address: absentAddress, nonce: '0x0', balance: '0x0', codeHash: bytesToHex(KECCAK256_NULL),
    storageHash: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
    accountProof: hex(await world.createProof(hexToBytes(absentAddress))), storageProof: [],
  },
};
writeFileSync(new URL('proofs.json', here), JSON.stringify(proofs, null, 2) + '\n');
console.log('state root', proofs.stateRoot);
