// The web view: a token prompt, hash routes to the views, and live reloads while the audit store projects events.
import { ApiError, Unauthorized, get, setToken, token } from './api.js';
import { el } from './dom.js';
import * as views from './views.js';

const POLL_MS = 2000;
const ROUTES = {
  fleet: () => views.fleet(),
  releases: () => views.releases(),
  trace: arg => views.trace(arg),
  where: arg => views.where(arg),
  drift: () => views.drift(),
  dora: () => views.dora()
};

let current = null;
let lastSeen = null;
let polling = null;

function route() {
  const [, name, ...rest] = (location.hash || '#/fleet').split('/');
  const key = ROUTES[name] ? name : 'fleet';
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : '';
  return { key, arg };
}

async function show() {
  if (!token()) {
    askForToken();
    return;
  }
  const { key, arg } = route();
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.view === key));
  current = ROUTES[key](arg);
  document.getElementById('view').replaceChildren(current.node);
  document.body.dataset.view = key;
  await refresh(current);
}

/** Reloads the view's data; a refused token asks for another, other errors show in the view. */
async function refresh(target) {
  try {
    await target.refresh();
    if (target === current) {
      target.node.querySelector('.results').dataset.loaded = String(Date.now());
    }
  } catch (e) {
    if (e instanceof Unauthorized) {
      askForToken(e.message);
    } else if (target === current) {
      target.node.querySelector('.results').replaceChildren(el('p', { class: 'error', role: 'alert' },
        e instanceof ApiError ? e.message : 'The auditor could not be reached: ' + e.message));
    }
  }
}

/** Polls the projection's status; new events projected reload the current view. */
async function poll() {
  clearTimeout(polling);
  const live = document.getElementById('live');
  if (token()) {
    try {
      const status = await get('/store/status');
      const seen = status.eventsProjected + '/' + status.rebuilds;
      live.textContent = `${status.state.toLowerCase()} · ${status.eventsProjected} events · ${new Date().toISOString().substring(11, 19)}Z`;
      live.className = 'live ' + (status.state === 'LIVE' ? 'ok' : 'busy');
      if (lastSeen !== null && seen !== lastSeen && current) {
        await refresh(current);
      }
      lastSeen = seen;
    } catch (e) {
      if (e instanceof Unauthorized) {
        askForToken(e.message);
        return;
      }
      live.textContent = 'auditor unreachable, retrying';
      live.className = 'live down';
    }
  }
  polling = setTimeout(poll, POLL_MS);
}

function askForToken(message) {
  setToken(null);
  clearTimeout(polling);
  lastSeen = null;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('live').textContent = 'signed out';
  const error = document.getElementById('login-error');
  error.hidden = !message;
  error.textContent = message ? 'The auditor refused the token: ' + message + '.' : '';
  const dialog = document.getElementById('login');
  if (!dialog.open) {
    document.getElementById('token').value = '';
    dialog.showModal();
    document.getElementById('token').focus();
  }
}

function signIn(event) {
  event.preventDefault();
  const value = document.getElementById('token').value.trim();
  if (!value) {
    return;
  }
  setToken(value);
  document.getElementById('login').close();
  document.getElementById('sign-out').hidden = false;
  show();
  poll();
}

document.getElementById('login-form').addEventListener('submit', signIn);
document.getElementById('login').addEventListener('cancel', e => e.preventDefault());
document.getElementById('sign-out').addEventListener('click', () => askForToken());
window.addEventListener('hashchange', () => show());
if (token()) {
  document.getElementById('sign-out').hidden = false;
  show();
  poll();
} else {
  askForToken();
}
