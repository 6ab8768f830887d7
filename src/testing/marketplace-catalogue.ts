import categoryFixture from '../../fixtures/marketplace-category-group.json' with { type: 'json' };
import productFixture from '../../fixtures/marketplace-product.json' with { type: 'json' };
import type { Collection } from './store.js';
import type { SandboxRecord } from './types.js';

/** The collection behind `GET /marketplace/products` (`sandbox.data.products`). */
export const PRODUCTS_PATH = 'marketplace/products';
export const DEFAULT_PRODUCTS = 250;

/** The category tree every catalogue page carries, in Sendoso's `{ group_name, children }` shape. */
export const CATEGORY_TREE = [
  categoryFixture,
  {
    group_name: 'Home & Office',
    children: [
      { id: '21', name: 'Desk Accessories' },
      { id: '22', name: 'Kitchen' },
      { id: '23', name: 'Plants' },
    ],
  },
  {
    group_name: 'Wellness',
    children: [
      { id: '31', name: 'Self-care' },
      { id: '32', name: 'Fitness' },
    ],
  },
  {
    group_name: 'Tech',
    children: [
      { id: '41', name: 'Audio' },
      { id: '42', name: 'Gadgets' },
    ],
  },
];

const KINDS = [
  { name: 'Coffee Sampler', category: '11', interest: 'coffee' },
  { name: 'Tea Collection', category: '11', interest: 'coffee' },
  { name: 'Snack Box', category: '12', interest: 'snacks' },
  { name: 'Chocolate Truffles', category: '12', interest: 'snacks' },
  { name: 'Red Wine Duo', category: '13', interest: 'wine' },
  { name: 'Desk Organizer', category: '21', interest: 'desk' },
  { name: 'Notebook Set', category: '21', interest: 'desk' },
  { name: 'Chef Knife', category: '22', interest: 'kitchen' },
  { name: 'Succulent Trio', category: '23', interest: 'plants' },
  { name: 'Spa Kit', category: '31', interest: 'self-care' },
  { name: 'Yoga Mat', category: '32', interest: 'fitness' },
  { name: 'Wireless Earbuds', category: '41', interest: 'audio' },
  { name: 'Phone Charger', category: '42', interest: 'gadgets' },
];
const STYLES = ['Artisan', 'Classic', 'Deluxe', 'Organic', 'Signature', 'Eco', 'Premium'];

/** Every interest SmartSend can find in the sandbox's catalogue. */
export const INTERESTS = [...new Set(KINDS.map((k) => k.interest))];

/** Product `i` (0-based): the documented example with the index worked in. Deterministic. */
export function generateProduct(i: number): SandboxRecord {
  const id = String(50_001 + i);
  const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
  const style = STYLES[Math.floor(i / KINDS.length) % STYLES.length] as string;
  const base = 10 + ((i * 37) % 190);
  const variants = Array.from({ length: 1 + (i % 3) }, (_, v) => {
    const image = `https://cdn.sendoso.com/marketplace/${id}/${v + 1}`;
    return {
      id: `${id}-${v + 1}`,
      estimated_total_price: { currency: 'USD', price_per_unit: (base + v * 5).toFixed(2) },
      images: [
        {
          url: `https://images.sendoso.com/marketplace/${id}/${v + 1}.jpg`,
          cdn_main: { url: `${image}/main.jpg` },
          cdn_thumbnail: { url: `${image}/thumb.jpg` },
        },
      ],
    };
  });
  return {
    ...productFixture,
    id,
    name: `${style} ${kind.name}`,
    description: `${style} ${kind.name.toLowerCase()}, gift-wrapped and shipped by Sendoso (item ${i + 1}).`,
    variants,
    interests: [kind.interest],
    category_ids: [kind.category],
    ship_to_country_codes: i % 4 === 0 ? ['US', 'CA', 'GB'] : ['US'],
  };
}

/** Loads `spec` products (default 250 generated ones) into the empty catalogue. */
export function seedProducts(
  collection: Collection,
  spec: number | SandboxRecord[] = DEFAULT_PRODUCTS,
): void {
  if (Array.isArray(spec)) {
    for (const record of spec) collection.insert(record);
    return;
  }
  if (!Number.isSafeInteger(spec) || spec < 0) {
    throw new TypeError(`seed.products must be a non-negative integer or an array, got ${String(spec)}`);
  }
  collection.load(Array.from({ length: spec }, (_, i) => generateProduct(i)));
}
