// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title The part of PlexAiStaking that its RewardDistributor drives
interface IPlexAiStaking {
    /// @notice The staked and rewarded token.
    function token() external view returns (IERC20);

    /// @notice The only address allowed to credit the reward pool and change option APYs.
    function distributor() external view returns (address);

    /// @notice How many lock options exist; their ids are `0 .. count - 1`.
    function lockOptionCount() external view returns (uint256);

    /// @notice Credits `amount` tokens, already transferred to the staking contract, to the
    /// available reward pool. Reverts if the contract does not hold them.
    function creditRewardPool(uint256 amount) external;

    /// @notice Sets the APY of lock option `optionId` for positions opened from now on.
    function setOptionApy(uint256 optionId, uint256 apyBps) external;
}
