export * from './signer';
export { LocalDevSigner } from './local-key';
export { WalletConnectWallet, WalletConnectSigner, type Pairing, type WalletConnectOptions, type WalletConnectState } from './walletconnect';
export { PayoutBindingStore, signPayoutBinding, payoutBindingMessage, type PayoutBinding } from './payout-binding';
export { FileKeyValueStorage } from './file-storage';
export { PayoutEthersSigner } from './ethers-signer';
export { WalletService, type WalletServiceOptions } from './service';
