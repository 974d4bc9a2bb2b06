/**
 * Gas of the contracts' user operations (stake, claim, unstake early and late, fund, mining
 * claim) on Hardhat's in-process chain, as ratios to a plain PLEXAI transfer measured in the same
 * run, and to the 150,000 gas each user operation may cost (issue: contracts).
 * Run: npx tsx bench/contracts-gas.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = 150_000;
const USER_OPERATIONS = ['stake_first', 'stake', 'claim', 'unstake_early', 'unstake_late', 'fund', 'mining_claim'];

const run = spawnSync(
  process.execPath,
  ['node_modules/hardhat/internal/cli/bootstrap.js', '--config', 'contracts/hardhat.config.cjs', 'run', 'contracts/scripts/gas-report.cjs'],
  { cwd: root, encoding: 'utf8' },
);
if (run.status !== 0) {
  console.error(run.stderr || run.stdout);
  process.exit(1);
}
const gas = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
const baseline = gas.token_transfer!;
const ratio = (value: number, of: number) => Number((value / of).toFixed(2));

console.log(
  JSON.stringify({
    bench: 'contracts-gas',
    baselineTokenTransferGas: baseline,
    gas,
    overTransfer: Object.fromEntries(USER_OPERATIONS.map((op) => [op, ratio(gas[op]!, baseline)])),
    overBudget: Object.fromEntries(USER_OPERATIONS.map((op) => [op, ratio(gas[op]!, BUDGET)])),
    withinBudget: USER_OPERATIONS.every((op) => gas[op]! <= BUDGET),
  }),
);
