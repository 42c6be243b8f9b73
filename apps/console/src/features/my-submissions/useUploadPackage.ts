import { useEffect, useRef, useState } from 'react';
import type { UploadOutput } from '@marketdesk/shared';
import { UploadError, uploadPackage } from './upload-package.ts';

export type UploadState =
  | { status: 'idle' }
  | { status: 'uploading'; fileName: string; progress: number }
  | { status: 'done'; fileName: string; upload: UploadOutput }
  | { status: 'failed'; fileName: string; error: UploadError };

/**
 * One package upload at a time: choosing another file (or none) cancels the one in flight.
 * `onUploaded` runs when the API has accepted the package.
 */
export function useUploadPackage() {
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const inFlight = useRef<AbortController | null>(null);
  useEffect(() => () => inFlight.current?.abort(), []);

  function start(file: File | null, onUploaded?: (upload: UploadOutput) => void) {
    inFlight.current?.abort();
    if (!file) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    inFlight.current = controller;
    setState({ status: 'uploading', fileName: file.name, progress: 0 });
    uploadPackage(file, (progress) => !controller.signal.aborted && setState({ status: 'uploading', fileName: file.name, progress }), controller.signal).then(
      (upload) => {
        setState({ status: 'done', fileName: file.name, upload });
        onUploaded?.(upload);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', fileName: file.name, error: error instanceof UploadError ? error : new UploadError(String(error)) });
      },
    );
  }
  return { state, start };
}
