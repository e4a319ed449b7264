import type { Command } from 'commander';
import { ROLES } from '../../domain/access.js';

const actions = () => import('../commands/access.js');

export function defineTokens(tokens: Command): void {
  tokens
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'what the token is for (the audit trail names it)', 'api')
    .action(async (flags: { role: string; name: string }) => (await actions()).createToken(flags));
  tokens
    .command('list')
    .option('--json', 'print JSON')
    .description('API tokens: names, roles, last use (never the tokens)')
    .action(async (flags: { json?: boolean }) => (await actions()).listTokens(flags));
  tokens
    .command('revoke <token>')
    .description('revoke a token by id or name; its sessions end')
    .action(async (id: string) => (await actions()).revokeToken(id));
}

export function defineUsers(users: Command): void {
  users
    .command('add <name>')
    .description('add a console user; the password comes from stdin or UNSHADOW_PASSWORD, at least 12 characters')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (name: string, flags: { role: string }) => (await actions()).addConsoleUser(name, flags));
  users
    .command('list')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await actions()).listConsoleUsers(flags));
  users
    .command('remove <name>')
    .description('remove a user and end their sessions')
    .action(async (name: string) => (await actions()).removeConsoleUser(name));
}
