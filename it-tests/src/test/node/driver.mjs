// Drives real client libraries for the Java interop tests (ClientLibrariesIT): one JSON command per
// line on stdin, one JSON answer per line on stdout ({"ok":...} or {"error":{name, code, ...}}).
// The Java side does what a person does in a browser (the login form); this side does exactly what
// an app written the documented way does with each library.
import { createInterface } from "node:readline";
import * as msal from "@azure/msal-node";
import * as oidc from "openid-client";

let msalApp; // one ConfidentialClientApplication, with its own token cache
let msalAccount; // the account acquireTokenByCode signed in
let msalVerifier; // PKCE: the verifier of the last authorization URL
let oidcConfig; // one openid-client Configuration

const commands = {
    // @azure/msal-node against Keycloak as a generic OIDC authority
    async "msal.init"({ authority, clientId, clientSecret, clientCapabilities }) {
        const host = new URL(authority).host;
        msalApp = new msal.ConfidentialClientApplication({
            auth: {
                clientId,
                clientSecret,
                authority,
                knownAuthorities: [host],
                clientCapabilities,
            },
            system: {
                protocolMode: msal.ProtocolMode.OIDC, // msal-node 7: under system (it was auth.protocolMode before)
                loggerOptions: {
                    logLevel: process.env.MSAL_LOG ? msal.LogLevel.Verbose : msal.LogLevel.Warning,
                    loggerCallback: (_level, message) => console.error(message),
                },
            },
        });
        return { authority, knownAuthorities: [host] };
    },
    async "msal.authUrl"({ scopes, redirectUri, claims, state }) {
        const pkce = await new msal.CryptoProvider().generatePkceCodes();
        msalVerifier = pkce.verifier;
        return {
            url: await msalApp.getAuthCodeUrl({ scopes, redirectUri, claims, state,
                codeChallenge: pkce.challenge, codeChallengeMethod: "S256" }),
        };
    },
    async "msal.byCode"({ code, scopes, redirectUri, claims }) {
        const result = await msalApp.acquireTokenByCode({ code, scopes, redirectUri, claims, codeVerifier: msalVerifier });
        msalAccount = result.account;
        return { accessToken: result.accessToken, fromCache: result.fromCache };
    },
    async "msal.silent"({ scopes, claims, forceRefresh }) {
        const result = await msalApp.acquireTokenSilent({ account: msalAccount, scopes, claims, forceRefresh });
        return { accessToken: result.accessToken, fromCache: result.fromCache };
    },

    // openid-client v6 (panva), on top of oauth4webapi
    async "oidc.init"({ issuer, clientId, clientSecret }) {
        const url = new URL(issuer);
        const options = url.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined;
        oidcConfig = await oidc.discovery(url, clientId, clientSecret, undefined, options);
        return { issuer: oidcConfig.serverMetadata().issuer };
    },
    async "oidc.parUrl"({ redirectUri, scope, claims }) {
        const state = oidc.randomState();
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const url = await oidc.buildAuthorizationUrlWithPAR(oidcConfig, {
            redirect_uri: redirectUri, scope, claims, state,
            code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: "S256",
        });
        return { url: url.href, state, codeVerifier };
    },
    async "oidc.code"({ callbackUrl, state, codeVerifier }) {
        const tokens = await oidc.authorizationCodeGrant(oidcConfig, new URL(callbackUrl),
            { expectedState: state, pkceCodeVerifier: codeVerifier });
        return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
    },
    async "oidc.refresh"({ refreshToken, params }) {
        const tokens = await oidc.refreshTokenGrant(oidcConfig, refreshToken, params);
        return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
    },
    async "oidc.resource"({ url, accessToken }) {
        const response = await oidc.fetchProtectedResource(oidcConfig, accessToken, new URL(url), "GET");
        return { status: response.status, body: await response.text() };
    },
};

function describe(e) {
    const error = { name: e?.name, message: e?.message };
    for (const key of ["errorCode", "errorMessage", "subError", "code", "error", "error_description", "status"]) {
        if (e?.[key] !== undefined && typeof e[key] !== "object") {
            error[key] = e[key];
        }
    }
    if (e instanceof oidc.WWWAuthenticateChallengeError) {
        error.challenges = e.cause; // [{scheme, parameters}]
    }
    if (e instanceof oidc.ResponseBodyError) {
        error.error = e.error;
        error.error_description = e.error_description;
    }
    return error;
}

for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) {
        continue;
    }
    let answer;
    try {
        const { cmd, ...args } = JSON.parse(line);
        const command = commands[cmd];
        if (!command) {
            throw new Error("unknown command " + cmd);
        }
        answer = { ok: await command(args) };
    } catch (e) {
        answer = { error: describe(e) };
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
}
