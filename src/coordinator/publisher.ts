import { NonceManager, type Signer } from 'ethers';
import { miningRewardsAt } from '../chain';
import type { RootPublisher } from './coordinator';

/**
 * Publishes epoch roots to MiningRewards with a signer holding PUBLISHER_ROLE. Nonces are counted
 * here (ethers' NonceManager): the provider caches eth_getTransactionCount briefly, so after a
 * pause the coordinator's back-to-back publications would otherwise reuse one.
 */
export function miningRewardsPublisher(address: string, signer: Signer, confirmations = 1): RootPublisher {
  const nonces = new NonceManager(signer);
  const contract = miningRewardsAt(address, nonces);
  return {
    async publish(epoch, root, cumulativeTotal) {
      // A publication the contract would refuse (an epoch not after the last, too little funding)
      // fails here, before the NonceManager counts a nonce that no transaction would then use.
      await contract.publishRoot.staticCall(epoch, root, cumulativeTotal);
      try {
        const tx = await contract.publishRoot(epoch, root, cumulativeTotal);
        await tx.wait(confirmations);
        return tx.hash;
      } catch (error) {
        // The count may be off now (a send that never left, the key used elsewhere): the next
        // round, an epoch tick later, asks the chain again.
        nonces.reset();
        throw error;
      }
    },
  };
}
