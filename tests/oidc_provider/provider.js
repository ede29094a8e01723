// A local OpenID Provider for the tests: the certified oidc-provider package, configured as a
// kommun's identity provider would be (authorization code flow, PKCE required, RS256 id
// tokens, a groups claim, RP-initiated logout). Started by tests/oidc_provider/fixtures.py.
//
// Environment: PORT (required), ACCOUNTS (a JSON file, read at every login so a test can
// change someone's groups between two logins), CLIENT_ID, CLIENT_SECRET.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accountsFile = process.env.ACCOUNTS;

// A fresh signing key for every run: no key is ever checked in.
const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: `test-${Date.now()}`,
  alg: 'RS256',
  use: 'sig',
};

function accounts() {
  return JSON.parse(readFileSync(accountsFile, 'utf8'));
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: ['http://testserver/konto/sso/callback/'],
      post_logout_redirect_uris: ['http://testserver/'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-only-cookie-key'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  // Scope claims in the id token too, as Keycloak and Entra ID send them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    const claims = accounts()[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});

// The portal under test answers on the test client's host and on the live server's random
// port on loopback; the test client accepts those instead of one fixed registered URI.
const loopback = (path) => new RegExp(`^http://(testserver|localhost(:\\d+)?|127\\.0\\.0\\.1(:\\d+)?)${path}$`);
const callback = loopback('/konto/sso/callback/');
const afterLogout = loopback('/');
provider.Client.prototype.redirectUriAllowed = (value) => callback.test(value);
provider.Client.prototype.postLogoutRedirectUriAllowed = (value) => afterLogout.test(value);

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ready at ${issuer}`);
});
