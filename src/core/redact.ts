import type { SourceDocument } from './read/source.js';
import type { Finding } from './threat.js';

/**
 * Secrets that must never leave the machine: not to a model provider, not into a committed threat
 * model. Each pattern names what it found; the secret itself is replaced by `[REDACTED:<kind>]`.
 */
const SECRET_PATTERNS: Array<{ kind: string; pattern: RegExp }> = [
  { kind: 'private-key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g },
  { kind: 'openai-key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'aws-access-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\b/g },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g },
  { kind: 'connection-string', pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"`]+:[^\s@'"`]{3,}@[^\s'"`]+/gi },
  {
    kind: 'password',
    pattern: /\b(pass(?:word|wd)?|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|auth[_-]?token|token)(["']?\s*[:=]\s*["']?)([^\s"'`,;]{6,})/gi,
  },
];

export interface Redaction {
  docs: SourceDocument[];
  findings: Finding[];
  count: number;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Replaces secrets in every document, and reports where (never what) they were. */
export function redactSecrets(docs: readonly SourceDocument[]): Redaction {
  const findings: Finding[] = [];
  let count = 0;
  const out = docs.map((doc) => {
    let text = doc.text;
    for (const { kind, pattern } of SECRET_PATTERNS) {
      text = text.replace(pattern, (...args: unknown[]) => {
        const match = args[0] as string;
        const offset = args.at(-2) as number;
        const whole = args.at(-1) as string;
        // A placeholder ("password: <your password>", "token: ${TOKEN}") is not a secret.
        const value = kind === 'password' ? (args[3] as string) : match;
        if (/^(\$\{?|<|\{\{|%|\*+$|x{4,}|\.{3}|changeme|example|placeholder|redacted|\[REDACTED)/i.test(value)) return match;
        if (kind === 'password' && !/[0-9]/.test(value) && !/[A-Z]/.test(value) && value.length < 12) return match;
        count++;
        findings.push({
          kind: 'secret-redacted',
          message: `a ${kind.replace(/-/g, ' ')} was redacted before processing; rotate it if the document was ever shared`,
          evidence: [{ file: doc.file, line: lineOf(whole, offset), quote: `[REDACTED:${kind}]` }],
        });
        return kind === 'password' ? `${args[1] as string}${args[2] as string}[REDACTED:${kind}]` : `[REDACTED:${kind}]`;
      });
    }
    return { file: doc.file, text };
  });
  return { docs: out, findings, count };
}

const INSTRUCTION_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget|override)\b[^.\n]{0,30}\b(previous|prior|above|earlier|all|your|the system)\b[^.\n]{0,20}\b(instructions?|prompts?|rules?|directions?)/i,
  /\byou are now\b|\bfrom now on,? you\b|\bact as (?:an? )?(?:unrestricted|jailbroken|DAN)\b/i,
  /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>/i,
  /^\s*(system|assistant)\s*:\s*(you|ignore|from now|always|never|disregard)\b/im,
  /\b(do not|don't|never) (tell|reveal to|inform) the (user|human|reviewer)\b/i,
  /\b(new|updated|real) (system )?instructions?\s*:/i,
  /\bthreat model\b[^.\n]{0,40}\b(should|must)\b[^.\n]{0,40}\b(say|report|conclude|contain) (no|zero|nothing)/i,
];

/**
 * Text in a document that reads like instructions to a model. It is reported as a finding and,
 * like all document text, passed to the model only as delimited data: never obeyed.
 */
export function findInstructionLikeText(docs: readonly SourceDocument[]): Finding[] {
  const findings: Finding[] = [];
  for (const doc of docs) {
    const lines = doc.text.split('\n');
    lines.forEach((line, i) => {
      if (!INSTRUCTION_PATTERNS.some((p) => p.test(line))) return;
      const quote = line.trim().slice(0, 200).trim();
      findings.push({
        kind: 'instruction-like-text',
        message: 'instruction-like text in an architecture document; treated as data and never obeyed — check whether the document was tampered with, and whether the product itself ingests such text',
        evidence: [{ file: doc.file, line: i + 1, quote }],
      });
    });
  }
  return findings;
}
