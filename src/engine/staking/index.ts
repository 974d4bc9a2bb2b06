export { StakingService, type StakingConfig, type StakingServices } from './service';
export { stakingError } from './revert-words';
