// What the signed-in user may do. The server enforces every right; the UI only hides
// buttons that would be refused.
import type { Action, Feature, Me } from './contract';

export function can(me: Me, feature: Feature, action: Action): boolean {
  return me.permissions[feature]?.includes(action) ?? false;
}
