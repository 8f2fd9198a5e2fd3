import type { Profile } from './profile.js';
import { vnLegal } from './vn-legal.js';

const builtIn: Record<string, Profile> = { 'vn-legal': vnLegal };

export const profileNames = Object.keys(builtIn);

export function getProfile(name: string): Profile {
  const p = builtIn[name];
  if (!p) throw new RangeError(`unknown profile "${name}"; known: ${profileNames.join(', ')}`);
  return p;
}
