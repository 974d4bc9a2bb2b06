// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MiningRewards, the miners' per-epoch PLEXAI earnings
/// @notice At the end of every epoch the coordinator (holding `PUBLISHER_ROLE`) publishes a Merkle
/// root over every miner's cumulative earnings since the network began, together with their sum.
/// A miner claims `cumulative − alreadyClaimed` with a proof against the latest root. Leaves are
/// OpenZeppelin's standard double-hashed leaves over `(address account, uint256 cumulative)`
/// (`StandardMerkleTree.of(values, ["address", "uint256"])` from the openzeppelin merkle-tree package).
///
/// A root is accepted only when the contract's balance covers everything it leaves unpaid
/// (`cumulativeTotal − totalClaimed`), and cumulative totals never decrease, so every published
/// root is fully payable. Every epoch's root stays on chain as the audit trail.
contract MiningRewards is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice The role that publishes epoch roots (the coordinator's key).
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @notice One epoch's published root.
    /// @param root The Merkle root over `(account, cumulative)` leaves.
    /// @param cumulativeTotal The sum of every leaf's cumulative amount.
    /// @param publishedAt When it was published.
    struct EpochRoot {
        bytes32 root;
        uint256 cumulativeTotal;
        uint256 publishedAt;
    }

    IERC20 private immutable _token;
    mapping(uint256 epoch => EpochRoot) private _epochs;
    mapping(address account => uint256) private _claimed;
    uint256 private _latestEpoch;
    bytes32 private _latestRoot;
    uint256 private _latestCumulativeTotal;
    uint256 private _totalClaimed;

    /// @notice `funder` added `received` tokens to the contract's balance.
    event Funded(address indexed funder, uint256 received);
    /// @notice The root for `epoch` was published.
    event EpochPublished(uint256 indexed epoch, bytes32 root, uint256 cumulativeTotal);
    /// @notice `account` was paid `amount`, bringing its claimed total to `cumulativeClaimed`.
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeClaimed);

    /// @dev An amount of zero was given.
    error MiningRewardsZeroAmount();
    /// @dev The zero address was given.
    error MiningRewardsZeroAddress();
    /// @dev The zero root was given.
    error MiningRewardsZeroRoot();
    /// @dev Epoch `epoch` is not after the latest published epoch `latestEpoch`.
    error MiningRewardsEpochNotIncreasing(uint256 epoch, uint256 latestEpoch);
    /// @dev `cumulativeTotal` is below the previous root's `previousTotal`.
    error MiningRewardsCumulativeDecreased(uint256 cumulativeTotal, uint256 previousTotal);
    /// @dev The root leaves `required` unpaid but the contract holds only `balance`.
    error MiningRewardsUnderfunded(uint256 required, uint256 balance);
    /// @dev No root has been published yet.
    error MiningRewardsNoRoot();
    /// @dev The proof does not place `(account, cumulativeAmount)` under the latest root.
    error MiningRewardsInvalidProof(address account, uint256 cumulativeAmount);
    /// @dev `account` has already claimed `alreadyClaimed`, at least `cumulativeAmount`.
    error MiningRewardsNothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @dev No root was published for `epoch`.
    error MiningRewardsUnknownEpoch(uint256 epoch);

    /// @param token_ The reward token (PLEXAI).
    /// @param admin Holds `DEFAULT_ADMIN_ROLE` (grants and revokes the publisher role).
    /// @param publisher Holds `PUBLISHER_ROLE`; may be the zero address to grant it later.
    constructor(IERC20 token_, address admin, address publisher) {
        if (address(token_) == address(0) || admin == address(0)) revert MiningRewardsZeroAddress();
        _token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (publisher != address(0)) _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @notice Moves `amount` tokens (approved beforehand) from the caller into this contract.
    /// Plain transfers to the contract count too; this one records who funded.
    /// @param amount The tokens to send.
    /// @return received The amount the contract actually received.
    function fund(uint256 amount) external nonReentrant returns (uint256 received) {
        if (amount == 0) revert MiningRewardsZeroAmount();
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(msg.sender, address(this), amount);
        received = _token.balanceOf(address(this)) - before;
        emit Funded(msg.sender, received);
    }

    /// @notice Publishes epoch `epoch`'s root over every miner's cumulative earnings. Only
    /// `PUBLISHER_ROLE`. Epochs must increase, cumulative totals must not decrease, and the
    /// balance must cover `cumulativeTotal − totalClaimed`.
    /// @param epoch The epoch number, greater than the latest published one.
    /// @param root The Merkle root (standard double-hashed `(address, uint256)` leaves).
    /// @param cumulativeTotal The sum of all leaves' cumulative amounts.
    function publishRoot(uint256 epoch, bytes32 root, uint256 cumulativeTotal) external onlyRole(PUBLISHER_ROLE) {
        if (root == bytes32(0)) revert MiningRewardsZeroRoot();
        if (_latestRoot != bytes32(0) && epoch <= _latestEpoch) {
            revert MiningRewardsEpochNotIncreasing(epoch, _latestEpoch);
        }
        if (cumulativeTotal < _latestCumulativeTotal) {
            revert MiningRewardsCumulativeDecreased(cumulativeTotal, _latestCumulativeTotal);
        }
        uint256 required = cumulativeTotal - _totalClaimed;
        uint256 balance = _token.balanceOf(address(this));
        if (required > balance) revert MiningRewardsUnderfunded(required, balance);

        _epochs[epoch] = EpochRoot({root: root, cumulativeTotal: cumulativeTotal, publishedAt: block.timestamp});
        _latestEpoch = epoch;
        _latestRoot = root;
        _latestCumulativeTotal = cumulativeTotal;
        emit EpochPublished(epoch, root, cumulativeTotal);
    }

    /// @notice Pays `account` its cumulative earnings under the latest root minus what it has
    /// already claimed. Anyone may submit it; the tokens always go to `account`.
    /// @param account The miner.
    /// @param cumulativeAmount The miner's cumulative earnings in the latest root.
    /// @param proof The Merkle proof for `(account, cumulativeAmount)`.
    /// @return amount The amount paid.
    function claim(
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external nonReentrant returns (uint256 amount) {
        bytes32 root = _latestRoot;
        if (root == bytes32(0)) revert MiningRewardsNoRoot();
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert MiningRewardsInvalidProof(account, cumulativeAmount);
        }
        uint256 already = _claimed[account];
        if (cumulativeAmount <= already) revert MiningRewardsNothingToClaim(account, cumulativeAmount, already);
        amount = cumulativeAmount - already;
        _claimed[account] = cumulativeAmount;
        _totalClaimed += amount;
        emit Claimed(account, amount, cumulativeAmount);
        _token.safeTransfer(account, amount);
    }

    /// @notice The reward token.
    /// @return The token.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice What `account` has claimed in total.
    /// @param account The miner.
    /// @return The claimed total.
    function claimed(address account) external view returns (uint256) {
        return _claimed[account];
    }

    /// @notice What all miners have claimed in total.
    /// @return The claimed total.
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed;
    }

    /// @notice The latest published epoch, its root and cumulative total (all zero before the first).
    /// @return epoch The epoch.
    /// @return root The root.
    /// @return cumulativeTotal The cumulative total.
    function latest() external view returns (uint256 epoch, bytes32 root, uint256 cumulativeTotal) {
        return (_latestEpoch, _latestRoot, _latestCumulativeTotal);
    }

    /// @notice The root published for `epoch`. Reverts with `MiningRewardsUnknownEpoch`.
    /// @param epoch The epoch.
    /// @return The root, its cumulative total and publication time.
    function epochRoot(uint256 epoch) external view returns (EpochRoot memory) {
        EpochRoot memory entry = _epochs[epoch];
        if (entry.root == bytes32(0)) revert MiningRewardsUnknownEpoch(epoch);
        return entry;
    }

    /// @notice The tokens the latest root leaves unpaid: `cumulativeTotal − totalClaimed`.
    /// @return The outstanding amount.
    function outstanding() external view returns (uint256) {
        return _latestCumulativeTotal - _totalClaimed;
    }
}
