/** The knowledge documents and seed data shipped with the service (see knowledge/README.md for their sources). */
import { readFile } from 'node:fs/promises';
import { chunkDocument, KnowledgeIndex, type KnowledgeChunk } from './domain/knowledge.ts';

const file = (name: string) => new URL(`../knowledge/${name}`, import.meta.url);

export const knowledgeDocuments = ['Troubleshooting_Guide.txt', 'aircon_manual.md'] as const;

export async function readGuide(): Promise<string> {
  return readFile(file('Troubleshooting_Guide.txt'), 'utf8');
}

export async function readDeviceSeed(): Promise<unknown[]> {
  return JSON.parse(await readFile(file('devices.seed.json'), 'utf8')) as unknown[];
}

export async function loadKnowledgeIndex(): Promise<KnowledgeIndex> {
  const chunks = await Promise.all(knowledgeDocuments.map(async (name) => chunkDocument(name, await readFile(file(name), 'utf8'))));
  return new KnowledgeIndex(chunks.flat());
}

/** The manual's chunks (indexed beside whatever the current guide is). */
export async function manualChunks(): Promise<KnowledgeChunk[]> {
  return chunkDocument('aircon_manual.md', await readFile(file('aircon_manual.md'), 'utf8'));
}

export const knowledgeFilePath = (name: string) => file(name);
