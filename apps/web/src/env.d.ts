/// <reference types="vite/client" />
declare module '@rule-set-schema' {
  const schema: Record<string, unknown>;
  export default schema;
}
