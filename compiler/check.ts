// The checker's entry point; the checker itself is split by concern under check/.
export { check, run, type CheckResult } from './check/index.ts';
export { cmpOpOf, closest, normaliseClause, type Diagnostic } from './check/context.ts';
export type { Subject } from './model.ts';
