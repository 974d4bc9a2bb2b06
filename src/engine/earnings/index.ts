export { EarningsService, claimError, describeClaimRevert, type EarningsConfig, type EarningsServices } from './service';
export * from './figures';
