import '../v8-flags.js';
import { main } from './program.js';
import { guardStdout } from './terminal.js';

guardStdout();

// A reader that stops early (`unshadow demo | head`) closes the pipe: that ends the output,
// not in a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv);
