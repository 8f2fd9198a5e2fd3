/** The sample batch of the embedded hub's three documents (examples/hub), as a plan file's text. */
export function batchPlanYaml(source: 'embedded' | string = 'embedded'): string {
  return `# yaml-language-server: $schema=../schemas/plan.schema.json
version: 1
mode: dryrun
source: ${source}
cut:
  profile: vn-legal
  unit: clause
documents:
  - document: KB-6839
    prefix: ICX-CONST
  - document: KB-6840
    prefix: ICX-GOV
  - document: KB-6841
    prefix: ICX-SEC
    cut:
      profile: markdown
`;
}

/** The run id in the approve command that apply prints. */
export const runIdOf = (stdout: string): string => /cutter resume (\S+) --approval KB-NNNN/u.exec(stdout)![1]!;
