// Prints the gas of stake, claim, unstake (early and late), fund and mining claim as one JSON line.
// Run: npx hardhat --config contracts/hardhat.config.cjs run contracts/scripts/gas-report.cjs
const { measureGas } = require('../test/helpers/gas.cjs');

measureGas()
  .then((gas) => {
    process.stdout.write(JSON.stringify(gas) + '\n');
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
