// The summary as a small document tree, built once from the model and printed
// by two renderers (Markdown, HTML). Builders never format; renderers never
// decide content, so both formats always say the same thing.

export interface Field {
  name: string;
  /** One line, or a list when there are several items (English conditions). */
  value: string | string[];
}

export type Block =
  | { k: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { k: 'para'; text: string; role?: 'lead' | 'muted' }
  /** “name：value” rows: the fields of a benefit or of the policy header. */
  | { k: 'fields'; rows: Field[] }
  /** A list whose items may start with a bold term. */
  | { k: 'list'; items: { term?: string; text: string }[] }
  | { k: 'table'; head: string[]; rows: string[][] }
  /** A note to the reader, e.g. a reading of an ambiguity in the text. */
  | { k: 'note'; text: string }
  /** Keeps related blocks together (one benefit) so print avoids splitting them. */
  | { k: 'group'; role: 'benefit' | 'section'; blocks: Block[] };

export interface SummaryDoc {
  lang: 'zh' | 'en';
  title: string;
  blocks: Block[];
}
