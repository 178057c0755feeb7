#!/usr/bin/env bash
# Recompiles the Solidity sources with the solc-js pinned in package-lock.json and fails when the
# committed artifacts (contracts/artifacts/) differ, or when the committed web3j wrappers were not
# regenerated from them. Needs Node and npm (CI has both); the Maven build does not call it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund --loglevel=error
node compile.js --check
# Each wrapper embeds the creation bytecode: a stale wrapper would deploy other code than the artifact.
for contract in IdentityRegistry CheckpointRegistry SoftwareRegistry; do
  wrapper=src/main/java/org/bcpki/contracts/generated/$contract.java
  bin=$(cat "artifacts/$contract.bin")
  if ! tr -d '\n" +' < "$wrapper" | grep -q "$bin"; then
    echo "contracts: $wrapper does not embed artifacts/$contract.bin; regenerate it (see contracts/README.md)" >&2
    exit 1
  fi
done
echo "contracts: wrappers match the artifacts"
