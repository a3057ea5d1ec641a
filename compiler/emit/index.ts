// Compiling a policy to code: a standalone TypeScript evaluator and the JSON
// Schema of its inputs. `policy build` (compiler/cli/build.ts) writes both.
export { emitTypeScript, runtimeSource, type EmitOptions } from './typescript.ts';
export { emitSchema } from './schema.ts';
