// The disk host: how the CLI reads the files a policy imports (`引用 “…”；`).
// The compiler itself never touches the file system.
import { readFileSync } from 'node:fs';
import type { CompilerHost } from '../program.ts';

export const diskHost: CompilerHost = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};
