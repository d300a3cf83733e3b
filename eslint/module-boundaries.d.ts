export function boundaryViolation(file: string, target: string): string | null;
declare const plugin: { rules: Record<string, unknown> };
export default plugin;
