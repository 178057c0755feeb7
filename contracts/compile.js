#!/usr/bin/env node
// Compiles src/main/solidity/*.sol with the solc-js version pinned in package-lock.json and writes
// artifacts/<Contract>.json (abi, bytecode, deployedBytecode, storageLayout) plus the .abi and .bin
// files web3j's wrapper generator reads. With --check it compiles into memory and exits 1 when the
// committed artifacts differ (CI uses this through check-artifacts.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const SOURCE_DIR = path.join(__dirname, 'src', 'main', 'solidity');
const ARTIFACT_DIR = path.join(__dirname, 'artifacts');
const CONTRACTS = ['IdentityRegistry', 'CheckpointRegistry', 'SoftwareRegistry'];
const SETTINGS = {
  evmVersion: 'shanghai',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'storageLayout'] },
  },
};

function compile() {
  const sources = {};
  for (const file of fs.readdirSync(SOURCE_DIR).filter((f) => f.endsWith('.sol')).sort()) {
    sources[file] = { content: fs.readFileSync(path.join(SOURCE_DIR, file), 'utf8') };
  }
  const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS })));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) console.error(e.formattedMessage);
  if (errors.length > 0) process.exit(2);

  const files = {};
  for (const name of CONTRACTS) {
    const contract = output.contracts[`${name}.sol`][name];
    const artifact = {
      contractName: name,
      compiler: { name: 'solc', version: solc.version(), settings: { evmVersion: SETTINGS.evmVersion, optimizer: SETTINGS.optimizer } },
      abi: contract.abi,
      bytecode: '0x' + contract.evm.bytecode.object,
      deployedBytecode: '0x' + contract.evm.deployedBytecode.object,
      storageLayout: contract.storageLayout,
    };
    files[`${name}.json`] = JSON.stringify(artifact, null, 2) + '\n';
    files[`${name}.abi`] = JSON.stringify(contract.abi) + '\n';
    files[`${name}.bin`] = contract.evm.bytecode.object; // no newline: the wrapper embeds it verbatim
  }
  return files;
}

function main() {
  const check = process.argv.includes('--check');
  const files = compile();
  let stale = [];
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(ARTIFACT_DIR, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (current === content) continue;
    if (check) {
      stale.push(file);
    } else {
      fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
      fs.writeFileSync(target, content);
      console.log(`wrote artifacts/${file}`);
    }
  }
  if (stale.length > 0) {
    console.error(`contracts: committed artifacts differ from a fresh compile: ${stale.join(', ')}`);
    console.error('run "npm ci && node compile.js" in contracts/, regenerate the wrappers (see README) and commit');
    process.exit(1);
  }
  if (check) console.log(`contracts: artifacts match solc ${solc.version()}`);
}

main();
