import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { ThreatModelSchema } from '../../src/core/threat.js';
import { resolveDate } from '../../src/cli/batch.js';
import { renderMarkdown } from '../../src/core/render/markdown.js';
import { buildModel, exampleDoc, examplePath, FIXTURES } from '../helpers.js';
import { runCli, tempDir } from './run.js';

const SUPPORT_BOT = examplePath('support-bot');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function fresh(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

describe('resolveDate', () => {
  const now = new Date(Date.UTC(2030, 4, 6, 23, 59));

  it('takes --date, then SOURCE_DATE_EPOCH, then today in UTC', () => {
    expect(resolveDate('2026-01-01', {}, now)).toBe('2026-01-01');
    expect(resolveDate(undefined, { SOURCE_DATE_EPOCH: '1767225600' }, now)).toBe('2026-01-01');
    expect(resolveDate(undefined, { SOURCE_DATE_EPOCH: '' }, now)).toBe('2030-05-06');
    expect(resolveDate(undefined, {}, now)).toBe('2030-05-06');
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026/01/01', 'tomorrow', ''])('rejects --date %j', (bad) => {
    expect(() => resolveDate(bad, {}, now)).toThrow(UsageError);
  });

  it('rejects a SOURCE_DATE_EPOCH that is not whole seconds', () => {
    expect(() => resolveDate(undefined, { SOURCE_DATE_EPOCH: '1.5' }, now)).toThrow(/SOURCE_DATE_EPOCH/);
  });
});

describe('aitm batch (end to end)', () => {
  const cwd = fresh();
  let first: { md: Buffer; json: Buffer } | undefined;

  it('writes THREAT_MODEL.md and --json, prints the one-line offline notice, exits 0', async () => {
    const r = await runCli(['batch', SUPPORT_BOT, '--date', '2026-01-01', '--json', 'out.json'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const notices = r.stderr.split('\n').filter((l) => /running offline/.test(l));
    expect(notices).toEqual(['aitm: no OPENAI_API_KEY set; running offline (knowledge-base rules only).']);
    expect(r.stderr).toMatch(/^aitm: wrote THREAT_MODEL\.md and out\.json: \d+ threats .* from 1 document\(s\)/m);
    expect(readdirSync(cwd).sort()).toEqual(['THREAT_MODEL.md', 'out.json']);

    const md = readFileSync(join(cwd, 'THREAT_MODEL.md'));
    const json = readFileSync(join(cwd, 'out.json'));
    expect(md.toString()).toMatch(/^---\ngenerator: aitm\n/);
    expect(md.toString()).toMatch(/^date: 2026-01-01$/m);
    const parsed = ThreatModelSchema.safeParse(JSON.parse(json.toString()));
    expect(parsed.success).toBe(true);
    expect(parsed.data!.system.name).toBe('Acme Support Assistant');
    expect(parsed.data!.provenance.date).toBe('2026-01-01');
    expect(md.toString()).toContain(`threats: ${parsed.data!.threats.length}`);
    first = { md, json };
  });

  it('running twice gives identical bytes (and replaces its own output)', async () => {
    expect(first).toBeDefined();
    const r = await runCli(['batch', SUPPORT_BOT, '--date', '2026-01-01', '--json', 'out.json'], cwd);
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'THREAT_MODEL.md')).equals(first!.md)).toBe(true);
    expect(readFileSync(join(cwd, 'out.json')).equals(first!.json)).toBe(true);
  });

  it('--json - prints the JSON on stdout; --force replaces a file aitm did not write', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'mine.md'), '# My notes\n');
    const r = await runCli(['batch', SUPPORT_BOT, '--date', '2026-01-01', '--json', '-', '-o', 'mine.md', '--force'], dir);
    expect(r.code).toBe(0);
    const model = ThreatModelSchema.parse(JSON.parse(r.stdout));
    expect(model.threats.length).toBeGreaterThan(0);
    // Same content as the file written in the other directory.
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(first!.json.toString()));
    expect(readFileSync(join(dir, 'mine.md'), 'utf8')).toMatch(/^---\ngenerator: aitm\n/);
    expect(readdirSync(dir)).toEqual(['mine.md']);
  });
});

describe('aitm batch keeps human triage across re-runs', () => {
  it('a decision in aitm-triage.yaml shows in the document, survives a re-run, and the file is never written', async () => {
    const dir = fresh();
    const first = await runCli(['batch', SUPPORT_BOT, '--date', '2026-01-01', '--json', 'tm.json'], dir);
    expect(first.code).toBe(0);
    const model = ThreatModelSchema.parse(JSON.parse(readFileSync(join(dir, 'tm.json'), 'utf8')));
    const target = model.threats.find((t) => t.entry === 'excessive-agency-side-effect-tools')!;
    const decisions = `decisions:\n  ${target.id}:\n    status: accepted\n    reason: Refunds are capped at $200 and reviewed daily.\n    owner: cx-platform\n`;
    writeFileSync(join(dir, 'aitm-triage.yaml'), decisions);
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['batch', SUPPORT_BOT, '--date', '2026-01-01', '--json', 'tm.json'], dir);
      expect(r.code).toBe(0);
      const again = ThreatModelSchema.parse(JSON.parse(readFileSync(join(dir, 'tm.json'), 'utf8')));
      expect(again.threats.find((t) => t.id === target.id)).toMatchObject({ status: 'accepted', triage: { owner: 'cx-platform' } });
      expect(readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8')).toContain('**Triage.** accepted — Refunds are capped at $200 and reviewed daily. · owner cx-platform');
    }
    expect(readFileSync(join(dir, 'aitm-triage.yaml'), 'utf8')).toBe(decisions);
  });
});

describe.concurrent('aitm batch refuses bad input, writes nothing', () => {
  /** Runs batch on one bad input in a fresh dir; returns the result and the files left behind. */
  async function bad(name: string, content: string | Buffer, extra: string[] = []) {
    const dir = fresh();
    const path = join(dir, name);
    writeFileSync(path, content);
    const r = await runCli(['batch', path, ...extra], dir);
    const left = readdirSync(dir).filter((f) => f !== name);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('aitm: ') && !/running offline/.test(l));
    return { r, left, errorLines, path };
  }

  it('a missing path exits 3', async () => {
    const dir = fresh();
    const missing = join(dir, 'nope.md');
    const r = await runCli(['batch', missing], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`aitm: no such file or folder: ${missing}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty doc exits 3, naming the file', async () => {
    const { r, left, errorLines } = await bad('empty.md', '\n\n');
    expect(r.code).toBe(3);
    expect(errorLines).toEqual(['aitm: empty.md: empty document']);
    expect(left).toEqual([]);
  });

  it('a binary file exits 3, naming the file and line', async () => {
    const { r, left, errorLines } = await bad('diagram.md', Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x00, 0xff, 0x00]));
    expect(r.code).toBe(3);
    expect(errorLines).toEqual(['aitm: diagram.md:2: binary file, not a text document']);
    expect(left).toEqual([]);
  });

  it('a non-UTF-8 file exits 3, naming the file and line of the bad byte', async () => {
    const { r, left, errorLines } = await bad('latin1.md', Buffer.concat([Buffer.from('# Doc\n\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(r.code).toBe(3);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^aitm: latin1\.md:3: not valid UTF-8/);
    expect(left).toEqual([]);
  });

  it('malformed YAML exits 3, naming the file', async () => {
    const { r, left, errorLines } = await bad('system.yaml', 'name: x\ncomponents:\n  - id: a\n    name: [unclosed\n');
    expect(r.code).toBe(3);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^aitm: system\.yaml:\d+: malformed YAML: /);
    expect(left).toEqual([]);
  });

  it('an unknown flag exits 2', async () => {
    const { r, left } = await bad('doc.md', '# Bot\n\nWe use GPT-4o.\n', ['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(left).toEqual([]);
  });

  it('a bad --date exits 2', async () => {
    const { r, left, errorLines } = await bad('doc.md', '# Bot\n\nWe use GPT-4o.\n', ['--date', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(errorLines).toEqual(['aitm: --date must be a real date as YYYY-MM-DD, got "2026-02-30"']);
    expect(left).toEqual([]);
  });

  it('refuses to overwrite a THREAT_MODEL.md aitm did not write (exit 3, file unchanged)', async () => {
    const dir = fresh();
    const original = '# Threat model\n\nWritten by the security team.\n';
    writeFileSync(join(dir, 'THREAT_MODEL.md'), original);
    const r = await runCli(['batch', SUPPORT_BOT], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('aitm: refusing to overwrite THREAT_MODEL.md: aitm did not write it');
    expect(readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8')).toBe(original);
    expect(readdirSync(dir)).toEqual(['THREAT_MODEL.md']);
  });

  it('refuses to overwrite aitm output that was edited by hand', async () => {
    const dir = fresh();
    const edited = renderMarkdown(buildModel([exampleDoc('support-bot')])).replace('## Summary', '## Summary\n\nTriaged by Dana on Monday.');
    writeFileSync(join(dir, 'THREAT_MODEL.md'), edited);
    const r = await runCli(['batch', SUPPORT_BOT], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refusing to overwrite THREAT_MODEL\.md: it was edited by hand/);
    expect(readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8')).toBe(edited);
  });
});

describe.concurrent('aitm batch is never silent about its reading', () => {
  async function batchOn(files: Record<string, string>) {
    const dir = fresh();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await runCli(['batch', '.', '--date', '2026-01-01'], dir);
    const written = readdirSync(dir).filter((f) => !(f in files));
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('aitm: warning: '));
    const doc = written.includes('THREAT_MODEL.md') ? readFileSync(join(dir, 'THREAT_MODEL.md'), 'utf8') : '';
    return { r, written, warnings, doc };
  }

  it('a doc set with no component at all exits 3, says what aitm needs, writes nothing', async () => {
    const { r, written } = await batchOn({
      'notes.md': '# Weekly sync\n\nWe met on Tuesday and went through the roadmap. Everyone agreed the quarter went well\nand that the next review is in March.\n',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('aitm: no component found in notes.md: aitm could not tell what the system is made of');
    expect(r.stderr).toMatch(/component table/);
    expect(r.stderr).toMatch(/system\.yaml/);
    expect(r.stderr).toMatch(/OPENAI_API_KEY or OPENAI_BASE_URL/);
    expect(written).toEqual([]);
  });

  it('a thin reading is written with a banner and an "aitm: warning:" line', async () => {
    const { r, warnings, doc } = await batchOn({ 'bot.md': '# Helper\n\nThe assistant uses GPT-4o to answer questions.\n' });
    expect(r.code).toBe(0);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/^aitm: warning: only 1 component\(s\) found/);
    expect(doc).toContain('> **Thin reading: check before you rely on this model.**');
    expect(doc).toContain('## What aitm read');
  });

  it('a system with no AI says so plainly instead of writing an empty model', async () => {
    const { r, warnings, doc } = await batchOn({
      'shop.md':
        '# Corner Shop\n\nAn online shop for a bakery.\n\n| Component | Role |\n|---|---|\n| Storefront | React web app customers order from |\n| Orders DB | PostgreSQL with orders and addresses |\n| Payments | Stripe API for card payments |\n',
    });
    expect(r.code).toBe(0);
    expect(warnings).toEqual(['aitm: warning: no AI or ML component found: the AI threat catalog does not apply to what the documents describe.']);
    expect(doc).toContain('> **No AI or ML component found.**');
    expect(doc).toMatch(/`orders-db` Orders DB/);
  });

  it('in a folder, the name and purpose come from the file that describes the system, not the first by name', async () => {
    const dir = join(FIXTURES, 'reading', 'b04-card-fraud');
    const files = Object.fromEntries(['data.md', 'overview.md', 'serving.md'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const { r, doc } = await batchOn(files);
    expect(r.code).toBe(0);
    expect(doc).toMatch(/^# Threat model: Northpay Vigil$/m);
    expect(doc).toMatch(/Vigil gives every card-not-present authorisation/);
  });
});
