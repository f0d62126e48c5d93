/** One Dockerfile instruction with its continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly stage: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    if (pending === '' && /^\s*(#|$)/.test(raw)) continue;
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    if (full === '' || full.startsWith('#')) continue;
    const space = full.search(/\s/);
    const keyword = (space < 0 ? full : full.slice(0, space)).toUpperCase();
    if (keyword === 'FROM') stage += 1;
    instructions.push({ keyword, args: space < 0 ? '' : full.slice(space + 1).trim(), stage });
  }
  return instructions;
}

/** Exec form: a JSON array of strings. Anything else runs through /bin/sh -c, which the image lacks. */
export function isExecForm(args: string): boolean {
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.length > 0 && parsed.every((a) => typeof a === 'string');
  } catch {
    return false;
  }
}

/** What the image promises; returns the broken promises (empty when all hold). */
export function checkDockerfile(text: string): string[] {
  const all = parseDockerfile(text);
  const last = Math.max(...all.map((i) => i.stage));
  const final = all.filter((i) => i.stage === last);
  const build = all.filter((i) => i.stage < last);
  const problems: string[] = [];
  const from = final[0];
  if (from?.keyword !== 'FROM' || from.args !== 'gcr.io/distroless/cc-debian12:nonroot') problems.push(`final stage must be FROM gcr.io/distroless/cc-debian12:nonroot, is ${from?.args}`);
  if (last < 1) problems.push('must be multi-stage: a build stage and the distroless final stage');
  if (!build.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))) problems.push('the build stage must run npm ci');
  if (!build.some((i) => i.keyword === 'RUN' && /\bnpm run build\b/.test(i.args))) problems.push('the build stage must run npm run build');
  const users = final.filter((i) => i.keyword === 'USER');
  if (users.length === 0 || !/^65532(:65532)?$/.test(users.at(-1)!.args)) problems.push(`the final stage must end as USER 65532, is ${users.at(-1)?.args ?? 'unset (root)'}`);
  for (const i of final) {
    if (i.keyword === 'RUN') problems.push(`RUN in the final stage (no shell there): RUN ${i.args}`);
    if (i.keyword === 'SHELL') problems.push('SHELL in the final stage');
    if ((i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') && !isExecForm(i.args)) problems.push(`${i.keyword} must be exec form (a JSON array): ${i.args}`);
    if (i.keyword === 'HEALTHCHECK') {
      const cmd = /\bCMD\s+(.*)$/.exec(i.args)?.[1];
      if (cmd === undefined || !isExecForm(cmd) || !JSON.parse(cmd).includes('healthcheck')) problems.push(`HEALTHCHECK must be CMD [..., "healthcheck"] in exec form: ${i.args}`);
    }
    if (i.keyword === 'COPY' && !/--from=/.test(i.args)) problems.push(`the final stage copies only from the build stage: COPY ${i.args}`);
  }
  const entrypoint = final.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  if (entrypoint === undefined) problems.push('the final stage needs an ENTRYPOINT');
  if (!final.some((i) => i.keyword === 'HEALTHCHECK')) problems.push('the final stage needs a HEALTHCHECK');
  if (!final.some((i) => i.keyword === 'COPY' && /--chown=65532:65532/.test(i.args) && /kalguard-sidecar/.test(i.args))) problems.push('the audit directory must be copied --chown=65532:65532');
  return problems;
}
