// The claims-challenge loop in a browser, with nothing but the platform: PKCE, fetch, base64.
const $ = (id) => document.getElementById(id);
const store = window.sessionStorage;

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
function random() { return b64url(crypto.getRandomValues(new Uint8Array(32))); }
function payload(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(decodeURIComponent(escape(atob(part))));
}
// Entra sends standard base64; accept base64url too.
function decodeClaims(value) {
  return atob(value.replace(/-/g, '+').replace(/_/g, '/'));
}
function param(header, name) {
  const m = new RegExp('(?:^|[ ,])' + name + '="((?:[^"\\\\]|\\\\.)*)"').exec(header);
  return m ? m[1].replace(/\\(.)/g, '$1') : null;
}

async function authorize(config, claims, maxAge) {
  const verifier = random();
  const state = random();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  store.setItem('pkce', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    client_id: config.clientId, response_type: 'code', scope: 'openid', redirect_uri: config.redirectUri,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  if (claims) query.set('claims', claims);
  if (maxAge) query.set('max_age', maxAge);
  window.location.assign(config.realmUrl + '/protocol/openid-connect/auth?' + query);
}

async function redeem(config, params) {
  const pkce = JSON.parse(store.getItem('pkce') || '{}');
  if (params.get('state') !== pkce.state) throw new Error('state mismatch');
  const response = await fetch(config.realmUrl + '/protocol/openid-connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), client_id: config.clientId,
      redirect_uri: config.redirectUri, code_verifier: pkce.verifier,
    }),
  });
  const tokens = await response.json();
  if (!response.ok) throw new Error(JSON.stringify(tokens));
  store.setItem('tokens', JSON.stringify(tokens));
  window.history.replaceState({}, '', config.redirectUri);
}

function show(config) {
  const tokens = JSON.parse(store.getItem('tokens') || 'null');
  if (tokens) {
    const claims = payload(tokens.access_token);
    $('token').textContent = JSON.stringify(claims, null, 2);
    $('user').textContent = 'as ' + claims.preferred_username + ' (acr ' + claims.acr + ')';
    $('call').disabled = false;
  }
  const challenge = store.getItem('challenge');
  $('reauthorize').disabled = !challenge;
  if (challenge) {
    $('challenge').textContent = challenge;
    const claims = param(challenge, 'claims');
    $('claims').textContent = claims ? JSON.stringify(JSON.parse(decodeClaims(claims)), null, 2) : '(none: ' + param(challenge, 'error') + ')';
  }
}

async function callApi(config) {
  const tokens = JSON.parse(store.getItem('tokens') || 'null');
  const response = await fetch(config.api, { headers: tokens ? { authorization: 'Bearer ' + tokens.access_token } : {} });
  const body = await response.text();
  $('api').textContent = response.status + ' ' + body;
  $('api').className = response.ok ? 'ok' : 'denied';
  const challenge = response.headers.get('WWW-Authenticate');
  if (response.status === 401 && challenge) {
    store.setItem('challenge', challenge);
  } else {
    store.removeItem('challenge');
    $('challenge').textContent = '(none)';
    $('claims').textContent = '(none)';
  }
  show(config);
}

function reauthorize(config) {
  const challenge = store.getItem('challenge');
  const claims = param(challenge, 'claims');
  const acr = param(challenge, 'acr_values');
  const request = claims ? decodeClaims(claims)
    : acr ? JSON.stringify({ access_token: { acr: { essential: true, values: acr.split(' ') } } }) : null;
  return authorize(config, request, param(challenge, 'max_age'));
}

(async () => {
  const config = await (await fetch('/config')).json();
  const params = new URLSearchParams(window.location.search);
  if (params.get('code')) await redeem(config, params);
  if (params.get('error')) $('api').textContent = 'Keycloak: ' + params.get('error') + ': ' + params.get('error_description');
  $('login').onclick = () => authorize(config);
  $('call').onclick = () => callApi(config);
  $('reauthorize').onclick = () => reauthorize(config);
  show(config);
  document.body.dataset.ready = 'true';
})();
