/* global test */
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');

test('starts a process and leaves it running when LEAK=1', async () => {
  const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  child.unref();
  writeFileSync(process.env.LEAK_PID_FILE, String(child.pid));
  if (process.env.LEAK !== '1') {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  }
});
