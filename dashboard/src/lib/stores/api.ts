/**
 * The one API client of the app. When the API needs a token (ORQ_API_TOKEN), the dashboard reads
 * it from `?token=` on first load and keeps it in localStorage.
 */
import { createApiClient } from '../services/api-client.js';

const TOKEN_KEY = 'orq.token';

export function apiToken(): string | null {
  try {
    const fromUrl = new URLSearchParams(window.location.search).get('token');
    if (fromUrl) localStorage.setItem(TOKEN_KEY, fromUrl);
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export const api = createApiClient({ token: apiToken });
