// The audit API as the web view calls it: the bearer token from this tab's sessionStorage on every request.
const TOKEN_KEY = 'shiplog.token';

/** A refused token: the page asks for another. */
export class Unauthorized extends Error {
  constructor(message) {
    super(message);
    this.name = 'Unauthorized';
  }
}

/** An error answer of the API, with its message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** GET /api/v1{path} with the query parameters that are set; resolves to the JSON body. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(key, value);
    }
  }
  const url = '/api/v1' + path + (query.toString() ? '?' + query : '');
  const response = await fetch(url, {
    headers: { 'Authorization': 'Bearer ' + (token() || ''), 'Accept': 'application/json' },
    cache: 'no-store'
  });
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    throw new Unauthorized(body && body.message ? body.message : 'the token was refused');
  }
  if (!response.ok) {
    throw new ApiError(response.status, body && body.message ? body.message : response.status + ' ' + response.statusText);
  }
  return body;
}
