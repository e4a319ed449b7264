import type { Command } from 'commander';
import type { DemoFlags } from '../commands/demo.js';

export function defineDemo(demo: Command): void {
  demo
    .option('--json', 'print the inventory as JSON')
    .option('--serve', 'then serve the web console for the demo organisation until Ctrl-C')
    .option('--port <port>', 'with --serve: the port (0 for any free one)', '8080')
    .action(async (flags: DemoFlags) => (await import('../commands/demo.js')).demo(flags));
}
