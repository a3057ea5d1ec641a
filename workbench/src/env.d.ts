// Modules the workbench build provides (workbench/build.ts).
declare module 'virtual:shipped-policies' {
  const policies: { name: string; text: string }[];
  export default policies;
}
