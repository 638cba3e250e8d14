import { loadYaml11Located } from '@zuul-ts/templating';

/** A YAML document plus the 1-based line of every mapping/sequence in it (for errors). */
export interface LocatedYaml {
  file: string;
  value: unknown;
  lineOf(node: object): number | undefined;
  /** Line of `key:` inside the mapping `node` (falls back to the mapping's line). */
  keyLine(node: object, key: string): number | undefined;
}

/** Parses YAML as Ansible does (YAML 1.1), recording where each collection starts. */
export function loadLocatedYaml(text: string, file: string): LocatedYaml {
  const { value, lines } = loadYaml11Located(text);
  const source = text.split('\n');
  return {
    file,
    value,
    lineOf: (node) => lines.get(node),
    keyLine(node, key) {
      const start = lines.get(node);
      if (start === undefined) return undefined;
      const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // `key:` starting a line first, then inside an inline flow mapping (`{pause: 1}`).
      const patterns = [
        new RegExp(`^\\s*(-\\s+)?["']?${k}["']?\\s*:`),
        new RegExp(`[{,]\\s*["']?${k}["']?\\s*:`),
      ];
      for (const re of patterns) {
        for (let i = start - 1; i < source.length; i++) if (re.test(source[i])) return i + 1;
      }
      return start;
    },
  };
}
