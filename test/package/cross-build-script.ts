/**
 * Loads the ESM and the CommonJS build into one process, as an app does when one of its
 * dependencies imports the package and another requires it, and checks `instanceof` both ways for
 * every error class the package exports (so classes added later are covered without a new test).
 */
export const crossBuildScript = `
import { createRequire } from 'node:module';
const esm = await import('sendoso-element');
const cjs = createRequire(process.cwd() + '/')('sendoso-element');
const make = (C) => {
  for (const args of [['x', [], 'x', 1], [{ status: 404, type: 'created', objectId: '1', resource: 'r', id: 'i' }, 'x', 1, 'x'], ['x']]) {
    try { return new C(...args); } catch {}
  }
  throw new Error('cannot construct ' + C.name);
};
const names = Object.keys(esm).filter((k) => typeof esm[k] === 'function' && (esm[k] === esm.SendosoError || esm[k].prototype instanceof esm.SendosoError));
const problems = [];
for (const name of names) {
  if (esm[name] === cjs[name]) problems.push(name + ': both builds export the same class, so nothing is tested');
  for (const [from, to, label] of [[esm, cjs, 'esm→cjs'], [cjs, esm, 'cjs→esm']]) {
    const error = make(from[name]);
    if (!(error instanceof to[name])) problems.push(label + ' ' + name);
    if (!(error instanceof to.SendosoError)) problems.push(label + ' ' + name + ' as SendosoError');
    if (!(error instanceof Error)) problems.push(label + ' ' + name + ' as Error');
    if (error.name !== name) problems.push(label + ' ' + name + ' is named ' + error.name);
  }
}
// Brands never make unrelated classes match.
if (make(esm.NotFoundError) instanceof cjs.ConflictError) problems.push('NotFoundError matched ConflictError');
if (make(esm.SendosoError) instanceof cjs.ApiError) problems.push('SendosoError matched ApiError');
if (make(esm.ValidationError) instanceof cjs.CeqlSyntaxError) problems.push('ValidationError matched CeqlSyntaxError');
if ({} instanceof cjs.SendosoError || new Error('x') instanceof esm.SendosoError) problems.push('plain objects matched');
// An error really thrown by one build, caught by code written against the other.
let thrown;
try { esm.ceql.parse('name = '); } catch (e) { thrown = e; }
if (!(thrown instanceof cjs.CeqlSyntaxError && thrown instanceof cjs.SendosoError)) problems.push('thrown CeqlSyntaxError');
try { new cjs.SendosoClient({ clientSecrett: 'x' }); } catch (e) { thrown = e; }
if (!(thrown instanceof esm.ValidationError)) problems.push('thrown ValidationError');
console.log(JSON.stringify({ classes: names.length, problems }));
`;
