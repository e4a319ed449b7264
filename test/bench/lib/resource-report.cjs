// Preloaded (--require) into each benchmarked process: at exit, its own CPU time and peak RSS as
// JSON on file descriptor 3, which the benchmark reads. CommonJS, so the baseline `node -e 0`
// pays no module loader it would not otherwise start.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(3, JSON.stringify({ cpuUs: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS }));
});
