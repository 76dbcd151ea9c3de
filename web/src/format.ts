// Numbers as people read them, exactly as `gpugap run` prints them (src/gpugap/units/format.cc):
// three significant digits and a k/M/B/T (then P/E/Z/Y) suffix, "$" for money, "%" for percentages.

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

// printf's "%.Nf": ties go to the even digit, as the C library rounds exact halves.
function fixed(value: number, digits: number): string {
  const scaled = value * 10 ** digits;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && floor % 2 === 0) return (floor / 10 ** digits).toFixed(digits);
  return value.toFixed(digits);
}

// printf's "%.Ng": N significant digits, trailing zeros removed, exponent of at least two digits.
function general(value: number, precision: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(precision)))));
  if (exponent < -4 || exponent >= precision) {
    const [mantissa, exp] = value.toExponential(precision - 1).split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(value.toPrecision(precision));
}

function threeDigits(value: number): string {
  const a = Math.abs(value);
  if (a === 0) return '0';
  if (a >= 100) return fixed(value, 0);
  if (a >= 10) return stripZeros(fixed(value, 1));
  if (a >= 1) return stripZeros(fixed(value, 2));
  return general(value, 3);
}

// k/M/B/T, then SI's P/E/Z/Y for FLOP/s and the like: 2.25e15 → "2.25P", not "2.25e+15".
const SUFFIXES: [number, string][] = [
  [1e24, 'Y'],
  [1e21, 'Z'],
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'never' : '-inf';
  const a = Math.abs(value);
  // Four-digit numbers (years above all) read best whole: 2030 and 1268, not 2.03k and 1.27k.
  if (a < 9999.5 && a >= 1e3) return fixed(value, 0);
  if (a >= 999.5e24) return general(value, 3);
  for (const [scale, suffix] of SUFFIXES) {
    if (a >= scale * 0.9995) {
      const digits = threeDigits(value / scale);
      if (digits === '1000' || digits === '-1000') continue;
      return digits + suffix;
    }
  }
  return threeDigits(value);
}

// A sum of money's size, without its sign or "$": in T beyond T ("2250T"), as format_amount().
export function formatAmount(value: number): string {
  const a = Math.abs(value);
  if (Number.isFinite(a) && a >= 999.5e12) return `${fixed(a / 1e12, 0)}T`;
  return formatNumber(a);
}

// A value already in its unit, as `gpugap run` shows it: "$600B", "$2.5B/yr", "50%", "10 GW".
export function formatInUnit(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value) && !Number.isNaN(value)) return value > 0 ? 'never' : '-inf';
  if (unit === '%') return (Math.abs(value) >= 1000 ? fixed(value, 0) : formatNumber(value)) + '%';
  if (unit === 'x') return formatNumber(value) + 'x';
  if (unit.startsWith('USD')) return (value < 0 ? '-$' : '$') + formatAmount(value) + unit.slice(3);
  if (unit === '') return formatNumber(value);
  return `${formatNumber(value)} ${unit}`;
}

// A probability as a percentage, as the CLI's format_probability() writes it: "97.0%", "<0.1%",
// ">99.9%".
export function formatProbability(p: number): string {
  const pct = p * 100;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  if (pct < 100 && pct > 99.9) return '>99.9%';
  return pct.toFixed(1) + '%';
}
