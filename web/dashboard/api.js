// The one way the page talks to the gateway: POST /graphql with the bearer token, if any.

const settings = JSON.parse(document.getElementById('vitrine-settings')?.textContent || '{}');
const TOKEN_KEY = 'vitrine.token';

/** The token to send: the one entered this session, else the demo token the gateway offers. */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? settings.token ?? '';
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export const demoToken = () => settings.token ?? null;

/** The role a JWT claims, for display only (the gateway verifies it). */
export function tokenRole(value = token()) {
  try {
    const payload = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** Runs one operation; resolves with `data`, rejects with the first error's message and code. */
export async function gql(query, variables = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const bearer = token();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError('The gateway cannot be reached. Is it running?', 'NETWORK');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The gateway answered HTTP ${response.status} without a GraphQL response.`, 'HTTP');
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = first.extensions?.code ?? 'ERROR';
    const hint = code === 'UNAUTHENTICATED' ? ' Enter a token under "Access".' : code === 'FORBIDDEN' ? ' This token\'s role may not do that.' : '';
    throw new ApiError(`${first.message}${hint}`, code);
  }
  return body.data;
}
