// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

/// Test contract for chain-node: a storage write, an event, and a revert with a reason.
contract Storage {
    uint256 public value;
    mapping(uint256 => uint256) public slots;

    event Stored(address indexed sender, uint256 value);

    function store(uint256 newValue) external {
        require(newValue != 13, "unlucky number");
        value = newValue;
        emit Stored(msg.sender, newValue);
    }

    function put(uint256 key, uint256 newValue) external {
        slots[key] = newValue;
    }

    function clear() external {
        value = 0;
    }
}
