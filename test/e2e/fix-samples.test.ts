/**
 * The promise of ngxlint, end to end: for every broken sample, real nginx plus real WebSocket
 * traffic fails before the fix (or `nginx -t` rejects the config); the real CLI's `--fix` rewrites
 * the file; afterwards `nginx -t` passes and two messages 1.5 s apart both come back through
 * nginx — with every header the backend used to receive (X-Real-IP, Host) still arriving.
 * A second `--fix` changes nothing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { BROKEN_SAMPLES, CORRECT_SAMPLES, expectBroken, expectWebSocketWorks, readSample, stopAllNginx } from './support';

jest.setTimeout(120_000);
afterAll(() => stopAllNginx());

function fixWithCli(file: string): { dir: string; fixedPath: string; run: ReturnType<typeof runCli> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ngxlint-e2e-fix-'));
  const fixedPath = path.join(dir, file);
  fs.copyFileSync(path.join(__dirname, '..', '..', 'samples', file), fixedPath);
  const run = runCli(['--fix', file], { cwd: dir });
  return { dir, fixedPath, run };
}

describe.each(BROKEN_SAMPLES.map((s) => [s.file, s] as const))('%s', (file, sample) => {
  test('broken before, working after the real --fix', async () => {
    await expectBroken(readSample(file), sample.expect, { nginxError: sample.nginxError });

    const { dir, fixedPath, run } = fixWithCli(file);
    try {
      expect(run.stderr).toBe('');
      // Everything --fix could fix is fixed: what is left (if anything) is not an error.
      expect(run.stdout).not.toMatch(/\berror\b/);
      const fixed = fs.readFileSync(fixedPath, 'utf8');
      expect(fixed).not.toBe(readSample(file));
      await expectWebSocketWorks(fixed, { mustReachBackend: sample.mustReachBackend });

      const again = runCli(['--fix', file], { cwd: dir });
      expect(fs.readFileSync(fixedPath, 'utf8')).toBe(fixed);
      expect(again.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(CORRECT_SAMPLES.map((s) => [s.file] as const))('%s', (file) => {
  // samples/README.md: "ngxlint must not report anything in them" — no error, no warning, no note.
  test('a correct config gets no finding at all, and --fix leaves it alone', () => {
    const lint = runCli([path.join('samples', file)]);
    expect({ status: lint.status, stdout: lint.stdout, stderr: lint.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    const json = runCli(['--format', 'json', path.join('samples', file)]);
    expect((JSON.parse(json.stdout) as Array<{ messages: unknown[] }>).flatMap((r) => r.messages)).toEqual([]);

    const { dir, fixedPath, run } = fixWithCli(file);
    try {
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
      expect(fs.readFileSync(fixedPath, 'utf8')).toBe(readSample(file));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
