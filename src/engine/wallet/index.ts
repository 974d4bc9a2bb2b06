export * from './signer';
export { LocalDevSigner } from './local-key';
export { WalletConnectWallet, WalletConnectSigner, PairingCancelledError, type Pairing, type WalletConnectOptions, type WalletConnectState } from './walletconnect';
export { PayoutBindingStore, signPayoutBinding, payoutBindingMessage, type PayoutBinding } from './payout-binding';
export { FileKeyValueStorage } from './file-storage';
export { PayoutEthersSigner } from './ethers-signer';
export { WalletService, type WalletConnectSettings, type WalletServiceOptions } from './service';
export { BSC_MAINNET, bscWalletOptions } from './bsc-wallet';
