// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IPlexAiStaking} from "./IPlexAiStaking.sol";

/// @title PlexAiStaking, fixed-term PLEXAI staking that is solvent by construction
/// @notice Holders lock PLEXAI in positions. Each position records, when it opens, the APY of the
/// lock option it chose and the time its lock ends; later APY changes never touch it. Reward
/// accrues continuously by the whitepaper's formula
/// `amount × apyBps × elapsedSeconds / (10,000 × 365 days)` from opening until the lock ends, and
/// can be claimed at any time. Unstaking after the lock ends returns the principal in full;
/// unstaking before it returns the principal minus a 10 % penalty, which goes to the reward pool.
///
/// Solvency: opening a position reserves its whole maximum reward from the available pool, and a
/// stake the pool cannot cover reverts. The token balance therefore always covers
/// `totalStaked + reserved + available`; principal never pays rewards. Nobody, the owner included,
/// can withdraw principal, reserved rewards or the available pool: the owner can only pause new
/// stakes. Claims and unstakes work while paused.
///
/// The reward pool is credited, and lock option APYs changed, only by the RewardDistributor fixed
/// at deployment (which applies a 48-hour timelock to APY changes).
/// @dev The token must be a standard ERC-20 without transfer fees or rebasing (PLEXAI is one).
contract PlexAiStaking is IPlexAiStaking, Ownable2Step, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Basis points in one whole (100 %).
    uint256 public constant BPS = 10_000;
    /// @notice The seconds in the formula's year.
    uint256 public constant SECONDS_PER_YEAR = 365 days;
    /// @notice The largest APY an option may have: 100 %.
    uint256 public constant MAX_APY_BPS = 10_000;
    /// @notice The share of principal withheld when unstaking before the lock ends: 10 %.
    uint256 public constant EARLY_UNSTAKE_PENALTY_BPS = 1_000;

    /// @notice A lock option: how long a position opened with it is locked, and its APY.
    struct LockOption {
        uint64 duration;
        uint16 apyBps;
    }

    /// @notice The reward pool's figures.
    /// @param available Tokens free to back new positions' rewards.
    /// @param reserved Tokens promised to open positions and not yet paid.
    /// @param totalStaked The sum of open positions' principal.
    struct PoolInfo {
        uint256 available;
        uint256 reserved;
        uint256 totalStaked;
    }

    /// @notice One position as the app shows it.
    /// @param id The position's id (ids start at 1 and are never reused).
    /// @param owner Who opened it and alone can claim or unstake it.
    /// @param amount The principal.
    /// @param apyBps The APY recorded at opening.
    /// @param start When it opened.
    /// @param lockEnd When the lock ends (the unlock time); accrual stops here.
    /// @param claimed Reward already paid out.
    /// @param pending Reward accrued and not yet paid, claimable now.
    /// @param maxReward The whole reward the position earns if held to `lockEnd`.
    struct PositionView {
        uint256 id;
        address owner;
        uint256 amount;
        uint256 apyBps;
        uint256 start;
        uint256 lockEnd;
        uint256 claimed;
        uint256 pending;
        uint256 maxReward;
    }

    /// @dev Two storage slots. `prev`/`next` link the owner's open positions.
    struct Position {
        address owner;
        uint16 apyBps;
        uint40 start;
        uint40 lockEnd;
        uint96 amount;
        uint96 claimed;
        uint32 prev;
        uint32 next;
    }

    /// @dev The head of an owner's list of open positions (newest first) and its length.
    struct Account {
        uint32 head;
        uint32 count;
    }

    IERC20 private immutable _token;
    address private immutable _distributor;

    /// @dev Option ids are `0 .. _lockOptionCount - 1`; a stored option always has a non-zero
    /// duration, so `duration == 0` means "no such option" without reading the count.
    mapping(uint256 optionId => LockOption) private _lockOptions;
    uint256 private _lockOptionCount;
    mapping(uint256 positionId => Position) private _positions;
    mapping(address owner => Account) private _accounts;

    uint128 private _totalStaked;
    uint128 private _reserved;
    uint128 private _available;
    uint32 private _lastPositionId;

    /// @notice A lock option was created at deployment.
    event LockOptionAdded(uint256 indexed optionId, uint256 duration, uint256 apyBps);
    /// @notice A lock option's APY changed; it applies to positions opened from now on.
    event LockOptionApyChanged(uint256 indexed optionId, uint256 previousApyBps, uint256 newApyBps);
    /// @notice `amount` tokens joined the available reward pool, which now holds `available`.
    event RewardPoolCredited(uint256 amount, uint256 available);
    /// @notice `user` opened position `positionId`, reserving `maxReward` from the pool.
    event Staked(
        address indexed user,
        uint256 indexed positionId,
        uint256 indexed optionId,
        uint256 amount,
        uint256 apyBps,
        uint256 lockEnd,
        uint256 maxReward
    );
    /// @notice `user` was paid `amount` of reward from position `positionId`.
    event RewardClaimed(address indexed user, uint256 indexed positionId, uint256 amount);
    /// @notice `user` closed position `positionId`: `principalReturned` and `reward` were paid,
    /// `penalty` (non-zero only before the lock ends) and `unearnedReward` went back to the pool.
    event Unstaked(
        address indexed user,
        uint256 indexed positionId,
        uint256 principalReturned,
        uint256 reward,
        uint256 penalty,
        uint256 unearnedReward
    );

    /// @dev An amount of zero was given.
    error PlexAiStakingZeroAmount();
    /// @dev A stake above what a position can hold (2^96 - 1).
    /// @param amount The amount asked for.
    /// @param max The largest allowed.
    error PlexAiStakingAmountTooLarge(uint256 amount, uint256 max);
    /// @dev There is no lock option `optionId`.
    error PlexAiStakingUnknownOption(uint256 optionId);
    /// @dev There is no open position `positionId` (never opened, or already unstaked).
    error PlexAiStakingUnknownPosition(uint256 positionId);
    /// @dev `caller` acted on position `positionId`, which belongs to `owner`.
    error PlexAiStakingNotPositionOwner(uint256 positionId, address caller, address owner);
    /// @dev The available reward pool cannot cover the new position's maximum reward.
    /// @param required The position's maximum reward.
    /// @param available The available pool.
    error PlexAiStakingInsufficientRewardPool(uint256 required, uint256 available);
    /// @dev Position `positionId` has no reward to pay right now.
    error PlexAiStakingNothingToClaim(uint256 positionId);
    /// @dev None of `account`'s open positions has reward to pay right now.
    error PlexAiStakingNoRewards(address account);
    /// @dev Only the RewardDistributor may call this; `caller` is not it.
    error PlexAiStakingUnauthorizedDistributor(address caller);
    /// @dev `apyBps` exceeds the `cap` of 10,000 bps.
    error PlexAiStakingApyAboveCap(uint256 apyBps, uint256 cap);
    /// @dev A credit of `amount` exceeds the `unaccounted` tokens the contract actually holds.
    error PlexAiStakingUnbackedCredit(uint256 amount, uint256 unaccounted);
    /// @dev The constructor got `durations` and `apys` arrays of different lengths, or none.
    error PlexAiStakingInvalidLockOptions(uint256 durations, uint256 apys);
    /// @dev A lock duration of zero or one too long to store.
    error PlexAiStakingInvalidDuration(uint256 duration);
    /// @dev The zero address was given for the token or the distributor.
    error PlexAiStakingZeroAddress();

    modifier onlyDistributor() {
        if (msg.sender != _distributor) revert PlexAiStakingUnauthorizedDistributor(msg.sender);
        _;
    }

    /// @param token_ The token staked and paid as reward (PLEXAI).
    /// @param distributor_ The RewardDistributor allowed to credit the pool and change APYs.
    /// @param initialOwner The address allowed to pause and unpause new stakes.
    /// @param durations Lock durations in seconds, one per option; option ids are the indexes.
    /// @param apysBps The options' APYs in basis points, each at most 10,000.
    constructor(
        IERC20 token_,
        address distributor_,
        address initialOwner,
        uint256[] memory durations,
        uint256[] memory apysBps
    ) Ownable(initialOwner) {
        if (address(token_) == address(0) || distributor_ == address(0)) revert PlexAiStakingZeroAddress();
        if (durations.length == 0 || durations.length != apysBps.length) {
            revert PlexAiStakingInvalidLockOptions(durations.length, apysBps.length);
        }
        _token = token_;
        _distributor = distributor_;
        _lockOptionCount = durations.length;
        for (uint256 i = 0; i < durations.length; ++i) {
            uint256 duration = durations[i];
            if (duration == 0 || duration > type(uint32).max) revert PlexAiStakingInvalidDuration(duration);
            _checkApy(apysBps[i]);
            _lockOptions[i] = LockOption({duration: uint64(duration), apyBps: uint16(apysBps[i])});
            emit LockOptionAdded(i, duration, apysBps[i]);
        }
    }

    // ---------------------------------------------------------------- user actions

    /// @notice Opens a position: locks `amount` tokens (approved beforehand) under lock option
    /// `optionId`, recording the option's current APY and the lock end, and reserves the
    /// position's whole maximum reward from the available pool.
    /// @dev Reverts with `EnforcedPause` while paused, `PlexAiStakingZeroAmount`,
    /// `PlexAiStakingUnknownOption`, `PlexAiStakingAmountTooLarge`, or
    /// `PlexAiStakingInsufficientRewardPool` when the pool cannot cover the reward.
    /// @param amount The principal, in token units.
    /// @param optionId The lock option's id.
    /// @return positionId The new position's id.
    function stake(uint256 amount, uint256 optionId) external nonReentrant whenNotPaused returns (uint256 positionId) {
        if (amount == 0) revert PlexAiStakingZeroAmount();
        LockOption memory option = _lockOption(optionId);
        if (amount > type(uint96).max) revert PlexAiStakingAmountTooLarge(amount, type(uint96).max);

        uint256 maxReward = _rewardFor(amount, option.apyBps, option.duration);
        uint256 available = _available;
        if (maxReward > available) revert PlexAiStakingInsufficientRewardPool(maxReward, available);

        positionId = ++_lastPositionId;
        uint256 lockEnd = block.timestamp + option.duration;
        Account storage account = _accounts[msg.sender];
        uint32 head = account.head;
        _positions[positionId] = Position({
            owner: msg.sender,
            apyBps: option.apyBps,
            start: uint40(block.timestamp),
            lockEnd: uint40(lockEnd),
            amount: uint96(amount),
            claimed: 0,
            prev: 0,
            next: head
        });
        if (head != 0) _positions[head].prev = uint32(positionId);
        account.head = uint32(positionId);
        account.count += 1;

        _available = uint128(available - maxReward);
        _reserved += uint128(maxReward);
        _totalStaked += uint128(amount);
        emit Staked(msg.sender, positionId, optionId, amount, option.apyBps, lockEnd, maxReward);

        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Pays the reward position `positionId` has accrued and not yet been paid.
    /// @dev Works while paused. Reverts with `PlexAiStakingUnknownPosition`,
    /// `PlexAiStakingNotPositionOwner` or `PlexAiStakingNothingToClaim`.
    /// @param positionId One of the caller's open positions.
    /// @return reward The amount paid.
    function claim(uint256 positionId) external nonReentrant returns (uint256 reward) {
        Position storage stored = _ownedPosition(positionId);
        reward = _settle(positionId, stored);
        if (reward == 0) revert PlexAiStakingNothingToClaim(positionId);
        _reserved -= uint128(reward);
        _token.safeTransfer(msg.sender, reward);
    }

    /// @notice Pays the reward every open position of the caller has accrued and not yet been
    /// paid, in one transfer.
    /// @dev Works while paused. Reverts with `PlexAiStakingNoRewards` when there is nothing to pay.
    /// Gas grows with the caller's number of open positions.
    /// @return total The amount paid.
    function claimAll() external nonReentrant returns (uint256 total) {
        for (uint256 id = _accounts[msg.sender].head; id != 0; ) {
            Position storage stored = _positions[id];
            total += _settle(id, stored);
            id = stored.next;
        }
        if (total == 0) revert PlexAiStakingNoRewards(msg.sender);
        _reserved -= uint128(total);
        _token.safeTransfer(msg.sender, total);
    }

    /// @notice Closes position `positionId`. After the lock ends: pays back the principal in full
    /// plus the unpaid reward. Before: pays the principal minus the 10 % penalty plus the reward
    /// accrued so far; the penalty and the unearned part of the reservation go to the pool.
    /// @dev Works while paused. Reverts with `PlexAiStakingUnknownPosition` or
    /// `PlexAiStakingNotPositionOwner`.
    /// @param positionId One of the caller's open positions.
    /// @return paid The total amount transferred to the caller (principal part plus reward).
    function unstake(uint256 positionId) external nonReentrant returns (uint256 paid) {
        Position storage stored = _ownedPosition(positionId);
        (uint256 principalOut, uint256 reward, uint256 penalty, uint256 unearned) = _quote(stored);
        uint256 amount = stored.amount;
        // Everything still reserved for this position: maxReward - claimed = reward + unearned.
        uint256 outstanding = reward + unearned;

        _unlink(msg.sender, stored.prev, stored.next);
        delete _positions[positionId];

        _totalStaked -= uint128(amount);
        _reserved -= uint128(outstanding);
        if (penalty + unearned != 0) _available += uint128(penalty + unearned);
        emit Unstaked(msg.sender, positionId, principalOut, reward, penalty, unearned);

        paid = principalOut + reward;
        _token.safeTransfer(msg.sender, paid);
    }

    // ---------------------------------------------------------------- distributor and owner

    /// @inheritdoc IPlexAiStaking
    /// @dev Only the RewardDistributor. The contract must already hold `amount` tokens beyond
    /// everything it accounts for, else `PlexAiStakingUnbackedCredit`.
    function creditRewardPool(uint256 amount) external onlyDistributor nonReentrant {
        if (amount == 0) revert PlexAiStakingZeroAmount();
        uint256 accounted = uint256(_totalStaked) + _reserved + _available;
        uint256 balance = _token.balanceOf(address(this));
        uint256 unaccounted = balance > accounted ? balance - accounted : 0;
        if (amount > unaccounted) revert PlexAiStakingUnbackedCredit(amount, unaccounted);
        uint256 available = _available + amount;
        _available = uint128(available);
        emit RewardPoolCredited(amount, available);
    }

    /// @inheritdoc IPlexAiStaking
    /// @dev Only the RewardDistributor, which enforces the timelock. Open positions keep the APY
    /// they recorded. Reverts with `PlexAiStakingUnknownOption` or `PlexAiStakingApyAboveCap`.
    function setOptionApy(uint256 optionId, uint256 apyBps) external onlyDistributor {
        _lockOption(optionId);
        _checkApy(apyBps);
        LockOption storage option = _lockOptions[optionId];
        uint256 previous = option.apyBps;
        option.apyBps = uint16(apyBps);
        emit LockOptionApyChanged(optionId, previous, apyBps);
    }

    /// @notice Stops new stakes. Claims and unstakes keep working. Only the owner.
    function pause() external onlyOwner {
        _pause();
    }

    /// @notice Allows new stakes again. Only the owner.
    function unpause() external onlyOwner {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPlexAiStaking
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @inheritdoc IPlexAiStaking
    function distributor() external view returns (address) {
        return _distributor;
    }

    /// @inheritdoc IPlexAiStaking
    function lockOptionCount() external view returns (uint256) {
        return _lockOptionCount;
    }

    /// @notice Lock option `optionId`. Reverts with `PlexAiStakingUnknownOption`.
    /// @param optionId The option's id.
    /// @return The option's duration and current APY.
    function lockOption(uint256 optionId) external view returns (LockOption memory) {
        return _lockOption(optionId);
    }

    /// @notice All lock options; an option's id is its index.
    /// @return options The options' durations and current APYs.
    function lockOptions() external view returns (LockOption[] memory options) {
        options = new LockOption[](_lockOptionCount);
        for (uint256 i = 0; i < options.length; ++i) options[i] = _lockOptions[i];
    }

    /// @notice The reward pool's figures: available, reserved, and total staked.
    /// @return The pool's figures.
    function poolInfo() external view returns (PoolInfo memory) {
        return PoolInfo({available: _available, reserved: _reserved, totalStaked: _totalStaked});
    }

    /// @notice The sum of open positions' principal.
    /// @return The total staked.
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @notice The id the most recent position got (0 before the first stake).
    /// @return The last position id.
    function lastPositionId() external view returns (uint256) {
        return _lastPositionId;
    }

    /// @notice The maximum reward a stake of `amount` under `optionId` would reserve now, which is
    /// what it earns if held to its lock end. Reverts with `PlexAiStakingUnknownOption`.
    /// @param amount The principal.
    /// @param optionId The lock option.
    /// @return The reward in token units.
    function previewMaxReward(uint256 amount, uint256 optionId) external view returns (uint256) {
        LockOption memory option = _lockOption(optionId);
        return _rewardFor(amount, option.apyBps, option.duration);
    }

    /// @notice Open position `positionId`. Reverts with `PlexAiStakingUnknownPosition`.
    /// @param positionId The position's id.
    /// @return The position with its pending reward and unlock time.
    function position(uint256 positionId) external view returns (PositionView memory) {
        Position storage stored = _positions[positionId];
        if (stored.owner == address(0)) revert PlexAiStakingUnknownPosition(positionId);
        return _view(positionId, stored);
    }

    /// @notice The reward position `positionId` could claim now. Reverts with
    /// `PlexAiStakingUnknownPosition`.
    /// @param positionId The position's id.
    /// @return The pending reward.
    function pendingReward(uint256 positionId) external view returns (uint256) {
        Position storage stored = _positions[positionId];
        if (stored.owner == address(0)) revert PlexAiStakingUnknownPosition(positionId);
        return _accrued(stored) - stored.claimed;
    }

    /// @notice What unstaking position `positionId` now would pay and withhold. Reverts with
    /// `PlexAiStakingUnknownPosition`.
    /// @param positionId The position's id.
    /// @return principalOut The principal paid back (minus the penalty before the lock ends).
    /// @return reward The reward paid.
    /// @return penalty The principal withheld into the pool (zero once the lock has ended).
    function quoteUnstake(uint256 positionId)
        external
        view
        returns (uint256 principalOut, uint256 reward, uint256 penalty)
    {
        Position storage stored = _positions[positionId];
        if (stored.owner == address(0)) revert PlexAiStakingUnknownPosition(positionId);
        (principalOut, reward, penalty, ) = _quote(stored);
    }

    /// @notice How many open positions `user` has.
    /// @param user The account.
    /// @return The number of open positions.
    function positionCountOf(address user) external view returns (uint256) {
        return _accounts[user].count;
    }

    /// @notice Every open position of `user`, newest first, each with its pending reward and
    /// unlock time.
    /// @param user The account.
    /// @return views The positions.
    function positionsOf(address user) external view returns (PositionView[] memory views) {
        Account memory account = _accounts[user];
        views = new PositionView[](account.count);
        uint256 id = account.head;
        for (uint256 i = 0; id != 0; ++i) {
            Position storage stored = _positions[id];
            views[i] = _view(id, stored);
            id = stored.next;
        }
    }

    /// @notice The earliest lock end among `user`'s open positions (possibly already past).
    /// @param user The account.
    /// @return unlockTime The earliest lock end, or 0 when `user` has no open position.
    /// @return positionId The position it belongs to, or 0.
    function earliestUnlock(address user) external view returns (uint256 unlockTime, uint256 positionId) {
        for (uint256 id = _accounts[user].head; id != 0; ) {
            Position storage stored = _positions[id];
            if (positionId == 0 || stored.lockEnd < unlockTime) {
                unlockTime = stored.lockEnd;
                positionId = id;
            }
            id = stored.next;
        }
    }

    /// @notice The whitepaper's reward formula:
    /// `amount × apyBps × elapsedSeconds / (10,000 × 365 days)`, rounded down.
    /// @param amount The principal.
    /// @param apyBps The APY in basis points.
    /// @param elapsedSeconds The accrual time.
    /// @return The reward.
    function rewardFor(uint256 amount, uint256 apyBps, uint256 elapsedSeconds) external pure returns (uint256) {
        return _rewardFor(amount, apyBps, elapsedSeconds);
    }

    // ---------------------------------------------------------------- internals

    function _rewardFor(uint256 amount, uint256 apyBps, uint256 elapsed) private pure returns (uint256) {
        return (amount * apyBps * elapsed) / (BPS * SECONDS_PER_YEAR);
    }

    function _lockOption(uint256 optionId) private view returns (LockOption memory option) {
        option = _lockOptions[optionId];
        if (option.duration == 0) revert PlexAiStakingUnknownOption(optionId);
    }

    function _checkApy(uint256 apyBps) private pure {
        if (apyBps > MAX_APY_BPS) revert PlexAiStakingApyAboveCap(apyBps, MAX_APY_BPS);
    }

    /// @dev The caller's open position `positionId`, or a revert.
    function _ownedPosition(uint256 positionId) private view returns (Position storage stored) {
        stored = _positions[positionId];
        address owner_ = stored.owner;
        if (owner_ == address(0)) revert PlexAiStakingUnknownPosition(positionId);
        if (owner_ != msg.sender) revert PlexAiStakingNotPositionOwner(positionId, msg.sender, owner_);
    }

    /// @dev The reward accrued from opening until now or the lock end, whichever is earlier.
    /// Accruing the whole elapsed time at once (rather than summing per-claim slices) keeps the
    /// total paid exactly equal to the formula, whatever the claim pattern.
    function _accrued(Position storage stored) private view returns (uint256) {
        uint256 end = stored.lockEnd;
        uint256 until = block.timestamp < end ? block.timestamp : end;
        return _rewardFor(stored.amount, stored.apyBps, until - stored.start);
    }

    /// @dev Marks the position's pending reward as claimed and returns it (no transfer).
    function _settle(uint256 positionId, Position storage stored) private returns (uint256 reward) {
        uint256 claimed = stored.claimed;
        reward = _accrued(stored) - claimed;
        if (reward != 0) {
            stored.claimed = uint96(claimed + reward);
            emit RewardClaimed(stored.owner, positionId, reward);
        }
    }

    function _quote(Position storage stored)
        private
        view
        returns (uint256 principalOut, uint256 reward, uint256 penalty, uint256 unearned)
    {
        uint256 amount = stored.amount;
        uint256 accrued = _accrued(stored);
        reward = accrued - stored.claimed;
        unearned = _rewardFor(amount, stored.apyBps, uint256(stored.lockEnd) - stored.start) - accrued;
        if (block.timestamp < stored.lockEnd) penalty = (amount * EARLY_UNSTAKE_PENALTY_BPS) / BPS;
        principalOut = amount - penalty;
    }

    function _unlink(address owner_, uint32 prev, uint32 next) private {
        Account storage account = _accounts[owner_];
        if (prev != 0) _positions[prev].next = next;
        else account.head = next;
        if (next != 0) _positions[next].prev = prev;
        account.count -= 1;
    }

    function _view(uint256 id, Position storage stored) private view returns (PositionView memory) {
        uint256 accrued = _accrued(stored);
        return
            PositionView({
                id: id,
                owner: stored.owner,
                amount: stored.amount,
                apyBps: stored.apyBps,
                start: stored.start,
                lockEnd: stored.lockEnd,
                claimed: stored.claimed,
                pending: accrued - stored.claimed,
                maxReward: _rewardFor(stored.amount, stored.apyBps, uint256(stored.lockEnd) - stored.start)
            });
    }
}
