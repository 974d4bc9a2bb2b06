// The ABIs and bytecode committed in src/chain/artifacts must equal a fresh compile's, or the
// app, coordinator and devnet would talk to (or deploy) contracts that are not these.
const { expect } = require('chai');
const hre = require('hardhat');
const { render, drift } = require('../scripts/export-artifacts.cjs');

describe('src/chain/artifacts', () => {
  it('match a fresh compile (run `npm run build:contracts` after changing a contract)', async () => {
    await hre.run('compile', { quiet: true });
    const stale = drift(render(hre.config.paths.artifacts));
    expect(stale, `stale files in src/chain/artifacts: ${stale.join(', ')}`).to.deep.equal([]);
  });
});
