import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectProfile } from '../../src/cut/detect.js';
import { lines } from './support.js';

const read = (...path: string[]): string => readFileSync(join(import.meta.dirname, '..', '..', ...path), 'utf8');

describe('detectProfile: which profile and unit level fit a document', () => {
  it.each([
    ['a Vietnamese law', ['test', 'cut', 'fixtures', 'vn-luat-luu-tru-du-lieu.md'], 'vn-legal', 'article'],
    ['the sample hub constitution', ['examples', 'hub', 'KB-6839.md'], 'vn-legal', 'article'],
    ['an English constitution with amendments', ['test', 'cut', 'fixtures', 'en-northwind-constitution.md'], 'en-legal', 'section'],
    ['the wiki export of the US Constitution', ['test', 'cut', 'fixtures', 'en-legal-corpus', 'us-constitution-wiki.md'], 'en-legal', 'section'],
    ['a legislation site\'s Arizona article', ['test', 'cut', 'fixtures', 'en-legal-corpus', 'az-constitution-article-2.md'], 'en-legal', 'section'],
  ])('%s: %s at --unit %s, high confidence', (_, path, profile, unit) => {
    const d = detectProfile(read(...path));
    expect({ profile: d.profile, unit: d.unit, confidence: d.confidence }).toEqual({ profile, unit, confidence: 'high' });
    expect(d.fits.map((f) => f.profile)).toEqual(['en-legal', 'vn-legal', 'markdown']);
  });

  it('names the counts per level it found with each profile', () => {
    const d = detectProfile(read('test', 'cut', 'fixtures', 'en-legal-corpus', 'us-constitution-bold.md'));
    expect(d.fits.find((f) => f.profile === 'en-legal')!.counts).toEqual([{ level: 'article', count: 3 }, { level: 'section', count: 7 }, { level: 'clause', count: 20 }]);
    expect(d.fits.find((f) => f.profile === 'vn-legal')!.counts).toEqual([]);
    expect(d.reason).toBe('en-legal finds 3 article, 7 section, 20 clause');
  });

  it('falls back to Markdown headings, and says so when there is nothing at all', () => {
    expect(detectProfile(lines('# Handbook', '## Leave', 'Text.', '## Hours', 'Text.'))).toMatchObject({ profile: 'markdown', unit: 'h2', confidence: 'medium' });
    expect(detectProfile('Just a paragraph.\n')).toMatchObject({ profile: 'markdown', confidence: 'low' });
    expect(detectProfile('')).toMatchObject({ profile: 'markdown', confidence: 'low' });
  });

  it('steps to a coarser level when the finer one gives duplicate ids', () => {
    const d = detectProfile(lines('## Article I', 'Section 1. A.', 'Section 1. B.', '## Article II', 'Section 1. C.', '## Article III', 'Text.'));
    expect(d).toMatchObject({ profile: 'en-legal', unit: 'article', confidence: 'medium' });
    expect(d.reason).toContain('finer levels give duplicate ids');
    const twice = detectProfile(lines('## Article I', 'Text.', '## Article I', 'Text.', '## Article II', 'Text.'));
    expect(twice).toMatchObject({ profile: 'en-legal', unit: 'article', confidence: 'medium' });
    expect(twice.reason).toContain('every level found gives duplicate ids');
  });
});
