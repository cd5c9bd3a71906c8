/** Small documents that attack the loader, shared by the unit and the bounded CLI tests. */

/** The classic "billion laughs": 9 levels of 10 aliases, a few hundred bytes. */
export function aliasBomb(levels = 9): string {
  const lines = ['x-0: &a0 [l,l,l,l,l,l,l,l,l,l]'];
  for (let n = 1; n <= levels; n++) lines.push(`x-${n}: &${n} [${Array(10).fill(n === 1 ? '*a0' : `*${n - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nname: bomb\ncontainers:\n  a: { image: busybox }\n`;
}

/** A recipe with `keys` extension keys and one unset variable (a warning: the exact reader runs). */
export function manyKeysWithWarning(keys: number): string {
  const lines = ['name: big', 'x-big:'];
  for (let i = 0; i < keys; i++) lines.push(`  k${i}: v${i}`);
  return `${lines.join('\n')}\ncontainers:\n  a:\n    image: busybox\n    environment: { A: "\${UNSET_16}" }\n`;
}
