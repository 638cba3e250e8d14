'use strict';
// Command line of `npm run bench [-- --smoke] [-- --only a,b] [-- --repeat N]`.

function parseArgs(argv) {
  const opts = { smoke: false, only: [], repeat: undefined, json: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--smoke') opts.smoke = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a.startsWith('--only')) opts.only.push(...value().split(',').filter(Boolean));
    else if (a.startsWith('--repeat')) {
      opts.repeat = Number(value());
      if (!Number.isInteger(opts.repeat) || opts.repeat < 1)
        throw new Error('--repeat must be >= 1');
    } else if (a.startsWith('--json')) opts.json = value();
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const USAGE = `usage: npm run bench -- [--smoke] [--only name[,name]] [--repeat N] [--json file]
  --smoke   tiny sizes, one repetition (CI)
  --only    run only these scenarios (see bench/README.md)
  --repeat  repetitions per contender (default 5, smoke 1)
  --json    results file (default bench/results/latest.json)`;

module.exports = { parseArgs, USAGE };
