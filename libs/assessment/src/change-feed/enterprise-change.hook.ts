/**
 * Other capabilities that react to changed enterprises (the inspection triggers) register here; the
 * change-feed consumer calls them with each batch of enterprises it has re-assessed.
 */
export const ENTERPRISE_CHANGE_HOOKS = Symbol('ENTERPRISE_CHANGE_HOOKS');

export interface EnterpriseChangeHook {
  readonly name: string;
  onEnterprisesChanged(usccs: string[]): Promise<unknown>;
}
