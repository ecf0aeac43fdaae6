// Runs the cases of a Sekisho case file (JSON, plain cases: docs/casefile.md)
// through @cloud-copilot/iam-simulate, the version package.json pins, and
// compares each decision with the case's "expect". It is the other side of
// the comparison in README.md, "Speed": it does what `sekisho test --verbose`
// does with the same file (read it, read the policy files it names once,
// decide every case, print a line per case and the count), so that the two
// whole processes can be timed against each other.
//
//   npm ci                 # in this directory, once
//   node harness.mjs CASES.json
//
// Output: a line per case, "ok   NAME: DECISION" when iam-simulate's decision
// is the expected one, "DIFF NAME: expected X, iam-simulate Y" when it is
// not, "ERR  NAME: MESSAGE" when iam-simulate refused the simulation; then
// "N passed, N failed". Exit 0 when every case agrees, 1 when one does not,
// 2 when the file cannot be read or holds something this harness does not
// map (a model case, a YAML file, several session policies).

import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate'

// iam-simulate's overall results, as Sekisho's decisions are written.
const decisions = {
  Allowed: 'Allow',
  ImplicitlyDenied: 'ImplicitDeny',
  ExplicitlyDenied: 'ExplicitDeny'
}

class Unmapped extends Error {}

async function main(argv) {
  if (argv.length !== 1 || !argv[0].endsWith('.json')) {
    throw new Unmapped('usage: node harness.mjs CASES.json (a JSON case file)')
  }
  const file = argv[0]
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  return run(Array.isArray(doc) ? doc : [doc], dirname(file))
}

async function run(cases, dir) {
  const files = new Map() // policy files by path, read once as Sekisho does
  const policyDoc = (p) => {
    if (typeof p !== 'string') return p
    const path = resolve(dir, p)
    if (!files.has(path)) files.set(path, JSON.parse(readFileSync(path, 'utf8')))
    return files.get(path)
  }
  const out = []
  let passed = 0
  let failed = 0
  for (const c of cases) {
    if (c.expect === undefined) continue // sekisho test runs only cases with expect
    const res = await runSimulation(simulation(c, policyDoc), {})
    let line
    if (res.resultType === 'error') {
      line = `ERR  ${c.name}: ${res.errors.message}`
    } else {
      const got = decisions[res.overallResult] ?? res.overallResult
      line = got === c.expect ? `ok   ${c.name}: ${got}` : `DIFF ${c.name}: expected ${c.expect}, iam-simulate ${got}`
    }
    if (line.startsWith('ok')) passed++
    else failed++
    out.push(line)
  }
  out.push(`${passed} passed, ${failed} failed`, '')
  process.stdout.write(out.join('\n'))
  return failed === 0 ? 0 : 1
}

// simulation maps one case onto iam-simulate's Simulation.
function simulation(c, policyDoc) {
  if (c.model !== undefined) throw new Unmapped(`case ${c.name}: model cases are not mapped`)
  const req = c.request ?? {}
  const pols = c.policies ?? {}
  const named = (kind) => (p, i) => ({ name: `${kind}-${i}`, policy: policyDoc(p) })
  const levels = (kind, lv) => (lv ?? []).map((level, i) => ({ orgIdentifier: `${kind}-level-${i}`, policies: level.map(named(kind)) }))
  const session = pols.session ?? []
  if (session.length > 1) throw new Unmapped(`case ${c.name}: iam-simulate takes one session policy`)
  const principal = req.principal ?? anonymousPrincipal
  const sim = {
    request: {
      principal,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount(req) },
      contextVariables: context(req.context ?? {})
    },
    identityPolicies: (pols.identity ?? []).map(named('identity')),
    serviceControlPolicies: levels('scp', pols.scp),
    resourceControlPolicies: levels('rcp', pols.rcp),
    permissionBoundaryPolicies: (pols.boundary ?? []).map(named('boundary')),
    vpcEndpointPolicies: pols.vpcEndpoint ? [named('vpce')(pols.vpcEndpoint, 0)] : []
  }
  if (pols.resource) sim.resourcePolicy = policyDoc(pols.resource)
  if (session.length === 1) sim.sessionPolicy = policyDoc(session[0])
  return sim
}

// resourceAccount is the owner of the resource as a Sekisho case file gives
// it (docs/casefile.md): resourceAccount, else the principal's account, else
// the account in the resource ARN.
function resourceAccount(req) {
  if (req.resourceAccount !== undefined) return String(req.resourceAccount)
  const account = (a) => (typeof a === 'string' ? (a.split(':')[4] ?? '') : '')
  if (/^\d{12}$/.test(account(req.principal))) return account(req.principal)
  return account(req.resource)
}

// context writes scalars (numbers, booleans) as text and keeps lists as lists.
function context(ctx) {
  const out = {}
  for (const [k, v] of Object.entries(ctx)) out[k] = Array.isArray(v) ? v.map(String) : String(v)
  return out
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (err) => {
    process.stderr.write(`${err instanceof Unmapped ? '' : 'harness: '}${err.message}\n`)
    process.exitCode = 2
  }
)
