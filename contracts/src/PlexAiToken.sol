// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title PLEXAI, the PlexAi network token
/// @notice A plain ERC-20 with EIP-2612 permits. The whole supply is minted once, at deployment,
/// to `recipient`; there is no mint, no burn by others, no transfer tax, no blacklist and no owner.
contract PlexAiToken is ERC20, ERC20Permit {
    /// @dev The deployment asked for a zero supply.
    error PlexAiTokenZeroSupply();

    /// @param recipient Receives the entire fixed supply (a treasury or distribution contract).
    /// @param initialSupply The fixed supply, in the token's smallest unit (18 decimals).
    constructor(address recipient, uint256 initialSupply) ERC20("PlexAi", "PLEXAI") ERC20Permit("PlexAi") {
        if (initialSupply == 0) revert PlexAiTokenZeroSupply();
        _mint(recipient, initialSupply);
    }
}
