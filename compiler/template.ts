// Message templates: `{name}` placeholders filled from string arguments. compiler/messages.ts renders
// every message through it, and every generated evaluator embeds it (compiler/emit/bundle.ts), so a
// reason reads the same from the reference and from generated code.
//
// Rules for this file (it is embedded in generated modules): no imports, no Node or DOM APIs, and it
// must type-check under the strictest flags a project may turn on (test/emit/module.test.ts).

/** Templates split once into literal text (even indices) and argument names (odd indices). */
const PARTS = new Map<string, string[]>();

/**
 * `template` with every `{name}` replaced by `args[name]`; an argument not given stays as `{name}`. The pieces are
 * joined, not concatenated one by one, so the text is one flat string rather than a chain of concatenations (V8's
 * ConsString): a caller reading many results (bench/read.ts) then sees the same few string representations in every
 * field, and no reader pays for flattening it later.
 */
export function fillTemplate(template: string, args: Readonly<Record<string, string | number>>): string {
  let parts = PARTS.get(template);
  if (!parts) PARTS.set(template, (parts = template.split(/\{(\w+)\}/)));
  if (parts.length === 1) return parts[0] ?? '';
  const out: string[] = [parts[0] ?? ''];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i] ?? '';
    out.push(Object.prototype.hasOwnProperty.call(args, k) ? String(args[k]) : `{${k}}`, parts[i + 1] ?? '');
  }
  return out.join('');
}
