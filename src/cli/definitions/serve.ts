import type { Command } from 'commander';

export function defineServe(serve: Command): void {
  serve
    .option('--port <port>', 'the port to listen on (0 for any free one)', '8080')
    .option('--host <address>', 'the address to listen on; 0.0.0.0 exposes the console to the network', '127.0.0.1')
    .action(async (flags: { port: string; host: string }) => (await import('../commands/serve.js')).serveConsole(flags));
}
