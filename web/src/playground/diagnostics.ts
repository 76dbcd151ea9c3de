// The engine's diagnostics (run/request.h: {file, line, column, length, message, hint}) as
// CodeMirror lint marks at their place in the editor. The engine counts columns in bytes of
// UTF-8, the editor in UTF-16 code units: a line with "−" or "€" before the error needs the
// conversion.
import type { Text } from '@codemirror/state';
import type { Diagnostic as Mark } from '@codemirror/lint';

export interface EngineDiagnostic {
  file: string | null;
  line: number | null;
  column: number | null;
  length: number | null;
  message: string;
  hint: string;
}

// The UTF-16 offset within `line` of its byte `bytes` (0-based), clamped to the line.
function byteToOffset(line: string, bytes: number): number {
  let seen = 0;
  let i = 0;
  while (i < line.length && seen < bytes) {
    const code = line.codePointAt(i) as number;
    seen += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code > 0xffff ? 2 : 1;
  }
  return i;
}

// Where a diagnostic of this file points in `doc`, or null when it has no place in it.
export function place(doc: Text, d: EngineDiagnostic): { from: number; to: number } | null {
  if (d.line === null || d.column === null || d.line < 1 || d.line > doc.lines) return null;
  const line = doc.line(d.line);
  const start = byteToOffset(line.text, d.column - 1);
  const end = byteToOffset(line.text, d.column - 1 + Math.max(d.length ?? 1, 1));
  return { from: line.from + start, to: line.from + Math.max(end, start) };
}

// The lint marks for the diagnostics that point into this file.
export function marks(doc: Text, diagnostics: EngineDiagnostic[], path: string): Mark[] {
  const out: Mark[] = [];
  for (const d of diagnostics) {
    if (d.file !== path) continue;
    const at = place(doc, d);
    if (!at) continue;
    out.push({
      from: at.from,
      to: at.to,
      severity: 'error',
      source: 'gpugap',
      message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    });
  }
  return out;
}
