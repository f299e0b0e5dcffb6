import { describe, expect, it } from 'vitest';
import { contrast, DEFAULT_THEME, luminance, parseColor, textOn, vegaConfig } from '../../../../src/core/charts/theme';

describe('chart theme', () => {
  it('parses the colour forms VS Code themes use', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('#1a73e8')).toEqual([26, 115, 232]);
    expect(parseColor('#1a73e880')).toEqual([26, 115, 232]);
    expect(parseColor('rgba(128, 128, 128, 0.25)')).toEqual([128, 128, 128]);
    expect(parseColor('rgb(0 0 0)')).toEqual([0, 0, 0]);
    expect(parseColor('var(--x)')).toBeUndefined();
  });

  // WCAG 2.x: black on white is 21:1; #767676 on white is the 4.54:1 grey often quoted as the lightest AA grey.
  it('computes WCAG luminance and contrast', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1);
    expect(luminance('#000000')).toBeCloseTo(0);
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('nonsense', '#fff')).toBe(1);
  });

  it('puts text on a cell in whichever theme colour reads better', () => {
    const light = { ...DEFAULT_THEME, foreground: '#1f1f1f', surface: '#ffffff' };
    expect(textOn('#c72e0f', light)).toBe('#ffffff');
    expect(textOn('#fde0dd', light)).toBe('#1f1f1f');
    const dark = { ...DEFAULT_THEME, foreground: '#cccccc', surface: '#1f1f1f' };
    expect(textOn('#f14c4c', dark)).toBe('#1f1f1f');
    expect(textOn('#2b2b2b', dark)).toBe('#cccccc');
  });

  it('gives Vega-Lite a transparent background, theme text and outlined marks in high contrast', () => {
    const c = vegaConfig({ ...DEFAULT_THEME, foreground: '#fff', highContrast: true }) as Record<
      string,
      Record<string, unknown>
    >;
    expect(c.background).toBe('transparent');
    expect(c.axis.labelColor).toBe('#fff');
    expect(c.bar).toMatchObject({ stroke: '#fff' });
    expect((vegaConfig(DEFAULT_THEME) as Record<string, unknown>).bar).toEqual({});
  });
});
