/**
 * Turns a DOM subtree into text blocks, one per paragraph, heading or list item. Page furniture
 * (scripts, styles, navigation, forms, embedded frames) and figures with their captions are left
 * out: a photo caption is not part of the story and often carries a date that is not the story's.
 */

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'canvas', 'math', 'video', 'audio', 'picture', 'img', 'map', 'figure', 'figcaption',
  'nav', 'footer', 'aside', 'form', 'button', 'select', 'input', 'textarea', 'label', 'dialog', 'menu', 'head',
]);

const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl',
  'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'hr',
  'address', 'details', 'summary', 'body', 'html', 'center',
]);

/** Minimal DOM surface used here, so jsdom and fragments both fit without DOM lib types. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function hidden(node: DomNode): boolean {
  const get = node.getAttribute?.bind(node);
  if (!get) return false;
  if (get('hidden') !== null || get('aria-hidden') === 'true') return true;
  const style = (get('style') ?? '').replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden');
}

/**
 * Text blocks of `root` in document order. `dropChrome` also drops `<header>` elements outside
 * `<article>`/`<main>` (site banners) for pages that Readability could not reduce to the story.
 */
export function blocksFromDom(root: DomNode, dropChrome = false): string[] {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
    current = '';
  };
  const visit = (node: DomNode, inArticle: boolean) => {
    if (node.nodeType === TEXT_NODE) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toLowerCase();
    if (SKIP.has(tag) || hidden(node)) return;
    if (dropChrome && tag === 'header' && !inArticle) return;
    if (tag === 'br') {
      flush();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    const childInArticle = inArticle || tag === 'article' || tag === 'main';
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) visit(children[i], childInArticle);
    if (block) flush();
    else if (tag === 'td' || tag === 'th') current += ' ';
  };
  visit(root, false);
  flush();
  return blocks;
}
