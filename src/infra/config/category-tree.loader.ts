import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Category } from '../../domain/category.js';

const categorySchema: z.ZodType<Category> = z.lazy(() =>
  z.object({
    id: z.string().regex(/^[a-z0-9._-]{1,100}$/, 'lowercase letters, digits, . _ - only'),
    label: z.object({ fr: z.string().min(1), en: z.string().min(1) }),
    keywords: z.array(z.string().min(1)).optional(),
    children: z.array(categorySchema).optional(),
  }),
);

const treeSchema = z.array(categorySchema).min(1);

/** The helpdesk's category tree, checked at start-up: a broken file stops the bot with the faulty path. */
export async function loadCategoryTree(file: string): Promise<Category[]> {
  const raw: unknown = JSON.parse(await readFile(file, 'utf8'));
  const parsed = treeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${file}: invalid category tree: ${issues}`);
  }
  const ids = new Set<string>();
  const walk = (nodes: readonly Category[]) => {
    for (const node of nodes) {
      if (ids.has(node.id)) throw new Error(`${file}: category id "${node.id}" appears twice`);
      ids.add(node.id);
      walk(node.children ?? []);
    }
  };
  walk(parsed.data);
  return parsed.data;
}
