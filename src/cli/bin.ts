import { EXIT } from '../core/errors.js';
import { main } from './main.js';

// A closed pipe (`aitm kb list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

process.exitCode = await main(process.argv);
