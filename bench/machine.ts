// What the machine is and how busy it is; peak memory of this process.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  commit: string;
}

export function machine(): Machine {
  let commit = '?';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpuText(),
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    os: `${osType()} ${release()}`,
    commit,
  };
}

/** The CPU model, with family/model/clock and "virtual machine" from /proc/cpuinfo where it says so. */
function cpuText(): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? '?';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
    const extra = [
      field('cpu family') && `family ${field('cpu family')}`,
      field('model') && `model ${field('model')}`,
      field('cpu MHz') && `${(Number(field('cpu MHz')) / 1000).toFixed(1)} GHz`,
      / hypervisor( |$)/m.test(field('flags') ?? '') && 'virtual machine',
    ].filter(Boolean);
    return extra.length ? `${model} (${extra.join(', ')})` : model;
  } catch {
    return model;
  }
}

/** The 1-minute load average. */
export const loadAvgNow = (): number => loadavg()[0]!;

export interface MemoryPeak {
  /** process.resourceUsage().maxRSS: the resident-set high-water mark of the whole process, MiB. */
  maxRssMiB: number;
  /** The largest heapUsed seen when sampled (after each chunk of subjects), MiB. */
  heapUsedMiB: number;
  /** heapUsed after loading, before the first subject (MiB): what the code itself holds. */
  heapAtStartMiB: number;
}

export function memoryNow(): { sample(): void; peak(): MemoryPeak } {
  const mib = (b: number) => b / 2 ** 20;
  const start = process.memoryUsage().heapUsed;
  let heap = start;
  return {
    sample() {
      const h = process.memoryUsage().heapUsed;
      if (h > heap) heap = h;
    },
    peak: () => ({ maxRssMiB: process.resourceUsage().maxRSS / 1024, heapUsedMiB: mib(heap), heapAtStartMiB: mib(start) }),
  };
}
