// Hardhat 2 configuration for the PlexAi contracts.
//
// CommonJS on purpose: the repository's package.json is "type": "module", and Hardhat 2 only
// loads .cjs configs and CommonJS/ESM-JS tests there (no TypeScript). The project root is this
// folder; sources are in ./src, tests in ./test, and build output in ./cache and ./artifacts
// (both gitignored). `npm run build:contracts` copies the ABIs and bytecode the app needs into
// src/chain/artifacts/.
//
// Compilation is offline: instead of downloading a compiler, Hardhat is handed the solc-js build
// that ships in node_modules/solc (version pinned to 0.8.20, the whitepaper's version).
const path = require('node:path');
const { subtask } = require('hardhat/config');
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require('hardhat/builtin-tasks/task-names');

require('@nomicfoundation/hardhat-ethers');
require('@nomicfoundation/hardhat-chai-matchers');

const SOLC_VERSION = '0.8.20';

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper(args);
  const solcPackage = require.resolve('solc/package.json');
  const solc = require('solc');
  // solc.version() is e.g. "0.8.20+commit.a1b79de6.Emscripten.clang"; Hardhat wants the
  // "0.8.20+commit.a1b79de6" long version that the compiler embeds in its metadata.
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, '');
  if (!longVersion.startsWith(SOLC_VERSION + '+')) {
    throw new Error(`node_modules/solc is ${longVersion}, expected ${SOLC_VERSION}`);
  }
  return {
    compilerPath: path.join(path.dirname(solcPackage), 'soljson.js'),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
});

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      // Shanghai is solc 0.8.20's default and is live on BNB Smart Chain; pinned so a compiler
      // default never changes the committed bytecode silently.
      evmVersion: 'shanghai',
    },
  },
  paths: {
    root: __dirname,
    sources: path.join(__dirname, 'src'),
    tests: path.join(__dirname, 'test'),
    cache: path.join(__dirname, 'cache'),
    artifacts: path.join(__dirname, 'artifacts'),
  },
  networks: {
    hardhat: {
      // Keep the in-process chain's clock under the tests' control (time travel).
      allowBlocksWithSameTimestamp: false,
    },
  },
  mocha: {
    timeout: 120_000,
  },
};
