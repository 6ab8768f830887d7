/**
 * Walking the marketplace catalogue: 10,000 products (200 cursor pages of 50, limits off) with
 * `for await` over `marketplace.products.list()` vs a hand-written axios cursor loop, in one run.
 * Target: wall-time ratio ≤ 1.15 (the cursor walk, zod parsing and page objects cost little).
 */
import { remoteSandbox } from './remote-sandbox.js';
import { clientAndAxios } from './setup.js';
import { median, ratio, report } from './stats.js';

const PRODUCTS = 10_000;
const ROUNDS = 5;
const WARMUP = 1;

const sandbox = await remoteSandbox({ products: PRODUCTS });
const { client, raw, headers } = await clientAndAxios(sandbox.options, sandbox.codes[0] ?? '', {
  marketplaceRateLimit: false,
});

async function viaClient(): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  let count = 0;
  for await (const product of client.marketplace.products.list()) if (product.id) count++;
  return { ms: performance.now() - t, count };
}

type Answer = { pagination: { after: string | null }; products: Array<{ id: string }> };
async function viaAxios(): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  let count = 0;
  let after: string | null = null;
  do {
    const params: Record<string, string> = after === null ? {} : { after };
    const response = await raw.get<Answer>(`${sandbox.options.baseUrl}/marketplace/products`, {
      headers,
      params,
    });
    for (const product of response.data.products) if (product.id) count++;
    after = response.data.pagination.after;
  } while (after !== null);
  return { ms: performance.now() - t, count };
}

for (let i = 0; i < WARMUP; i++) {
  await viaClient();
  await viaAxios();
}
const clientTimes: number[] = [];
const rawTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const c = await viaClient();
  const r = await viaAxios();
  if (c.count !== PRODUCTS || r.count !== PRODUCTS) throw new Error(`counted ${c.count} / ${r.count}`);
  clientTimes.push(c.ms);
  rawTimes.push(r.ms);
}
sandbox.close();
const [c, r] = [median(clientTimes), median(rawTimes)];
report(`marketplace catalogue walk, ${PRODUCTS} products, median of ${ROUNDS}`, [
  ['for await products.list()', `${c.toFixed(0)} ms`],
  ['axios cursor loop', `${r.toFixed(0)} ms`],
  ['ratio (target ≤ 1.15)', ratio(c, r)],
]);
