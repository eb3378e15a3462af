/**
 * A mock OpenAI-compatible Chat Completions server for the LLM benchmark (node:http only).
 *
 * It listens on 127.0.0.1 (random free port), waits a configurable latency before answering each
 * call, counts requests, records their sizes and timing, and answers valid JSON for the strict
 * `response_format.json_schema` it is sent:
 *   - "system_model": {purpose: null, components: [one cited component], flows: [], features: []},
 *     citing a real line of the numbered documents in the user message ("### file:" headers, "<n>| <text>" lines);
 *   - "misuse_cases": 1–2 threats on the first ids of the schema's `components` and `references`
 *     enums, with field lengths inside aitm's semantic bounds (so no repair round is needed);
 *   - any other schema: a generic value built from the schema (first enum values, nulls, empty lists).
 * Replies are deterministic for a given request (the cache benchmark depends on it).
 *
 * Bounded: at most `maxRequests` calls are answered (later ones get a 400 that aitm does not retry),
 * request bodies are capped, and the server closes itself after `lifetimeMs`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockOptions {
  /** Wait before answering each call, in ms. Can be changed later with setLatency(). */
  latencyMs?: number;
  /** Calls answered before the server refuses with 400 (default 500). */
  maxRequests?: number;
  /** The server closes itself after this long (default 180 s); the timer does not keep node alive. */
  lifetimeMs?: number;
  /** Largest request body accepted (default 8 MiB). */
  maxBodyBytes?: number;
}

export type RequestKind = 'extract' | 'brainstorm' | 'repair' | 'other';

export interface RecordedRequest {
  /** Sequence number since the last reset(). */
  seq: number;
  kind: RequestKind;
  schemaName: string | undefined;
  /** "Category: …" of a brainstorming call. */
  category: string | undefined;
  bodyChars: number;
  messageChars: number;
  schemaChars: number;
  promptTokens: number;
  completionTokens: number;
  status: number;
  /** performance.now() when the request body was complete, and when the reply was sent. */
  receivedAt: number;
  repliedAt: number;
  /** Requests in flight (this one included) when it arrived. */
  inFlightAtArrival: number;
  /** Chars of the `<system_model>` block of a brainstorming prompt (0 otherwise). */
  systemModelChars: number;
  /** Chars of the `<knowledge>` block of a brainstorming prompt (0 otherwise). */
  knowledgeChars: number;
}

export interface MockServer {
  /** Base URL for OPENAI_BASE_URL, e.g. http://127.0.0.1:41234/v1 */
  readonly baseURL: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Chat-completion requests answered since the last reset(). */
  readonly count: number;
  /** Every HTTP request since the last reset(), refused or unknown routes included. */
  readonly httpCalls: number;
  readonly promptTokens: number;
  readonly maxInFlight: number;
  setLatency(ms: number): void;
  /** Clears the records and counters (not the latency). */
  reset(): void;
  close(): Promise<void>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** ≈ 4 characters per token, as the brief for the benchmark says. */
export const tokensOf = (chars: number): number => Math.ceil(chars / 4);

function resolveRef(root: Schema, node: Schema): Schema {
  let n = node;
  for (let i = 0; i < 16 && typeof n.$ref === 'string'; i++) {
    const parts = n.$ref.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let cur: unknown = root;
    for (const p of parts) cur = isObj(cur) ? cur[p] : undefined;
    if (!isObj(cur)) break;
    n = cur;
  }
  return n;
}

/** Follows a path of property names (and `items` for arrays) through a schema, resolving $refs and nullable anyOf. */
function at(root: Schema, path: readonly string[]): Schema | undefined {
  let node: Schema | undefined = root;
  for (const key of path) {
    if (!node) return undefined;
    node = nonNull(root, resolveRef(root, node));
    if (key === '[]') node = isObj(node.items) ? node.items : undefined;
    else node = isObj(node.properties) && isObj(node.properties[key]) ? (node.properties[key] as Schema) : undefined;
  }
  return node ? nonNull(root, resolveRef(root, node)) : undefined;
}

/** The non-null branch of a nullable anyOf, else the node itself. */
function nonNull(root: Schema, node: Schema): Schema {
  if (Array.isArray(node.anyOf)) {
    const branch = node.anyOf.find((b) => isObj(b) && b.type !== 'null');
    if (isObj(branch)) return resolveRef(root, branch);
  }
  return node;
}

function enumOf(node: Schema | undefined): string[] {
  return node && Array.isArray(node.enum) ? node.enum.filter((x): x is string => typeof x === 'string') : [];
}

/** A minimal valid value for any schema in the portable strict subset. */
function generic(root: Schema, node: Schema, depth = 0): Json {
  const n = resolveRef(root, node);
  if (depth > 20) return null;
  if (n.const !== undefined) return n.const as Json;
  if (Array.isArray(n.enum) && n.enum.length > 0) return n.enum[0] as Json;
  if (Array.isArray(n.anyOf)) {
    if (n.anyOf.some((b) => isObj(b) && b.type === 'null')) return null;
    const first = n.anyOf.find(isObj);
    return first ? generic(root, first, depth + 1) : null;
  }
  const types = Array.isArray(n.type) ? n.type : [n.type];
  if (types.includes('null')) return null;
  if (types.includes('object') || isObj(n.properties)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(isObj(n.properties) ? n.properties : {})) out[k] = isObj(v) ? generic(root, v, depth + 1) : null;
    return out;
  }
  if (types.includes('array')) return [];
  if (types.includes('string')) return 'mock';
  if (types.includes('integer') || types.includes('number')) return 1;
  if (types.includes('boolean')) return false;
  return null;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  response_format?: unknown;
}

function messagesOf(body: ChatBody): Array<{ role: string; content: string }> {
  if (!Array.isArray(body.messages)) return [];
  return body.messages.filter(isObj).map((m) => ({
    role: typeof m.role === 'string' ? m.role : '',
    content: typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : '')).join('') : '',
  }));
}

function block(text: string, tag: string): string {
  const open = text.indexOf(`<${tag}>`);
  if (open < 0) return '';
  const close = text.indexOf(`</${tag}>`, open);
  return close < 0 ? '' : text.slice(open, close + tag.length + 3);
}

function systemModelAnswer(root: Schema, user: string): Json {
  const files = enumOf(at(root, ['components', '[]', 'evidence', '[]', 'file']));
  const kinds = enumOf(at(root, ['components', '[]', 'kind']));
  // A real, reasonably long line of a document aitm sent: "### file: <name>" headers, then "<n>| <text>" lines.
  let cite: { file: string; line: number; quote: string } | undefined;
  let file: string | undefined;
  for (const raw of user.split('\n')) {
    const header = /^### file: (.+)$/.exec(raw);
    if (header) {
      file = header[1]!.trim();
      continue;
    }
    const m = /^(\d+)\| (.*)$/.exec(raw);
    if (!m || file === undefined) continue;
    const text = m[2]!.trim();
    if (files.length > 0 && !files.includes(file)) continue;
    if (text.length < 24 || /^[#|`>-]/.test(text)) continue;
    cite = { file, line: Number(m[1]), quote: text.slice(0, 80).trim() };
    break;
  }
  const kind = kinds.includes('service') ? 'service' : (kinds[0] ?? 'service');
  return {
    purpose: null,
    components: cite ? [{ name: 'Mock audit service', kind, description: 'A component the mock model claims the document describes.', evidence: [cite] }] : [],
    flows: [],
    features: [],
  };
}

function misuseAnswer(root: Schema, user: string, seed: string): Json {
  const components = enumOf(at(root, ['threats', '[]', 'components', '[]']));
  const references = enumOf(at(root, ['threats', '[]', 'references', '[]']));
  if (components.length === 0 || references.length === 0) return { threats: [] };
  const category = /^Category: ([^—\n]+)/m.exec(user)?.[1]?.trim() ?? 'this category';
  const h = createHash('sha256').update(seed).digest();
  const n = 1 + (h[0]! % 2);
  // Wording and components differ per category and per threat, so aitm's meaning-level dedup keeps them apart.
  const verbs = ['coerce', 'exfiltrate', 'replay', 'smuggle', 'tamper with', 'enumerate', 'starve', 'impersonate'];
  const objects = ['order histories', 'refund approvals', 'retrieved passages', 'session transcripts', 'tool credentials', 'audit records', 'embedding vectors', 'escalation tickets'];
  const actions = [
    (v: string, o: string, c: string) => `${v} the ${o} handled by ${c} by planting crafted instructions in content it later processes`,
    (v: string, o: string, c: string) => `send a burst of oversized requests to ${c} so that it must ${v} ${o} far beyond its quota`,
    (v: string, o: string, c: string) => `forge the identity header that ${c} trusts and ${v} ${o} under another customer's name`,
    (v: string, o: string, c: string) => `chain two tool calls through ${c} to ${v} ${o} without any human approval step`,
    (v: string, o: string, c: string) => `hide a Markdown image link in a reply from ${c} that leaks ${o} to an external host (${v})`,
    (v: string, o: string, c: string) => `delete or rewrite log lines written by ${c} after they ${v} ${o}, leaving no trace`,
  ];
  const impacts = [
    (o: string) => `disclosure of ${o} belonging to other customers`,
    (o: string) => `financial loss from fraudulent ${o} approved automatically`,
    (o: string) => `an outage of the assistant while ${o} pile up unanswered`,
    (o: string) => `investigators unable to reconstruct who changed ${o}`,
    (o: string) => `privilege escalation from a customer to an operator over ${o}`,
    (o: string) => `wrong answers grounded on tampered ${o}, eroding trust`,
  ];
  const threats: Json[] = [];
  for (let i = 0; i < n; i++) {
    const verb = verbs[h[1 + i]! % verbs.length]!;
    const object = objects[h[3 + i]! % objects.length]!;
    const component = components[(h[9 + i]! + i) % components.length]!;
    const action = actions[(h[11 + i]! + i) % actions.length]!(verb, object, component);
    const impact = impacts[(h[13 + i]! + i) % impacts.length]!(object);
    threats.push({
      title: `${category}: ${verb} ${object} through ${component}`.slice(0, 150),
      components: [component],
      references: [references[0]!],
      surface: null,
      statement: {
        source: `A ${category.toLowerCase()} attacker variant ${i + 1} (mock ${h.toString('hex').slice(0, 6)})`,
        prerequisites: 'an ordinary customer account and access to the public chat widget',
        action,
        impact,
        assets: [object, 'customer trust'],
      },
      scenario: {
        misactor: 'A fraudster with a throwaway account',
        goal: `Obtain or alter ${object} without authorisation`,
        steps: [
          `Probe ${component} with benign questions to learn its behaviour`,
          `Prepare a payload that targets the ${object}`,
          `Trigger ${component} to act on the payload and collect the result`,
        ],
      },
      likelihood: 1 + (h[5 + i]! % 4),
      impact: 1 + (h[7 + i]! % 4),
      rationale: `The component is reachable from the public widget and handles ${object}, which raises both likelihood and impact.`,
      mitigations: [
        {
          title: `Constrain ${component} inputs`,
          description: `Validate and isolate untrusted content before ${component} acts on it, and require approval for sensitive actions.`,
          monitoring: { signal: `rate of blocked payloads at ${component}`, alert: 'more than 5 blocked payloads per hour from one account' },
        },
      ],
    });
  }
  return { threats };
}

function answerFor(schemaName: string | undefined, root: Schema | undefined, user: string, seed: string): Json {
  if (!root) return {};
  if (schemaName === 'system_model') return systemModelAnswer(root, user);
  if (schemaName === 'misuse_cases') return misuseAnswer(root, user, seed);
  return generic(root, root);
}

function kindOf(schemaName: string | undefined, system: string, user: string): RequestKind {
  if (/correct JSON that failed validation/i.test(system) || /<validation_problems>/.test(user)) return 'repair';
  if (schemaName === 'system_model') return 'extract';
  if (schemaName === 'misuse_cases') return 'brainstorm';
  return 'other';
}

/** Starts the mock on 127.0.0.1 at a free port. */
export async function startMockOpenAi(options: MockOptions = {}): Promise<MockServer> {
  let latencyMs = options.latencyMs ?? 0;
  const maxRequests = options.maxRequests ?? 500;
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const records: RecordedRequest[] = [];
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let served = 0;
  let httpCalls = 0;
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string) =>
    send(res, status, { error: { message, type: 'invalid_request_error', param: null, code: null } });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    httpCalls++;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      const receivedAt = performance.now();
      const path = (req.url ?? '').split('?')[0]!;
      if (req.method !== 'POST' || !path.endsWith('/chat/completions')) return error(res, 404, `mock: no route ${req.method} ${path}`);
      if (tooBig) return error(res, 413, 'mock: request body too large');
      if (served >= maxRequests) return error(res, 400, `mock: request limit (${maxRequests}) reached`);
      served++;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: ChatBody;
      try {
        body = JSON.parse(text) as ChatBody;
      } catch {
        return error(res, 400, 'mock: the body is not JSON');
      }
      const messages = messagesOf(body);
      const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
      const user = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
      const rf = isObj(body.response_format) ? body.response_format : {};
      const js = isObj(rf.json_schema) ? rf.json_schema : {};
      const schemaName = typeof js.name === 'string' ? js.name : undefined;
      const schema = isObj(js.schema) ? js.schema : undefined;
      const kind = kindOf(schemaName, system, user);
      const value = answerFor(schemaName, schema, user, `${schemaName}\n${user}`);
      const content = JSON.stringify(value);
      const promptTokens = tokensOf(text.length);
      const completionTokens = tokensOf(content.length);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const record: RecordedRequest = {
        seq: ++seq,
        kind,
        schemaName,
        category: /^Category: ([^—\n]+)/m.exec(user)?.[1]?.trim(),
        bodyChars: text.length,
        messageChars: messages.reduce((a, m) => a + m.content.length, 0),
        schemaChars: schema ? JSON.stringify(schema).length : 0,
        promptTokens,
        completionTokens,
        status: 200,
        receivedAt,
        repliedAt: Number.NaN,
        inFlightAtArrival: inFlight,
        systemModelChars: block(user, 'system_model').length,
        knowledgeChars: block(user, 'knowledge').length,
      };
      records.push(record);
      const reply = {
        id: `chatcmpl-mock-${record.seq}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: typeof body.model === 'string' ? body.model : 'mock',
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      };
      const timer = setTimeout(() => {
        timers.delete(timer);
        inFlight--;
        record.repliedAt = performance.now();
        if (!res.destroyed) send(res, 200, reply);
      }, latencyMs);
      timers.add(timer);
      // A client that gives up (timeout, abort) frees its slot at once.
      res.on('close', () => {
        if (timers.delete(timer)) {
          clearTimeout(timer);
          inFlight--;
          record.status = 499;
        }
      });
    });
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolveClose) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolveClose());
      server.closeAllConnections();
    });
    return closed;
  };
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 180_000);
  lifetime.unref();
  server.on('close', () => clearTimeout(lifetime));

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return records;
    },
    get count() {
      return records.length;
    },
    get httpCalls() {
      return httpCalls;
    },
    get promptTokens() {
      return records.reduce((a, r) => a + r.promptTokens, 0);
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setLatency(ms: number) {
      latencyMs = Math.max(0, ms);
    },
    reset() {
      records.length = 0;
      seq = 0;
      httpCalls = 0;
      maxInFlight = inFlight;
    },
    close,
  };
}
