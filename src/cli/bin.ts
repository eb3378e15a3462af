import { EXIT } from '../core/errors.js';
import { main } from './main.js';

// A closed pipe (`aitm kb list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

// LangChain sends every prompt (the user's architecture docs) to a tracing service when these are
// set. aitm never does that unless the user says so explicitly.
if (process.env.AITM_ALLOW_TRACING !== '1') {
  for (const name of Object.keys(process.env)) if (/^(LANGSMITH|LANGCHAIN)_/.test(name)) delete process.env[name];
}

process.exitCode = await main(process.argv);
