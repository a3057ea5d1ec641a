// The prettier 3 plugin for .policy files.
//   npx prettier --plugin ./compiler/format/plugin.js --write "policies/**/*.policy"
// (plugin.js registers tsx and re-exports this module; Node 20 cannot import
// .ts files by itself.)
import type { Plugin, SupportOptions } from 'prettier';
import { printer, type Node } from './printer.ts';
import { policyParser } from './source.ts';

export const languages: Plugin['languages'] = [
  {
    name: 'Policy',
    parsers: ['policy'],
    extensions: ['.policy'],
    vscodeLanguageIds: ['policy'],
  },
];

export const parsers: Plugin<Node>['parsers'] = { policy: policyParser };

export const printers: Plugin<Node>['printers'] = { 'policy-ast': printer };

export const options: SupportOptions = {
  policyKeywords: {
    type: 'choice',
    category: 'Policy',
    default: 'keep',
    description: 'Spelling of keywords in .policy files.',
    choices: [
      { value: 'keep', description: "Keep the author's spelling of each keyword." },
      { value: 'zh', description: 'Spell every keyword in Chinese (政策, 条件, 元, …).' },
      { value: 'en', description: 'Spell every keyword in English (policy, conditions, yuan, …).' },
    ],
  },
  policyPunctuation: {
    type: 'choice',
    category: 'Policy',
    default: 'auto',
    description: 'Width of punctuation in .policy files.',
    choices: [
      { value: 'auto', description: "Follow the file's majority, for each kind of punctuation." },
      { value: 'full', description: 'Full-width： ；，（）｛｝“”' },
      { value: 'half', description: 'Half-width: ; , ( ) { } ""' },
    ],
  },
};

// CJK characters are two columns wide: 100 columns hold a clause as the real policies write it.
export const defaultOptions: Plugin['defaultOptions'] = {
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
};

const plugin: Plugin<Node> = { languages, parsers, printers, options, defaultOptions };

export default plugin;
