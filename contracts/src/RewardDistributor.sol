// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IPlexAiStaking} from "./IPlexAiStaking.sol";

/// @title RewardDistributor, the staking reward pool's funding door and APY timelock
/// @notice Anyone may fund PlexAiStaking's reward pool through `fund`; the pool is credited with
/// the tokens the staking contract actually received. The owner (a multisig or a
/// TimelockController in production) may queue a lock option's APY change, which anyone can
/// execute once 48 hours have passed and which the owner can cancel until then. APYs above
/// 10,000 bps (100 %) are rejected. A change applies to positions opened after it executes;
/// open positions keep the APY they recorded.
contract RewardDistributor is Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice How long a queued APY change waits before it can execute.
    uint256 public constant RATE_CHANGE_DELAY = 48 hours;
    /// @notice The largest APY that may be queued: 100 %.
    uint256 public constant MAX_APY_BPS = 10_000;

    /// @notice Where a queued change stands.
    enum ChangeStatus {
        None,
        Queued,
        Executed,
        Cancelled
    }

    /// @notice A queued APY change.
    /// @param optionId The lock option it changes.
    /// @param apyBps The new APY.
    /// @param eta The earliest time it can execute.
    /// @param status Queued, executed or cancelled.
    struct ApyChange {
        uint64 optionId;
        uint16 apyBps;
        uint64 eta;
        ChangeStatus status;
    }

    IERC20 private immutable _token;
    IPlexAiStaking private _staking;
    ApyChange[] private _changes;

    /// @notice The staking contract was connected, once.
    event StakingSet(address indexed staking);
    /// @notice `funder` sent `amount`, of which `received` reached the staking pool and was credited.
    event RewardPoolFunded(address indexed funder, uint256 amount, uint256 received);
    /// @notice Change `changeId` sets option `optionId` to `apyBps` once `eta` has passed.
    event ApyChangeQueued(uint256 indexed changeId, uint256 indexed optionId, uint256 apyBps, uint256 eta);
    /// @notice Change `changeId` took effect.
    event ApyChangeExecuted(uint256 indexed changeId, uint256 indexed optionId, uint256 apyBps);
    /// @notice Change `changeId` was cancelled.
    event ApyChangeCancelled(uint256 indexed changeId, uint256 indexed optionId);

    /// @dev An amount of zero was given.
    error RewardDistributorZeroAmount();
    /// @dev The zero address was given.
    error RewardDistributorZeroAddress();
    /// @dev The staking contract is already connected, to `staking`.
    error RewardDistributorStakingAlreadySet(address staking);
    /// @dev The staking contract is not connected yet.
    error RewardDistributorStakingNotSet();
    /// @dev `staking` does not name this distributor or does not stake this distributor's token.
    error RewardDistributorStakingMismatch(address staking);
    /// @dev `apyBps` exceeds the `cap` of 10,000 bps.
    error RewardDistributorApyAboveCap(uint256 apyBps, uint256 cap);
    /// @dev The staking contract has no lock option `optionId`.
    error RewardDistributorUnknownOption(uint256 optionId);
    /// @dev There is no change `changeId`.
    error RewardDistributorUnknownChange(uint256 changeId);
    /// @dev Change `changeId` is no longer queued; it is `status` (executed or cancelled).
    error RewardDistributorChangeNotQueued(uint256 changeId, ChangeStatus status);
    /// @dev Change `changeId` cannot execute before `eta`; it is `currentTime`.
    error RewardDistributorTimelockNotElapsed(uint256 changeId, uint256 eta, uint256 currentTime);

    /// @param token_ The reward token (PLEXAI).
    /// @param initialOwner The owner: queues and cancels APY changes, connects the staking contract.
    constructor(IERC20 token_, address initialOwner) Ownable(initialOwner) {
        if (address(token_) == address(0)) revert RewardDistributorZeroAddress();
        _token = token_;
    }

    /// @notice Connects the staking contract this distributor funds and governs. Once only, by the
    /// owner; `staking_` must name this contract as its distributor and stake the same token.
    /// @param staking_ The PlexAiStaking deployment.
    function setStaking(IPlexAiStaking staking_) external onlyOwner {
        if (address(_staking) != address(0)) revert RewardDistributorStakingAlreadySet(address(_staking));
        if (address(staking_) == address(0)) revert RewardDistributorZeroAddress();
        if (staking_.distributor() != address(this) || staking_.token() != _token) {
            revert RewardDistributorStakingMismatch(address(staking_));
        }
        _staking = staking_;
        emit StakingSet(address(staking_));
    }

    /// @notice Moves `amount` tokens (approved beforehand) from the caller into the staking
    /// contract and credits its available reward pool with what it actually received.
    /// @param amount The tokens to send.
    /// @return received The amount credited to the pool.
    function fund(uint256 amount) external nonReentrant returns (uint256 received) {
        if (amount == 0) revert RewardDistributorZeroAmount();
        IPlexAiStaking staking_ = _requireStaking();
        uint256 before = _token.balanceOf(address(staking_));
        _token.safeTransferFrom(msg.sender, address(staking_), amount);
        received = _token.balanceOf(address(staking_)) - before;
        if (received == 0) revert RewardDistributorZeroAmount();
        staking_.creditRewardPool(received);
        emit RewardPoolFunded(msg.sender, amount, received);
    }

    /// @notice Queues setting lock option `optionId`'s APY to `apyBps`, executable by anyone from
    /// 48 hours from now. Only the owner.
    /// @param optionId The staking contract's lock option.
    /// @param apyBps The new APY, at most 10,000 bps.
    /// @return changeId The queued change's id.
    function queueApyChange(uint256 optionId, uint256 apyBps) external onlyOwner returns (uint256 changeId) {
        if (apyBps > MAX_APY_BPS) revert RewardDistributorApyAboveCap(apyBps, MAX_APY_BPS);
        if (optionId >= _requireStaking().lockOptionCount()) revert RewardDistributorUnknownOption(optionId);
        uint256 eta = block.timestamp + RATE_CHANGE_DELAY;
        changeId = _changes.length;
        _changes.push(
            ApyChange({optionId: uint64(optionId), apyBps: uint16(apyBps), eta: uint64(eta), status: ChangeStatus.Queued})
        );
        emit ApyChangeQueued(changeId, optionId, apyBps, eta);
    }

    /// @notice Applies queued change `changeId` once its 48 hours have passed. Anyone may call.
    /// @param changeId The change's id.
    function executeApyChange(uint256 changeId) external nonReentrant {
        ApyChange storage change = _queuedChange(changeId);
        if (block.timestamp < change.eta) {
            revert RewardDistributorTimelockNotElapsed(changeId, change.eta, block.timestamp);
        }
        change.status = ChangeStatus.Executed;
        _staking.setOptionApy(change.optionId, change.apyBps);
        emit ApyChangeExecuted(changeId, change.optionId, change.apyBps);
    }

    /// @notice Cancels queued change `changeId`. Only the owner.
    /// @param changeId The change's id.
    function cancelApyChange(uint256 changeId) external onlyOwner {
        ApyChange storage change = _queuedChange(changeId);
        change.status = ChangeStatus.Cancelled;
        emit ApyChangeCancelled(changeId, change.optionId);
    }

    /// @notice The reward token.
    /// @return The token.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice The connected staking contract (the zero address before `setStaking`).
    /// @return The staking contract.
    function staking() external view returns (IPlexAiStaking) {
        return _staking;
    }

    /// @notice Change `changeId`. Reverts with `RewardDistributorUnknownChange`.
    /// @param changeId The change's id.
    /// @return The change.
    function apyChange(uint256 changeId) external view returns (ApyChange memory) {
        if (changeId >= _changes.length) revert RewardDistributorUnknownChange(changeId);
        return _changes[changeId];
    }

    /// @notice How many changes were ever queued; their ids are `0 .. count - 1`.
    /// @return The count.
    function apyChangeCount() external view returns (uint256) {
        return _changes.length;
    }

    function _requireStaking() private view returns (IPlexAiStaking staking_) {
        staking_ = _staking;
        if (address(staking_) == address(0)) revert RewardDistributorStakingNotSet();
    }

    function _queuedChange(uint256 changeId) private view returns (ApyChange storage change) {
        if (changeId >= _changes.length) revert RewardDistributorUnknownChange(changeId);
        change = _changes[changeId];
        if (change.status != ChangeStatus.Queued) revert RewardDistributorChangeNotQueued(changeId, change.status);
    }
}
