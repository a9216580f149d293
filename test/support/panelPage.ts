// The panel's page (dist/webview.js) in Debian's chromium, under the same HTML and
// Content-Security-Policy the extension serves, with a stand-in for the VS Code host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panelHtml';
import type { HostMessage, PageMessage } from '../../client/webview/protocol';
import { repoRoot } from './paths';

const CHROMIUM = process.env.MG_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'panel');

// The page's globals that the functions run inside it use (this project's tsconfig has no DOM lib).
declare const window: { posted: PageMessage[]; dispatchEvent(event: unknown): boolean };
declare const MessageEvent: new (type: string, init: { data: unknown }) => unknown;
declare function requestAnimationFrame(callback: () => void): number;

/** Serves the page and dist/webview.{js,css} on a loopback port. */
async function servePanel(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    const files: Record<string, [string, string]> = {
      '/webview.js': [path.join(repoRoot, 'dist', 'webview.js'), 'text/javascript'],
      '/webview.css': [path.join(repoRoot, 'dist', 'webview.css'), 'text/css'],
    };
    const file = files[req.url ?? ''];
    if (file) {
      res.writeHead(200, { 'content-type': file[1] }).end(fs.readFileSync(file[0]));
      return;
    }
    const nonce = Math.random().toString(36).slice(2);
    res.writeHead(200, { 'content-type': 'text/html' }).end(panelHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, nonce }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * One browser and server for a suite; `open()` gives a fresh page that recorded every
 * message it posted, and `close()` fails on any script error or CSP violation it logged.
 */
export class PanelHarness {
  private browser: Browser | undefined;
  private served: Awaited<ReturnType<typeof servePanel>> | undefined;
  private tmp = '';
  private readonly errors: string[] = [];

  async start(): Promise<void> {
    assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'webview.js')), 'dist/webview.js is missing: run `node esbuild.mjs`');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-panel-'));
    this.served = await servePanel();
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, XDG_CONFIG_HOME: path.join(this.tmp, 'c'), XDG_CACHE_HOME: path.join(this.tmp, 'k') },
    });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.served?.close();
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  async open(): Promise<Page> {
    const page = await this.browser!.newPage({ viewport: { width: 1100, height: 800 } });
    this.errors.length = 0;
    page.on('pageerror', (e) => this.errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && this.errors.push(m.text()));
    // What acquireVsCodeApi gives a webview, recording what the page posts.
    await page.addInitScript(() => {
      window.posted = [];
      Object.assign(window, { acquireVsCodeApi: () => ({ postMessage: (m: PageMessage) => window.posted.push(m) }) });
    });
    await page.goto(this.served!.url);
    await page.waitForFunction(() => window.posted.some((m) => m.type === 'ready'));
    return page;
  }

  /** Screenshots the page as the test left it, closes it, and fails on any error it logged. */
  async close(page: Page, title: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${title.replace(/\W+/g, '-')}.png`) });
    await page.close();
    assert.deepEqual(this.errors, []);
  }
}

/** Sends a message as the host does and returns how long the page took to draw it, in its own clock. */
export async function send(page: Page, message: HostMessage): Promise<{ sync: number; painted: number }> {
  return page.evaluate(async (data) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data }));
    const sync = performance.now() - t0;
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    return { sync, painted: performance.now() - t0 };
  }, message);
}

/** What the page posted to the host so far, of one type. */
export function posted<T extends PageMessage['type']>(page: Page, type: T): Promise<Extract<PageMessage, { type: T }>[]> {
  return page.evaluate((t) => window.posted.filter((m) => m.type === t), type) as Promise<Extract<PageMessage, { type: T }>[]>;
}

export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
