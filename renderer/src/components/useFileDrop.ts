import { useEffect, useState } from 'react';
import { api } from '../api/index.ts';
import { useApp } from '../store.ts';

const SUPPORTED = /\.(csv|tsv|txt|xlsx|xlsm|xls|ods)$/i;

/** Files become paths the core can read (Electron: their own path; browser mode: uploaded to the local server). */
export async function addFiles(files: File[]): Promise<void> {
  const { enqueueFiles, setError } = useApp.getState();
  const unsupported = files.filter((f) => !SUPPORTED.test(f.name));
  const problems: string[] = [];
  if (unsupported.length) {
    problems.push(`${unsupported.map((f) => f.name).join(', ')}: not a supported file (CSV, TSV, TXT, XLSX, XLS or ODS).`);
    setError(problems[0]);
  }
  const accepted: { name: string; path: string }[] = [];
  for (const file of files.filter((f) => SUPPORTED.test(f.name))) {
    try {
      accepted.push({ name: file.name, path: await api.fileToPath(file) });
    } catch (error) {
      problems.push(`${file.name}: ${(error as Error).message}`);
      setError(problems.join(' '));
    }
  }
  if (accepted.length) enqueueFiles(accepted);
  // Opening the first accepted file clears the error line: what was refused is said again after it.
  if (accepted.length && problems.length) setError(problems.join(' '));
}

/** Drag and drop anywhere on the window. Returns whether files are being dragged over it. */
export function useFileDrop(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void addFiles([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
