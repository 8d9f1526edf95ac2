// Browser test: starts `kakehashi serve --demo` on a fresh SQLite file, then drives Debian's
// chromium (headless, through playwright-core, no browser download) on a 360-px phone screen:
// every demo role signs in, in every language, sees its home page, and signs out.
// Screenshots go to target/e2e/. Exit code 1 on any failure.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { allowList, crawl, loadMessages } from './crawl.mjs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.KAKEHASHI_BIN ?? join(root, 'target', 'debug', 'kakehashi');
const shots = join(root, 'target', 'e2e');
mkdirSync(shots, { recursive: true });

const PASSWORD = 'kakehashi-demo-2026';
const ROLES = [
  ['worker', 'worker@kakehashi.example'],
  ['sending_org', 'sending@kakehashi.example'],
  ['employer', 'employer@kakehashi.example'],
  ['supervising_org', 'supervising@kakehashi.example'],
  ['case_officer', 'officer@kakehashi.example'],
  ['regulator', 'regulator@kakehashi.example'],
  ['admin', 'admin@kakehashi.example'],
];
const LANGS = ['vi', 'ja', 'en'];
const PUBLIC_PAGES = ['/', '/sign-up', '/jobs', '/registry', '/registry?q=cong+ty+cung+ung', '/calculator',
  '/calculator?prefecture=13&monthly_wage_jpy=220000&age=25&dependents=0'];
// Pages each role works on, besides its home page.
const ROLE_PAGES = {
  worker: ['/jobs', '/inbox', '/account'],
  employer: ['/postings', '/postings/new'],
  regulator: ['/regulator/import', '/audit'],
  admin: ['/admin'],
};

function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'kakehashi-e2e-'));
  const child = spawn(bin, ['serve', '--demo', '--addr', '127.0.0.1:0'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '', KAKEHASHI_SECRET_KEY: '', RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    // `serve --demo` publishes 320 demo jobs before it listens: minutes on a busy machine.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 300_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl({ url: m[1], child, dir });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

async function noHorizontalScroll(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 360, `${what}: page is ${width}px wide on a 360px screen`);
}

const { url, child, dir } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic'],
});

const jobs = await (await fetch(`${url}/api/v1/postings`)).json();
const firstJob = jobs.items[0]?.id;
if (!firstJob) failures.push('the demo has no published job');
const publicPages = firstJob ? [...PUBLIC_PAGES, `/jobs/${firstJob}`] : PUBLIC_PAGES;

try {
  for (const lang of LANGS) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' });
    const page = await context.newPage();
    for (const path of publicPages) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await page.goto(`${url}${path}${sep}lang=${lang}`);
      check(res.ok(), `${path} (${lang}) answered ${res.status()}`);
      check(await page.getAttribute('html', 'lang') === lang, `${path}: html lang is ${lang}`);
      await noHorizontalScroll(page, `${path} (${lang})`);
      check(!/>(nav|home|tile|job|jobs|check|registry|record|table|disclosure|fee|payer|calc|line)-[a-z_-]+</.test(await page.content()), `${path} (${lang}): untranslated message key`);
      const name = path === '/' ? 'home' : path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60);
      await page.screenshot({ path: join(shots, `public-${name}-${lang}.png`), fullPage: true });
    }
    await context.close();
  }

  // Search from the home page's box in each language, then refine by a facet and page on:
  // all without JavaScript-only controls (plain forms and links).
  const SEARCHES = [
    ['vi', 'dong tau', 'shipbuilding_ship_machinery'],
    ['ja', '介護', 'nursing_care'],
    ['en', 'welders', 'shipbuilding_ship_machinery'],
  ];
  for (const [lang, words, field] of SEARCHES) {
    const what = `search '${words}' in ${lang}`;
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${url}/?lang=${lang}`);
    await page.fill('[data-testid=home-search] input[name=q]', words);
    await Promise.all([page.waitForURL(/\/jobs\?q=/), page.click('[data-testid=home-search] button[type=submit]')]);
    check(new URL(page.url()).searchParams.get('q') === words, `${what}: the words are kept in the URL`);
    check(await page.inputValue('[data-testid=jobs-q]') === words, `${what}: the box keeps the words`);
    const cards = page.locator('[data-testid=job]');
    check(await cards.count() > 0, `${what}: found jobs`);
    const api = await (await fetch(`${url}/api/v1/postings?q=${encodeURIComponent(words)}`)).json();
    check(api.items.length > 0 && api.items.every((i) => i.field === field), `${what}: every hit is ${field}`);
    check(await page.locator('[data-testid=facet]').count() === 4, `${what}: four facets with counts`);
    await noHorizontalScroll(page, what);
    await page.screenshot({ path: join(shots, `search-${lang}.png`), fullPage: true });
    await context.close();
  }
  {
    // Paging and an empty result's suggestion.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${url}/jobs?lang=en`);
    check(await page.locator('[data-testid=pager]').count() === 1, 'jobs: pagination shown');
    await Promise.all([page.waitForURL(/page=2/), page.click('[data-testid=pager] a[rel=next]')]);
    check(await page.locator('[data-testid=job]').count() === 20, 'jobs: page 2 has 20 jobs');
    await page.goto(`${url}/jobs?lang=en&q=welder&program=titp`);
    check(await page.locator('[data-testid=job]').count() === 0, 'jobs: impossible search is empty');
    const hint = page.locator('[data-testid=jobs-suggestion] a');
    check(await hint.count() === 1, 'jobs: an empty result suggests removing a filter');
    if (await hint.count() === 1) {
      await Promise.all([page.waitForLoadState(), hint.click()]);
      check(await page.locator('[data-testid=job]').count() > 0, 'jobs: removing the suggested filter finds jobs');
    }
    await page.screenshot({ path: join(shots, 'search-suggestion-en.png'), fullPage: true });
    await context.close();
  }

  for (const [role, email] of ROLES) {
    for (const lang of LANGS) {
      const what = `${role} in ${lang}`;
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${url}/sign-in?lang=${lang}`);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForURL(`${url}/`), page.click('form[data-testid=sign-in-form] button[type=submit]')]);
      // Signing in keeps the language chosen on the sign-in page, whatever the account's.
      check(await page.getAttribute('html', 'lang') === lang, `${what}: language kept at sign-in`);
      // ?lang= is remembered in this browser only; the account keeps its own setting.
      await page.goto(`${url}/?lang=${lang}`);
      const home = page.locator('[data-testid=home]');
      check(await home.getAttribute('data-home') === role, `${what}: role home page`);
      check(await page.getAttribute('html', 'lang') === lang, `${what}: page language`);
      const text = await page.locator('main').innerText();
      check(!/(^|\s)(home|tile|nav)-[a-z_-]+/.test(text), `${what}: untranslated message keys in:\n${text}`);
      await noHorizontalScroll(page, what);
      await page.screenshot({ path: join(shots, `${role}-${lang}.png`), fullPage: true });
      for (const path of ROLE_PAGES[role] ?? []) {
        const res = await page.goto(`${url}${path}`);
        check(res.ok(), `${what}: ${path} answered ${res.status()}`);
        await noHorizontalScroll(page, `${what}: ${path}`);
        await page.screenshot({ path: join(shots, `${role}-${lang}${path.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
      }
      await page.goto(`${url}/`);
      await Promise.all([page.waitForURL(`${url}/`), page.click('[data-testid=sign-out]')]);
      check(await page.locator('[data-testid=home]').getAttribute('data-home') === 'public', `${what}: signed out`);
      check(await page.locator('[data-testid=sign-in-link]').count() === 1, `${what}: sign-in link after sign-out`);
      await context.close();
    }
  }

  // The leak crawl (crawl.mjs): every page reachable from each home, in vi and ja.
  const messages = loadMessages(root);
  const allowed = allowList(join(root, 'e2e', 'leaks-allowed.json'));
  let crawled = 0;
  for (const lang of ['vi', 'ja']) {
    for (const [role, email] of [['public', null], ...ROLES]) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${url}/sign-in?lang=${lang}`);
      if (email) {
        await page.fill('input[name=email]', email);
        await page.fill('input[name=password]', PASSWORD);
        await Promise.all([page.waitForURL(`${url}/`), page.click('form[data-testid=sign-in-form] button[type=submit]')]);
      }
      const seeds = ['/', ...(email ? ROLE_PAGES[role] ?? [] : publicPages)];
      crawled += await crawl(page, { url, seeds, lang, who: role, messages, shots, allowed });
      await context.close();
    }
  }
  failures.push(...allowed.failures());
  const stale = allowed.stale();
  if (stale.length) console.log(`leak crawl: ${stale.length} allow-list entries no longer seen, remove them:\n${stale.map((e) => ` - ${e.kind} ${e.token}`).join('\n')}`);
  if (process.env.E2E_WRITE_ALLOWED) {
    writeFileSync(join(root, 'e2e', 'leaks-allowed.json'), `${JSON.stringify({ allowed: allowed.current() }, null, 2)}\n`);
  }
  console.log(`leak crawl: ${crawled} pages in vi and ja`);
} catch (e) {
  failures.push(`error: ${e.stack ?? e}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`browser test: ${failures.length} failure(s)`);
  for (const f of failures) console.error(` - ${f}`);
  process.exit(1);
}
console.log(`browser test: ${ROLES.length} roles × ${LANGS.length} languages signed in and out, search in three languages; screenshots in target/e2e/`);
