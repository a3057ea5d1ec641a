// compiler/diff: what an amendment changes. The browser-safe entry point (no
// node: imports anywhere in this folder) — the workbench's 修订对照 pane and
// the CLI (`policy diff`, `policy population`) both call these.
//   diffPolicies      the change in meaning, clause by clause, in plain words
//   buildComparison   the 修订对照表 (原条文 | 修订后条文), rendered to Markdown or HTML
//   findEdgeCases     the smallest subjects decided differently, without a population
//   ImpactAccumulator who gains and who loses over a population, one record at a time
//   population        a seeded synthetic population drawn from the policy's own types and thresholds
export { diffPolicies, type PolicyDiff, type ClauseDiff, type Change, type ChangeKind } from './semantic.ts';
export { buildComparison, renderComparisonHtml, renderComparisonMarkdown, type ComparisonDoc } from './table.ts';
export { findEdgeCases, type EdgeCase, type EdgeOptions } from './edges.ts';
export { ImpactAccumulator, addLine, type ImpactReport, type SubjectRecord, type ImpactOptions } from './impact.ts';
export { population, seeded, type PopulationOptions } from './population.ts';
export { renderDiffText, renderImpactText, renderImpactHtml } from './report.ts';
export { wordDiff, type Segment } from './words.ts';
export { CATEGORIES, type Category } from './compare.ts';
