// electron-builder afterSign hook: notarizes the signed macOS app with Apple's notary service.
// Credentials come from the environment only (set as secrets in the release workflow):
// APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID. Without them the build stays
// un-notarized and says so, so local and pull-request builds still work.
const { join } = require('node:path');

const REQUIRED = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

function missingCredentials(env) {
  return REQUIRED.filter((name) => !env[name]);
}

async function afterSign(context, env = process.env, notarize = (options) => require('@electron/notarize').notarize(options)) {
  if (context.electronPlatformName !== 'darwin') return 'skipped: not a macOS build';
  const missing = missingCredentials(env);
  if (missing.length > 0) {
    const message = `skipped notarization: ${missing.join(', ')} not set`;
    console.warn(`  • ${message}`);
    return message;
  }
  const appPath = join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  await notarize({
    appPath,
    appleId: env.APPLE_ID,
    appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
    teamId: env.APPLE_TEAM_ID,
  });
  return `notarized ${appPath}`;
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.missingCredentials = missingCredentials;
