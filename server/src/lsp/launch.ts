import * as path from 'node:path';
import { requireWithCodeCache } from './codeCache';

// The server's entry (dist/server.js): runs the bootstrap (main.ts, dist/server-boot.js) from V8's
// code cache, which starts it faster than compiling it anew, and caches it once it has started.
const boot = requireWithCodeCache(path.join(__dirname, 'server-boot.js'));
void (boot.exports as typeof import('./main.js')).started.then(boot.saveCache);
