/**
 * The Directory API double of the google-tokens benchmark in a process of its own, so that the
 * connector under test does not share its event loop (and its CPU) with the double it measures
 * against. Started by `startDirectoryChild`; talks over the IPC channel: sends `{ ready }` once
 * listening, answers `stats` with `{ stats }`, and `close` by closing and exiting.
 */
import { type DirectoryServer, startDirectoryServer } from './google-directory-server.js';

const [users, quota, random429] = process.argv.slice(2).map(Number);
const server: DirectoryServer = await startDirectoryServer(users!, quota!, { random429: random429! });
const send = (message: unknown) => process.send!(message);
send({ ready: { url: server.url, users: server.users, expectedTokens: server.expectedTokens, suspendedTokens: server.suspendedTokens } });
process.on('message', async (message) => {
  if (message === 'stats') send({ stats: server.stats });
  if (message === 'close') {
    await server.close();
    process.disconnect();
  }
});
