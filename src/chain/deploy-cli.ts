// Deploys the PlexAi contracts to BSC testnet, BSC mainnet or any EVM chain and writes the
// contract-addresses summary as JSON. Secrets come from the environment, never from the repo:
//
//   PLEXAI_RPC_URL=https://... PLEXAI_DEPLOYER_KEY=0x... \
//   PLEXAI_NETWORK=bsc-testnet PLEXAI_OWNER=0xMultisig PLEXAI_PUBLISHER=0xCoordinator \
//   npx tsx src/chain/deploy-cli.ts [--out deployments/bsc-testnet.json]
//
// PLEXAI_NETWORK (bsc | bsc-testnet) makes the script refuse an RPC on another chain.
// Optional: PLEXAI_TOKEN_RECIPIENT, PLEXAI_TOTAL_SUPPLY (whole tokens), PLEXAI_CONFIRMATIONS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JsonRpcProvider, Wallet, parseUnits } from 'ethers';
import { PLEXAI_DECIMALS, addressSummary, deployPlexAi } from './deploy';

const CHAIN_IDS: Record<string, bigint> = { bsc: 56n, 'bsc-testnet': 97n };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set in the environment`);
  return value;
}

async function main(): Promise<void> {
  const provider = new JsonRpcProvider(required('PLEXAI_RPC_URL'));
  const signer = new Wallet(required('PLEXAI_DEPLOYER_KEY'), provider);
  const network = process.env.PLEXAI_NETWORK;
  const { chainId } = await provider.getNetwork();
  if (network !== undefined) {
    const expected = CHAIN_IDS[network];
    if (expected === undefined) throw new Error(`PLEXAI_NETWORK must be one of ${Object.keys(CHAIN_IDS).join(', ')}`);
    if (expected !== chainId) throw new Error(`PLEXAI_NETWORK=${network} expects chain ${expected}, the RPC is on ${chainId}`);
  }
  const outFlag = process.argv.indexOf('--out');
  const out = resolve(outFlag >= 0 ? process.argv[outFlag + 1]! : `plexai-addresses-${network ?? chainId}.json`);
  const supply = process.env.PLEXAI_TOTAL_SUPPLY;

  const deployment = await deployPlexAi(signer, {
    owner: process.env.PLEXAI_OWNER,
    publisher: process.env.PLEXAI_PUBLISHER,
    tokenRecipient: process.env.PLEXAI_TOKEN_RECIPIENT,
    totalSupply: supply ? parseUnits(supply, PLEXAI_DECIMALS) : undefined,
    confirmations: Number(process.env.PLEXAI_CONFIRMATIONS ?? 2),
    onStep: (step) => console.log(`${step.name}: ${step.hash}${step.address ? ` -> ${step.address}` : ''}`),
  });
  const summary = { network: network ?? null, deployedAt: new Date().toISOString(), ...addressSummary(deployment) };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
  console.log(`addresses written to ${out}`);
  if (deployment.owner !== deployment.deployer) {
    console.log(`${deployment.owner} must call acceptOwnership() on RewardDistributor ${deployment.addresses.distributor}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
