import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_ROOT_ENV, defaultDataDir } from '../../../cli/dataDirs.ts';

const dirs: string[] = [];
function cwd(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'council-datadirs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('one data-folder convention', () => {
  it('puts server, device and demo under ./council-data by default', () => {
    const here = cwd();
    expect(defaultDataDir('server', {}, here)).toEqual({ dir: path.join(here, 'council-data', 'server') });
    expect(defaultDataDir('device', {}, here)).toEqual({ dir: path.join(here, 'council-data', 'device') });
    expect(defaultDataDir('demo', {}, here)).toEqual({ dir: path.join(here, 'council-data', 'demo') });
  });

  it(`takes the root from $${DATA_ROOT_ENV}`, () => {
    const here = cwd();
    expect(defaultDataDir('server', { [DATA_ROOT_ENV]: '/srv/council' }, here).dir).toBe('/srv/council/server');
  });

  it('keeps using a folder an earlier version made, and says so', () => {
    const here = cwd();
    fs.mkdirSync(path.join(here, 'data'));
    fs.writeFileSync(path.join(here, 'data', 'council-server.sqlite'), '');
    fs.writeFileSync(path.join(here, 'council-data-placeholder'), '');
    const server = defaultDataDir('server', {}, here);
    expect(server.dir).toBe(path.join(here, 'data'));
    expect(server.note).toContain(path.join(here, 'data'));
    fs.mkdirSync(path.join(here, 'council-data'));
    fs.writeFileSync(path.join(here, 'council-data', 'vault.sqlite'), '');
    expect(defaultDataDir('device', {}, here).dir).toBe(path.join(here, 'council-data'));
  });

  it('prefers the new folder once it exists', () => {
    const here = cwd();
    fs.mkdirSync(path.join(here, 'data'));
    fs.writeFileSync(path.join(here, 'data', 'council-server.sqlite'), '');
    fs.mkdirSync(path.join(here, 'council-data', 'server'), { recursive: true });
    expect(defaultDataDir('server', {}, here)).toEqual({ dir: path.join(here, 'council-data', 'server') });
  });
});
