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
function read(key) { return JSON.parse(store.getItem(key) || 'null'); }

// One line for the person in front of the page: every OAuth error of every step ends up here.
function notice(text, kind) {
  $('notice').textContent = text;
  $('notice').className = 'notice ' + (kind || '');
  $('notice').hidden = !text;
}

// `step`: 'login' (first login or another user) or 'reauthorize' (answering a challenge).
async function authorize(config, step, claims, maxAge) {
  const verifier = random();
  const state = random();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  store.setItem('pkce', JSON.stringify({ verifier, state, step }));
  const query = new URLSearchParams({
    client_id: config.clientId, response_type: 'code', scope: 'openid', redirect_uri: config.redirectUri,
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  if (claims) query.set('claims', claims);
  if (maxAge) query.set('max_age', maxAge);
  window.location.assign(config.realmUrl + '/protocol/openid-connect/auth?' + query);
}

// Back from Keycloak with ?code= or ?error=: redeem or report, and never leave them in the URL.
async function callback(config, params) {
  const pkce = read('pkce') || {};
  store.removeItem('pkce');
  window.history.replaceState({}, '', config.redirectUri);
  if (params.get('error')) {
    throw new Error('Keycloak refused the authorization: ' + params.get('error')
      + (params.get('error_description') ? ': ' + params.get('error_description') : ''));
  }
  if (params.get('state') !== pkce.state) throw new Error('The answer from Keycloak does not belong to this page (state mismatch).');
  const response = await fetch(config.realmUrl + '/protocol/openid-connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), client_id: config.clientId,
      redirect_uri: config.redirectUri, code_verifier: pkce.verifier,
    }),
  });
  const tokens = await response.json();
  if (!response.ok) {
    throw new Error('Keycloak refused the token: ' + tokens.error + (tokens.error_description ? ': ' + tokens.error_description : ''));
  }
  const previous = read('tokens');
  store.setItem('previous', previous && pkce.step === 'reauthorize' ? JSON.stringify(payload(previous.access_token)) : 'null');
  store.setItem('tokens', JSON.stringify(tokens));
  if (pkce.step !== 'reauthorize') ['done-read', 'done-delete', 'context-seen', 'dead-end'].forEach((key) => store.removeItem(key));
  return pkce.step;
}

function changes(before, after) {
  if (!before) return '(no previous token)';
  const ignored = new Set(['exp', 'iat', 'jti', 'auth_time', 'sid', 'session_state', 'nbf']);
  const lines = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ignored.has(name)) continue;
    const was = JSON.stringify(before[name]);
    const now = JSON.stringify(after[name]);
    if (was === now) continue;
    lines.push(was === undefined ? '+ ' + name + ': ' + now
      : now === undefined ? '- ' + name + ': ' + was
      : '~ ' + name + ': ' + was + ' -> ' + now);
  }
  return lines.length ? lines.join('\n') : '(nothing changed)';
}

function show() {
  const tokens = read('tokens');
  $('call').disabled = !tokens;
  $('delete').disabled = !tokens;
  $('logout').disabled = !tokens;
  if (tokens) {
    const claims = payload(tokens.access_token);
    $('token').textContent = JSON.stringify(claims, null, 2);
    $('user').textContent = 'as ' + claims.preferred_username + ' (acr ' + claims.acr
      + (claims.acrs ? ', acrs ' + claims.acrs.join(' ') : '') + ')';
    $('changes').textContent = changes(read('previous'), claims);
  } else {
    $('token').textContent = '(not logged in)';
    $('user').textContent = '';
    $('changes').textContent = '(no previous token)';
  }
  const challenge = store.getItem('challenge');
  $('next').textContent = next(tokens, challenge);
  $('reauthorize').disabled = !challenge;
  $('challenge').textContent = challenge || '(none)';
  const claims = challenge && param(challenge, 'claims');
  $('claims').textContent = !challenge ? '(none)'
    : claims ? JSON.stringify(JSON.parse(decodeClaims(claims)), null, 2) : '(none: ' + param(challenge, 'error') + ')';
}

// `operation`: 'read' (GET /api/orders) or 'delete' (DELETE /api/orders/1, which needs context c1).
async function callApi(config, operation) {
  const tokens = read('tokens');
  const del = (operation || store.getItem('operation')) === 'delete';
  store.setItem('operation', del ? 'delete' : 'read');
  const response = await fetch(del ? config.api + '/1' : config.api, {
    method: del ? 'DELETE' : 'GET',
    headers: tokens ? { authorization: 'Bearer ' + tokens.access_token } : {},
  });
  const body = await response.text();
  $('api').textContent = response.status + ' ' + body;
  $('api').className = response.ok ? 'ok' : 'denied';
  const challenge = response.headers.get('WWW-Authenticate');
  if (response.status === 401 && challenge) {
    // protocol.md: answer a challenge once. Asked again, after answering it, for something the new
    // token does not differ in, Keycloak cannot give this user what the API wants, and asking again
    // would only loop. The challenge itself may change (a step-up met acr, so acr left it): judge by
    // what the token did, not by the challenge's text.
    const answered = store.getItem('answered');
    store.setItem('challenge', challenge);
    if (asked(challenge).includes('acrs')) store.setItem('context-seen', 'true');
    if (answered && (sameDemand(answered, challenge) || unchanged(answered, challenge).length)) {
      let missing = [];
      try { missing = JSON.parse(body).missing || []; } catch (e) { /* not the demo API's JSON */ }
      if (!missing.length) missing = unchanged(answered, challenge);
      deadEnd('Still refused after re-authorizing', missing, 're-authorizing again will not help');
    }
  } else {
    store.removeItem('challenge');
    store.removeItem('answered');
    store.removeItem('answeredToken');
    if (response.ok) {
      store.setItem(del ? 'done-delete' : 'done-read', 'true');
      notice('');
    }
  }
  show();
}

function deadEnd(what, missing, why) {
  notice(what + (missing.length ? ' (missing: ' + missing.join(', ') + ')' : '')
    + '. Keycloak cannot put this into the token for this user (for example bob: e-mail not verified,'
    + ' no accepted terms of service), so ' + why + '. Log in as someone else.');
  $('reauthorize').dataset.futile = 'true';
  store.setItem('dead-end', 'true');
}

// The walk through both operations, one line: what to click next. Reading first and re-authorizing
// at once gives a token that deletes at once too (context c1 asks for nothing the policy's step-up
// did not give, if within 5 minutes), so the page suggests the delete before re-authorizing: its
// challenge shows the acrs member.
function next(tokens, challenge) {
  if (!tokens) return 'Next: 1. Log in (alice can meet the API\'s policy; bob never can).';
  if (store.getItem('dead-end')) return 'Next: Log in as someone else (alice): this user cannot get further.';
  const didRead = store.getItem('done-read');
  const deleted = store.getItem('done-delete');
  if (challenge) {
    if (asked(challenge).includes('acrs')) {
      return 'Next: 4. Re-authorize with this challenge: one step-up answers it all, authentication context c1 (acrs) included.';
    }
    if (store.getItem('operation') === 'read' && !deleted && !store.getItem('context-seen')) {
      return 'Next: before re-authorizing, try 3. Delete order 1: the challenge of this sensitive operation also asks for'
        + ' authentication context c1 (acrs).';
    }
    return 'Next: 4. Re-authorize with the challenge.';
  }
  if (didRead && deleted) {
    return store.getItem('context-seen') ? 'Done: both operations succeeded with the same token.'
      : 'Done. Order 1 was deleted at once: this token\'s second factor is less than 5 minutes old, all that context c1'
        + ' asks for. To see its acrs challenge, log out, log in and delete before re-authorizing.';
  }
  if (deleted) return 'Next: 2. Call the API: the token that may delete may read the orders too.';
  if (didRead) return 'Next: 3. Delete order 1, the sensitive operation.';
  return 'Next: 2. Call the API.';
}

// The claims a challenge asks for: the members of its claims request's access_token, and acr for acr_values.
function asked(challenge) {
  const names = [];
  const claims = param(challenge, 'claims');
  if (claims) {
    try { names.push(...Object.keys(JSON.parse(decodeClaims(claims)).access_token || {})); } catch (e) { /* not a claims request */ }
  }
  if (param(challenge, 'acr_values') && !names.includes('acr')) names.push('acr');
  return names;
}

// What the last re-authorization did not change: asked by the answered challenge and again by this
// one, with the same value (or still none) in the token before and after.
function unchanged(answered, challenge) {
  const before = store.getItem('answeredToken') ? payload(store.getItem('answeredToken')) : {};
  const tokens = read('tokens');
  const after = tokens ? payload(tokens.access_token) : {};
  const again = asked(challenge);
  return asked(answered).filter((name) => again.includes(name) && JSON.stringify(before[name]) === JSON.stringify(after[name]));
}

function sameDemand(a, b) {
  return ['error', 'claims', 'acr_values', 'max_age'].every((name) => param(a, name) === param(b, name));
}

async function reauthorize(config) {
  const challenge = store.getItem('challenge');
  const claims = param(challenge, 'claims');
  const acr = param(challenge, 'acr_values');
  const request = claims ? decodeClaims(claims)
    : acr ? JSON.stringify({ access_token: { acr: { essential: true, values: acr.split(' ') } } }) : null;
  const tokens = read('tokens');
  // A claim the silent path cannot add, no step-up adds either: say so before Keycloak asks this
  // user for a second factor (or to enrol one) that would not help.
  const probe = await silently(config, tokens, request).catch(() => null);
  if (probe && probe.lacking.length) {
    store.setItem('previous', JSON.stringify(payload(tokens.access_token)));
    store.setItem('tokens', JSON.stringify(Object.assign({}, tokens, probe.tokens)));
    deadEnd('Asked Keycloak silently (a refresh with the challenge\'s claims) and the new token still lacks them', probe.lacking,
      'no second factor is asked for: a step-up would not help');
    show();
    return;
  }
  store.setItem('answered', challenge);
  store.setItem('answeredToken', tokens ? tokens.access_token : '');
  return authorize(config, 'reauthorize', request, param(challenge, 'max_age'));
}

// Members only an authentication can meet: a step-up (a second factor), a recent sign-in.
const AUTHENTICATION = new Set(['acr', 'acrs', 'auth_time']);

// protocol.md's silent path first: a refresh with the challenge's other claims, at the session's
// current level. Returns the new tokens and the claims they still lack (by name), or null where
// there is nothing to ask silently or Keycloak wants an interaction.
async function silently(config, tokens, request) {
  const wanted = Object.entries((request && JSON.parse(request).access_token) || {}).filter(([name]) => !AUTHENTICATION.has(name));
  if (!tokens || !tokens.refresh_token || !wanted.length) return null;
  const response = await fetch(config.realmUrl + '/protocol/openid-connect/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: config.clientId,
      claims: JSON.stringify({ access_token: Object.fromEntries(wanted) }),
    }),
  });
  if (!response.ok) return null; // the authorization endpoint decides
  const fresh = await response.json();
  const got = payload(fresh.access_token);
  return { tokens: fresh, lacking: wanted.filter(([name, spec]) => !holds(got[name], spec)).map(([name]) => name) };
}

// Whether a token's claim value meets a claims request member ({essential, value} or {values}, or null).
function holds(value, spec) {
  if (value === undefined || value === null) return false;
  const accepted = spec && (spec.values || ('value' in spec ? [spec.value] : null));
  if (!accepted) return true;
  const have = Array.isArray(value) ? value : [value];
  return accepted.some((a) => have.some((v) => JSON.stringify(v) === JSON.stringify(a)));
}

// Ends the Keycloak session (RP-initiated logout). `then`: what to do once back on the page.
function logout(config, then) {
  const tokens = read('tokens');
  store.clear();
  if (then) store.setItem('then', then);
  const query = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: config.redirectUri });
  if (tokens && tokens.id_token) query.set('id_token_hint', tokens.id_token);
  window.location.assign(config.realmUrl + '/protocol/openid-connect/logout?' + query);
}

(async () => {
  const config = await (await fetch('/config')).json();
  $('login').onclick = () => authorize(config, 'login');
  // Another user: end the session first (prompt=login would only re-authenticate the same user).
  $('switch').onclick = () => logout(config, 'login');
  $('logout').onclick = () => logout(config);
  $('call').onclick = () => callApi(config, 'read').catch((e) => notice(e.message));
  $('delete').onclick = () => callApi(config, 'delete').catch((e) => notice(e.message));
  $('reauthorize').onclick = () => reauthorize(config).catch((e) => notice(e.message));
  const params = new URLSearchParams(window.location.search);
  if (store.getItem('then') === 'login') {
    store.removeItem('then');
    return authorize(config, 'login');
  }
  try {
    if (params.get('code') || params.get('error')) {
      const step = await callback(config, params);
      if (step === 'reauthorize') {
        notice('Re-authorized with the challenge; calling the API again.', 'info');
        await callApi(config); // finish the loop: the point of re-authorizing
      }
    }
  } catch (e) {
    notice(e.message);
  }
  show();
  document.body.dataset.ready = 'true';
})();
