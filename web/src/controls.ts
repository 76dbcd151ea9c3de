// One control per input of the scenario: a slider over a range around the scenario's value, or
// two sliders (low, high) for an input written as a range ("100B to 300B"), and a text box for an
// exact value or any formula. A control reports its override as `--set` text ("name=value"),
// values in the input's own unit, as `gpugap run --set` reads them.

import { h } from './dom';
import { formatInUnit } from './format';
import { isDistribution } from './document';
import type { Quantity } from './types';

const SUFFIX: Record<string, number> = { k: 1e3, M: 1e6, B: 1e9, T: 1e12 };

// A constant as scenario files write them ("150B", "50%", "1.5"), in the unit's terms: "50%" is 50
// for a quantity in %, 0.5 otherwise. Null for anything else (a formula).
export function parseConstant(text: string, unit: string): number | null {
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kMBT%]?)\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === '%') return unit === '%' ? n : n / 100;
  return m[2] ? n * SUFFIX[m[2]] : n;
}

function niceAbove(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}

function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

// From zero to three times the value (percentages to at least 100%), in about 400 steps.
export function sliderRange(value: number, unit: string): SliderRange {
  let min = 0;
  let max = 1;
  if (unit === '%') max = Math.max(100, niceAbove(Math.abs(value) * 2));
  else if (value !== 0) max = niceAbove(Math.abs(value) * 3);
  if (value < 0) [min, max] = [-max, 0];
  return { min, max, step: niceStep((max - min) / 400) };
}

// A slider value as --set text, written as scenario files write numbers ("380B", "0.35"): no
// binary noise ("3.1500000000000004"), "%" kept explicit.
function valueText(value: number, step: number, unit: string): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const v = Number(value.toFixed(Math.min(decimals, 12)));
  if (unit === '%') return `${v}%`;
  for (const [suffix, scale] of Object.entries(SUFFIX).reverse()) {
    if (Math.abs(v) >= scale) return `${Number((v / scale).toPrecision(12))}${suffix}`;
  }
  return String(v);
}

// A distribution whose parameters are constants in the input's unit, which a slider moves as a
// whole: triangular(low, mode, high), pert(low, mode, high), uniform(low, high). The slider sets
// its centre (the mode; the middle of a uniform); the other parameters follow so that the shape
// is kept: shifted by as much for a percentage (a margin of 30–70% moved to 35–75%), scaled by as
// much otherwise (100B–300B moved to 200B–600B, never below zero).
export interface ShapedDistribution {
  name: string;
  params: number[];
  centre: number;
  mode: 'shift' | 'scale';
}

export function shapedDistribution(formula: string, unit: string): ShapedDistribution | null {
  const m = /^\s*(triangular|pert|uniform)\s*\((.*)\)\s*$/.exec(formula);
  if (!m) return null;
  const params = m[2].split(',').map((p) => parseConstant(p, unit));
  if (params.some((p) => p === null) || params.length !== (m[1] === 'uniform' ? 2 : 3)) return null;
  const values = params as number[];
  const centre = m[1] === 'uniform' ? (values[0] + values[1]) / 2 : values[1];
  const mode = unit !== '%' && centre > 0 && values.every((v) => v >= 0) ? 'scale' : 'shift';
  return { name: m[1], params: values, centre, mode };
}

// The distribution moved so that its centre is `centre`, as --set text.
export function movedDistribution(d: ShapedDistribution, centre: number, step: number, unit: string): string {
  const moved = d.params.map((p) => (d.mode === 'shift' ? p + (centre - d.centre) : (p * centre) / d.centre));
  return `${d.name}(${moved.map((p) => valueText(p, step / 10, unit)).join(', ')})`;
}

export interface Control {
  name: string;
  element: HTMLElement;
  // The override, or null when the control shows the scenario's own value.
  override(): string | null;
  // Shows an override from the URL ("name=value" without the name).
  apply(text: string): void;
  reset(): void;
}

function slider(id: string, range: SliderRange, value: number, labelText: string): HTMLInputElement {
  return h('input', {
    type: 'range',
    id,
    min: range.min,
    max: range.max,
    step: range.step,
    value: Math.min(range.max, Math.max(range.min, value)),
    'aria-label': labelText,
  });
}

export function makeControl(name: string, labelText: string, q: Quantity, onChange: () => void): Control | null {
  if (typeof q.value !== 'number' && !isDistribution(q)) return null;
  const unit = q.unit;
  const base = q.formula;
  const rangeParts = /^\s*(.+?)\s+to\s+(.+?)\s*$/.exec(base);
  const low0 = rangeParts ? parseConstant(rangeParts[1], unit) : null;
  const high0 = rangeParts ? parseConstant(rangeParts[2], unit) : null;
  const isRange = low0 !== null && high0 !== null;
  const shaped = isRange ? null : shapedDistribution(base, unit);
  const centre = isRange ? (high0 as number) : shaped ? shaped.centre : typeof q.value === 'number' ? q.value : null;
  if (centre === null) return null;
  const range = sliderRange(centre, unit);

  const shown = h('output', { class: 'control-value', for: `slider-${name}` });
  const exact = h('input', { type: 'text', class: 'exact', value: base, 'aria-label': `${labelText}: exact value or formula`, spellcheck: 'false' });
  const resetButton = h('button', { type: 'button', class: 'reset', title: "back to the scenario's value", hidden: true }, '↺');
  const sliders = isRange
    ? [slider(`slider-${name}`, range, low0 as number, `${labelText}: low end`), slider(`slider-${name}-high`, range, high0 as number, `${labelText}: high end`)]
    : [slider(`slider-${name}`, range, centre, labelText)];
  let override: string | null = null;

  const show = () => {
    if (isRange) {
      const [lo, hi] = sliders.map((s) => Number(s.value));
      shown.textContent = override === null ? `${formatInUnit(low0, unit)} to ${formatInUnit(high0, unit)}` : `${formatInUnit(Math.min(lo, hi), unit)} to ${formatInUnit(Math.max(lo, hi), unit)}`;
    } else if (shaped) {
      const at = override === null ? shaped.centre : Number(sliders[0].value);
      shown.textContent = `around ${formatInUnit(at, unit)}`;
    } else if (override === null) {
      shown.textContent = formatInUnit(q.value as number, unit);
    } else {
      const v = parseConstant(override, unit);
      shown.textContent = v === null ? override : formatInUnit(v, unit);
    }
    resetButton.hidden = override === null;
    element.classList.toggle('changed', override !== null);
  };

  const fromSliders = () => {
    if (isRange) {
      const [lo, hi] = sliders.map((s) => Number(s.value)).sort((a, b) => a - b);
      override = `${valueText(lo, range.step, unit)} to ${valueText(hi, range.step, unit)}`;
    } else if (shaped) {
      override = movedDistribution(shaped, Number(sliders[0].value), range.step, unit);
    } else {
      override = valueText(Number(sliders[0].value), range.step, unit);
    }
    exact.value = override;
    show();
    onChange();
  };
  for (const s of sliders) s.addEventListener('input', fromSliders);

  const fromText = () => {
    const text = exact.value.trim();
    override = text === '' || text === base ? null : text;
    const moved = override !== null && shaped ? shapedDistribution(override, unit) : null;
    if (moved) sliders[0].value = String(moved.centre);
    if (override !== null && !isRange && !shaped) {
      const v = parseConstant(override, unit);
      if (v !== null) sliders[0].value = String(v);
    }
    show();
    onChange();
  };
  exact.addEventListener('change', fromText);

  const element = h(
    'div',
    { class: 'control', 'data-name': name },
    h('div', { class: 'control-head' }, h('label', { for: `slider-${name}` }, labelText), shown, resetButton),
    sliders,
    h('div', { class: 'control-foot' }, exact, unit ? h('span', { class: 'unit' }, unit) : null),
    shaped
      ? h('div', { class: 'control-shape' }, `The slider moves the whole ${shaped.name} distribution: its shape is kept, ${shaped.mode === 'shift' ? 'shifted' : 'scaled'} to the new ${shaped.name === 'uniform' ? 'middle' : 'most likely value'}.`)
      : null,
    q.source ? h('div', { class: 'control-source', title: q.source }, q.source) : null,
  );

  const control: Control = {
    name,
    element,
    override: () => override,
    apply(text: string) {
      override = text;
      exact.value = text;
      const parts = /^\s*(.+?)\s+to\s+(.+?)\s*$/.exec(text);
      if (isRange && parts) {
        const lo = parseConstant(parts[1], unit);
        const hi = parseConstant(parts[2], unit);
        if (lo !== null) sliders[0].value = String(lo);
        if (hi !== null) sliders[1].value = String(hi);
      } else if (shaped) {
        const moved = shapedDistribution(text, unit);
        if (moved) sliders[0].value = String(moved.centre);
      } else if (!isRange) {
        const v = parseConstant(text, unit);
        if (v !== null) sliders[0].value = String(v);
      }
      show();
    },
    reset() {
      override = null;
      exact.value = base;
      if (isRange) {
        sliders[0].value = String(low0);
        sliders[1].value = String(high0);
      } else {
        sliders[0].value = String(centre);
      }
      show();
    },
  };
  resetButton.addEventListener('click', () => {
    control.reset();
    onChange();
  });
  show();
  return control;
}
