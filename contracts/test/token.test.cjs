const { expect } = require('chai');
const { ethers } = require('hardhat');
const { loadFixture } = require('@nomicfoundation/hardhat-network-helpers');
const { SUPPLY, TOKEN } = require('./helpers/fixture.cjs');

describe('PlexAiToken', () => {
  async function fixture() {
    const [owner, alice, bob] = await ethers.getSigners();
    const token = await ethers.deployContract('PlexAiToken', [owner.address, SUPPLY]);
    return { token, owner, alice, bob };
  }

  it('mints the whole fixed supply to the recipient at deployment', async () => {
    const { token, owner } = await loadFixture(fixture);
    expect(await token.name()).to.equal('PlexAi');
    expect(await token.symbol()).to.equal('PLEXAI');
    expect(await token.decimals()).to.equal(18n);
    expect(await token.totalSupply()).to.equal(SUPPLY);
    expect(await token.balanceOf(owner.address)).to.equal(SUPPLY);
  });

  it('emits the mint as a Transfer from the zero address', async () => {
    const [owner] = await ethers.getSigners();
    const factory = await ethers.getContractFactory('PlexAiToken');
    const token = await factory.deploy(owner.address, 5n);
    await expect(token.deploymentTransaction())
      .to.emit(token, 'Transfer')
      .withArgs(ethers.ZeroAddress, owner.address, 5n);
  });

  it('has no owner, mint or fee: transfers move exactly the amount', async () => {
    const { token, owner, alice } = await loadFixture(fixture);
    expect(token.interface.getFunction('owner', [])).to.equal(null);
    expect(token.interface.getFunction('mint', [])).to.equal(null);
    await expect(token.transfer(alice.address, 7n * TOKEN)).to.changeTokenBalances(
      token,
      [owner, alice],
      [-7n * TOKEN, 7n * TOKEN],
    );
    expect(await token.totalSupply()).to.equal(SUPPLY);
  });

  it('rejects a zero supply and a zero recipient', async () => {
    const [owner] = await ethers.getSigners();
    const factory = await ethers.getContractFactory('PlexAiToken');
    await expect(factory.deploy(owner.address, 0n)).to.be.revertedWithCustomError(factory, 'PlexAiTokenZeroSupply');
    await expect(factory.deploy(ethers.ZeroAddress, 1n))
      .to.be.revertedWithCustomError(factory, 'ERC20InvalidReceiver')
      .withArgs(ethers.ZeroAddress);
  });

  it('accepts EIP-2612 permits', async () => {
    const { token, owner, alice, bob } = await loadFixture(fixture);
    const { chainId } = await ethers.provider.getNetwork();
    const deadline = 2n ** 40n;
    const value = 3n * TOKEN;
    const sig = ethers.Signature.from(
      await owner.signTypedData(
        { name: 'PlexAi', version: '1', chainId, verifyingContract: await token.getAddress() },
        {
          Permit: [
            { name: 'owner', type: 'address' },
            { name: 'spender', type: 'address' },
            { name: 'value', type: 'uint256' },
            { name: 'nonce', type: 'uint256' },
            { name: 'deadline', type: 'uint256' },
          ],
        },
        { owner: owner.address, spender: alice.address, value, nonce: 0n, deadline },
      ),
    );
    await expect(token.connect(bob).permit(owner.address, alice.address, value, deadline, sig.v, sig.r, sig.s))
      .to.emit(token, 'Approval')
      .withArgs(owner.address, alice.address, value);
    expect(await token.allowance(owner.address, alice.address)).to.equal(value);
    expect(await token.nonces(owner.address)).to.equal(1n);
    await expect(
      token.connect(bob).permit(owner.address, alice.address, value, deadline, sig.v, sig.r, sig.s),
    ).to.be.revertedWithCustomError(token, 'ERC2612InvalidSigner');
  });
});
