import type { Signer } from 'ethers';
import { miningRewardsAt } from '../chain';
import type { RootPublisher } from './coordinator';

/** Publishes epoch roots to MiningRewards with a signer holding PUBLISHER_ROLE. */
export function miningRewardsPublisher(address: string, signer: Signer, confirmations = 1): RootPublisher {
  const contract = miningRewardsAt(address, signer);
  return {
    async publish(epoch, root, cumulativeTotal) {
      const tx = await contract.publishRoot(epoch, root, cumulativeTotal);
      await tx.wait(confirmations);
      return tx.hash;
    },
  };
}
