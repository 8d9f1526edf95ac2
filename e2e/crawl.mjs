// The leak crawl (issue 15): visits every page reachable by links from each role's home and from
// the public pages, in Vietnamese and Japanese, on a 360-px screen, and reports each text that is
// not in the page's language or not formatted for it:
//   english  a message of the English bundle (a literal part longer than 12 characters that the
//            page language says differently) shown on a vi/ja page;
//   id       a raw message id (nav-home) or a raw code (health_insurance_grade);
//   number   a number over 9,999 without digit grouping, or a decimal mark of another language
//            (0.8 on a Vietnamese page, 4,925 on a Japanese one);
//   status   a link that answers an error;
//   scroll   a page wider than the screen.
// English that is not in the bundle (text built in code) is caught by its function words: two of
// "the, of, and, from, …" in one text of a vi/ja page.
// Texts inside an element whose `lang` differs from the page's (a citation kept in its source
// language, the language switcher), inside <code> or marked translate="no" (identifiers, licence
// numbers) are the author's choice and not checked. Leaks listed in e2e/leaks-allowed.json are reported as known,
// not as failures; that list is meant to shrink to nothing.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@fluent/syntax';

const MAX_PER_PATTERN = 2;
const MAX_PAGES = 120;

/// The literal parts of a Fluent pattern: placeables split it, select variants each add theirs.
function fragments(pattern, out = [], cur = { s: '' }) {
  if (!pattern) return out;
  for (const el of pattern.elements) {
    if (el.type === 'TextElement') {
      cur.s += el.value;
    } else {
      if (cur.s.trim()) out.push(cur.s.trim());
      cur.s = '';
      const expr = el.expression;
      if (expr?.type === 'SelectExpression') {
        for (const v of expr.variants) {
          const inner = { s: '' };
          fragments(v.value, out, inner);
          if (inner.s.trim()) out.push(inner.s.trim());
        }
      } else if (expr?.type === 'StringLiteral' && expr.value.trim()) {
        out.push(expr.value.trim());
      }
    }
  }
  return out;
}

/// id → literal fragments, for one language.
function loadBundle(dir) {
  const messages = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl')).sort()) {
    const res = parse(readFileSync(join(dir, file), 'utf8'), { withSpans: false });
    for (const entry of res.body) {
      if (entry.type !== 'Message') continue;
      const frags = [];
      const flush = { s: '' };
      fragments(entry.value, frags, flush);
      if (flush.s.trim()) frags.push(flush.s.trim());
      for (const a of entry.attributes ?? []) frags.push(...fragments(a.value));
      messages.set(entry.id.name, frags.map((f) => f.replace(/\s+/g, ' ')));
    }
  }
  return messages;
}

export function loadMessages(root) {
  const dir = join(root, 'crates', 'i18n', 'locales');
  const bundles = Object.fromEntries(['vi', 'ja', 'en'].map((l) => [l, loadBundle(join(dir, l))]));
  const ids = new Set([...bundles.vi.keys(), ...bundles.ja.keys(), ...bundles.en.keys()]);
  // Per page language: the English fragments that would be a leak there.
  const english = {};
  for (const lang of ['vi', 'ja']) {
    const own = bundles[lang];
    const ownText = new Set([...own.values()].flat());
    const list = [];
    for (const [id, frags] of bundles.en) {
      const mine = own.get(id) ?? [];
      for (const f of frags) {
        if (f.length > 12 && !mine.includes(f) && !ownText.has(f)) list.push({ id, text: f });
      }
    }
    english[lang] = list;
  }
  return { ids, english };
}

/// Every visible text of the page with the nearest language, from the browser.
async function pageTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const skip = (el) => el.closest('script, style, code, noscript, [hidden], template, [translate=no]');
    const langOf = (el) => el.closest('[lang]')?.getAttribute('lang') ?? '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.replace(/\s+/g, ' ').trim();
      if (!t || skip(n.parentElement)) continue;
      out.push({ text: t, lang: langOf(n.parentElement) });
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt], input[type=submit][value], input[type=button][value]')) {
      if (skip(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt', 'value']) {
        if (a === 'value' && !['submit', 'button'].includes(el.getAttribute('type'))) continue;
        const v = el.getAttribute(a);
        if (v && v.trim()) out.push({ text: v.replace(/\s+/g, ' ').trim(), lang: langOf(el) });
      }
    }
    return out;
  });
}

const ID_RE = /(?<![\w/.-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w/-])/g;
const CODE_RE = /(?<![\w/.@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])/g;
const BIG_RE = /(?<![\d.,/\-:'’])\d{5,}(?![\d/])/g;
// A decimal mark of the other convention: a dot not followed by a group of three digits on a
// Vietnamese page, a comma not followed by a group of three on a Japanese one.
const DECIMAL_RE = { vi: /(?<![\d./])\d+\.(?:\d{1,2}|\d{4,})(?![\d./])/g, ja: /(?<![\d,/])\d+,(?:\d{1,2}|\d{4,})(?![\d,/])/g };

// English words that are not Vietnamese syllables written without marks.
const FUNCTION_WORDS = new Set(['the', 'of', 'and', 'from', 'by', 'with', 'is', 'are', 'at', 'least', 'for', 'per',
  'than', 'this', 'that', 'not', 'be', 'was', 'has', 'have', 'which', 'your', 'you', 'must', 'only', 'will']);

export function findLeaks(texts, lang, messages) {
  const leaks = [];
  const english = messages.english[lang];
  for (const { text, lang: nodeLang } of texts) {
    if (nodeLang && nodeLang !== lang) continue;
    for (const m of english) {
      if (text.includes(m.text)) leaks.push({ kind: 'english', token: m.id, text });
    }
    for (const m of text.matchAll(ID_RE)) {
      if (messages.ids.has(m[0])) leaks.push({ kind: 'id', token: m[0], text });
    }
    for (const m of text.matchAll(CODE_RE)) leaks.push({ kind: 'id', token: m[0], text });
    const words = new Set((text.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => FUNCTION_WORDS.has(w)));
    if (words.size >= 2) leaks.push({ kind: 'english', token: text.replace(/\d+([.,]\d+)*/g, '#').slice(0, 50), text });
    for (const m of text.matchAll(BIG_RE)) leaks.push({ kind: 'number', token: m[0], text });
    for (const m of text.matchAll(DECIMAL_RE[lang])) leaks.push({ kind: 'number', token: m[0], text });
  }
  return leaks;
}

/// A link's kind: ids and numbers in the path become *, query values are dropped.
function patternOf(u) {
  const path = u.pathname
    .split('/')
    .map((s) => (/\d/.test(s) || s.length >= 20 ? '*' : s))
    .join('/');
  const keys = [...new Set([...u.searchParams.keys()])].sort().join('&');
  return keys ? `${path}?${keys}` : path;
}

function follow(base, href) {
  let u;
  try {
    u = new URL(href, base);
  } catch {
    return null;
  }
  if (u.origin !== new URL(base).origin) return null;
  if (/^\/(static|api|metrics|healthz|sign-out)(\/|$)/.test(u.pathname)) return null;
  if (/\.(csv|json|pdf|txt)$/.test(u.pathname)) return null;
  u.hash = '';
  u.searchParams.delete('lang');
  return u;
}

/// Visits pages breadth-first from `seeds` with the context's cookies, reporting each leak.
export async function crawl(page, { url, seeds, lang, who, messages, shots, allowed }) {
  const seen = new Set();
  const perPattern = new Map();
  const queue = seeds.map((s) => follow(url, s)).filter(Boolean);
  let visited = 0;
  while (queue.length && visited < MAX_PAGES) {
    const u = queue.shift();
    const key = u.pathname + u.search;
    if (seen.has(key)) continue;
    seen.add(key);
    const pattern = patternOf(u);
    const n = perPattern.get(pattern) ?? 0;
    if (n >= MAX_PER_PATTERN) continue;
    perPattern.set(pattern, n + 1);
    visited += 1;
    const where = `${who} ${lang} ${key}`;
    const res = await page.goto(u.href);
    const leaks = [];
    if (!res.ok()) leaks.push({ kind: 'status', token: `${res.status()} ${pattern}`, text: key });
    if ((await page.getAttribute('html', 'lang')) !== lang) leaks.push({ kind: 'status', token: `lang ${pattern}`, text: key });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) leaks.push({ kind: 'scroll', token: pattern, text: `${width}px wide` });
    // Numbers are allowed by page kind: the figures themselves vary with the data.
    for (const l of findLeaks(await pageTexts(page), lang, messages)) {
      leaks.push(l.kind === 'number' ? { ...l, token: pattern, text: `${l.token} in: ${l.text}` } : l);
    }
    for (const l of leaks) allowed.see(l, where);
    const name = `crawl-${who}-${lang}-${key.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80) || 'home'}`;
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    if (!res.ok()) continue;
    for (const href of await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.getAttribute('href')))) {
      const next = follow(u.href, href);
      if (next && !seen.has(next.pathname + next.search)) queue.push(next);
    }
  }
  return visited;
}

/// The allow-list: known leaks by kind and token (the message id, the code, the English text
/// with digits as #, or for numbers the page pattern). Unknown leaks fail, once each with the first page they were seen on; entries
/// no longer met are reported so they get removed.
export function allowList(file) {
  const entries = JSON.parse(readFileSync(file, 'utf8')).allowed ?? [];
  const used = new Set();
  const unknown = new Map();
  return {
    see(leak, where) {
      const i = entries.findIndex((e) => e.kind === leak.kind && e.token === leak.token);
      if (i >= 0) {
        used.add(i);
        return;
      }
      const k = `${leak.kind}\t${leak.token}`;
      const u = unknown.get(k);
      if (u) u.count += 1;
      else unknown.set(k, { ...leak, where, count: 1 });
    },
    failures() {
      return [...unknown.values()].map(
        (l) => `${l.where}: ${l.kind} leak "${l.token}" (${l.count}×) in: ${l.text.slice(0, 160)}`,
      );
    },
    /// The list as it should be now: the entries still met, then the new leaks.
    current() {
      return [
        ...entries.filter((_, i) => used.has(i)),
        ...[...unknown.values()].map((l) => ({ kind: l.kind, token: l.token, why: `seen on ${l.where}` })),
      ];
    },
    stale() {
      return entries.filter((_, i) => !used.has(i));
    },
  };
}
