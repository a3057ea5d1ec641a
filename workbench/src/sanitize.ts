// The hover and completion documentation from the language server is
// Markdown that quotes the policy's own text (labels, titles). A .policy file
// from someone else could carry HTML there; lsp-client renders Markdown to
// HTML, so everything it renders passes through this allow-list first: known
// harmless elements, no attributes but a safe href, no scripts, no handlers.
const ALLOWED = new Set([
  'P', 'BR', 'HR', 'STRONG', 'B', 'EM', 'I', 'CODE', 'PRE', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'SPAN', 'DIV',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'A', 'DEL', 'INS',
]);

function clean(node: Node, doc: Document): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [doc.createTextNode(node.textContent ?? '')];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const el = node as Element;
  const children = [...el.childNodes].flatMap((c) => clean(c, doc));
  // An element not on the list is dropped, its text kept (script and style lose their content too).
  if (!ALLOWED.has(el.tagName)) return el.tagName === 'SCRIPT' || el.tagName === 'STYLE' ? [] : children;
  const out = doc.createElement(el.tagName.toLowerCase());
  const href = el.getAttribute('href');
  if (el.tagName === 'A' && href && /^(https?:|#)/i.test(href)) out.setAttribute('href', href);
  const cls = el.getAttribute('class');
  if (cls && /^[\w\s-]+$/.test(cls)) out.setAttribute('class', cls);
  out.append(...children);
  return [out];
}

export function sanitizeHTML(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const box = document.createElement('div');
  box.append(...[...doc.body.childNodes].flatMap((n) => clean(n, document)));
  return box.innerHTML;
}
