import { Command, CommanderError, Option } from 'commander';
import { AitmError, EXIT, formatError } from '../core/errors.js';
import { VERSION } from './version.js';

/**
 * The composition root: parses argv, then lazily imports the command that runs, so `--help`
 * and `--version` load nothing heavy and batch mode never loads ink.
 */
function buildProgram(): Command {
  const program = new Command('aitm')
    .description('Threat-model AI-driven products: STRIDE + AI surfaces, from architecture docs or an interview.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('  Run "aitm --help" (or "aitm <command> --help") for usage.')
    .configureOutput({ outputError: (text, write) => write(`aitm: ${text.replace(/^error: /, '')}`) })
    .configureHelp({ sortSubcommands: false })
    .exitOverride();

  program
    .command('batch')
    .description('Read architecture docs (Markdown, text, Mermaid, system.yaml/.json) and write a threat model.')
    .argument('<paths...>', 'files, folders or globs; all of them merge into one system')
    .option('-o, --output <file>', 'Markdown threat model to write', 'THREAT_MODEL.md')
    .option('--json <file>', 'also write the threat model as JSON ("-" for stdout)')
    .option('--offline', 'use the knowledge base rules only, even when an API key is set')
    .option('--model <name>', 'model for LLM brainstorming (default: gpt-4o-mini, or AITM_MODEL, or the config file)')
    .option('--temperature <t>', 'sampling temperature, 0 to 2 (default 0.2)')
    .option('--concurrency <n>', 'LLM calls in flight at once (default 6)')
    .option('--max-calls <n>', 'stop after this many LLM calls; the document is marked partial')
    .option('--max-tokens <n>', 'stop once this many tokens are spent; the document is marked partial')
    .option('--no-cache', 'ignore the on-disk response cache')
    .option('--dry-run', 'print exactly what would be sent to the model, with token estimates; send and write nothing')
    .option('--config <file>', 'config file (default: aitm.config.json or aitm.config.yaml in the working directory)')
    .option('--date <yyyy-mm-dd>', 'date written into the document (default: SOURCE_DATE_EPOCH or today)')
    .option('--name <name>', 'system name (default: the first document title)')
    .option('--force', 'overwrite an output file that aitm did not write, or that was edited by hand')
    .option('--triage <file>', `human decisions to apply (default: ${'aitm-triage.yaml'} next to the output)`)
    .option('--kb <dir>', 'knowledge base folder (default: the one shipped with aitm)')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      `
Examples:
  aitm batch docs/architecture.md
  aitm batch docs/ 'design/**/*.md' -o THREAT_MODEL.md --json threat-model.json
  aitm batch system.yaml --date 2026-01-31
  OPENAI_API_KEY=… aitm batch docs/ --model gpt-4o-mini
  OPENAI_BASE_URL=http://localhost:11434/v1 aitm batch docs/ --model llama3.1
  aitm batch docs/ --dry-run              # what would leave the machine; sends nothing

Exit codes: 0 ok, 1 internal error, 2 usage error, 3 bad input, 4 LLM provider error, 130 cancelled.`,
    )
    .action(async (paths: string[], options) => {
      const { runBatch } = await import('./batch.js');
      await runBatch(paths, options);
    });

  const kb = program.command('kb').description('Search, show, list and lint the knowledge base.');
  const kbOption = () => new Option('--kb <dir>', 'knowledge base folder (default: the one shipped with aitm)');

  kb.command('search')
    .description('Full-text (BM25) search over the knowledge base.')
    .argument('<query>', 'words to search for, e.g. "vector index poisoning"')
    .option('-n, --limit <n>', 'maximum number of results', '10')
    .option('--json', 'print JSON')
    .addOption(kbOption())
    .action(async (query: string, options) => {
      const { kbSearch } = await import('./kb.js');
      kbSearch(query, options);
    });

  kb.command('show')
    .description('Show one knowledge entry in full.')
    .argument('<id>', 'entry id, e.g. indirect-prompt-injection')
    .option('--json', 'print JSON')
    .addOption(kbOption())
    .action(async (id: string, options) => {
      const { kbShow } = await import('./kb.js');
      kbShow(id, options);
    });

  kb.command('list')
    .description('List knowledge entries, optionally filtered.')
    .option('--category <category>', 'STRIDE-AI category, e.g. elevation-of-privilege')
    .option('--surface <surface>', 'AI surface, e.g. prompt-injection')
    .option('--json', 'print JSON')
    .addOption(kbOption())
    .action(async (options) => {
      const { kbList } = await import('./kb.js');
      kbList(options);
    });

  kb.command('lint')
    .description('Validate every entry: schema, ids, references, conditions, mitigations, coverage.')
    .option('--json', 'print JSON')
    .addOption(kbOption())
    .action(async (options) => {
      const { kbLint } = await import('./kb.js');
      kbLint(options);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too; commander has already printed them.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
        return EXIT.ok;
      return EXIT.usage;
    }
    if (error instanceof AitmError) {
      process.stderr.write(`${formatError(error)}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `aitm: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` +
        '  This is a bug in aitm; please report it with the command you ran.\n',
    );
    return EXIT.internal;
  }
}
