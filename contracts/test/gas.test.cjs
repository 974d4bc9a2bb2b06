const { expect } = require('chai');
const { measureGas, USER_OPERATION_GAS_LIMIT, USER_OPERATIONS } = require('./helpers/gas.cjs');

describe('gas', () => {
  it(`keeps every user operation at or under ${USER_OPERATION_GAS_LIMIT} gas`, async () => {
    const gas = await measureGas();
    console.log(`      ${JSON.stringify(gas)}`);
    for (const op of USER_OPERATIONS) {
      expect(gas[op], op).to.be.a('number');
      expect(gas[op], op).to.be.at.most(USER_OPERATION_GAS_LIMIT);
    }
  });
});
