/**
 * A small deterministic history for tests that need volume: organisations, groups and
 * memberships, each development valid in file order.
 */
export function syntheticHistory(organisations: number, groups: number, membersPerGroup: number): Record<string, unknown>[] {
  const developments: Record<string, unknown>[] = [];
  for (let o = 0; o < organisations; o += 1) {
    developments.push({ type: 'OrganisationRegistered', organisationId: `org-${o}`, name: `Organisation ${o}`, foundedOn: `${1950 + (o % 50)}` });
  }
  for (let g = 0; g < groups; g += 1) {
    developments.push({ type: 'GroupFormed', groupId: `group-${g}`, name: `Group ${g}`, kind: 'network', formedOn: `${2000 + (g % 10)}` });
    for (let m = 0; m < membersPerGroup; m += 1) {
      developments.push({ type: 'MemberJoined', groupId: `group-${g}`, organisationId: `org-${(g * 7 + m) % organisations}`, on: `${2010 + (m % 10)}-0${1 + (m % 9)}` });
    }
  }
  return developments;
}

export function toNdjson(developments: readonly unknown[]): string {
  return developments.map((d) => JSON.stringify(d)).join('\n') + '\n';
}
