/** The names of the files a run writes next to its input (its own module: the extension host needs only this). */

export interface OutputNames {
  blueprint: string;
  synthetic: string;
  reportJson: string;
  reportHtml: string;
}

/** `penguins.csv` -> `penguins`; `a.b.csv` -> `a.b`. */
export function baseNameOf(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  return name.replace(/\.(csv|tsv|txt|parquet)$/i, '') || name;
}

export function outputNames(fileName: string): OutputNames {
  const base = baseNameOf(fileName);
  return {
    blueprint: `${base}.synth.json`,
    synthetic: `${base}.synthetic.csv`,
    reportJson: `${base}.report.json`,
    reportHtml: `${base}.report.html`,
  };
}
