import { reactive } from 'vue';
import type { Persona } from './logic/nav';

export interface Session {
  token: string | null;
  persona: Persona | null;
  subject: string | null;
  regions: string[];
  uscc: string | null;
  inspector: string | null;
}

const KEY = 'tierwatch.session';

function restored(): Session {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) return JSON.parse(raw) as Session;
  } catch {
    // no storage or a broken entry: signed out
  }
  return { token: null, persona: null, subject: null, regions: [], uscc: null, inspector: null };
}

/** Who is signed in (kept for the browser tab only: sessionStorage). */
export const session = reactive<Session>(restored());

export function signIn(value: Session): void {
  Object.assign(session, value);
  sessionStorage.setItem(KEY, JSON.stringify(value));
}

export function signOut(): void {
  Object.assign(session, {
    token: null,
    persona: null,
    subject: null,
    regions: [],
    uscc: null,
    inspector: null,
  });
  sessionStorage.removeItem(KEY);
}
