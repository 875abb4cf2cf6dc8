import { useState } from 'react';
import { encodeShare } from '../../src/simulation/index.ts';
import { useStackscope } from '../store/store.ts';
import { Dialog } from './Dialog.tsx';

/** A link that opens this topology read-only for anyone, with a copy button. */
export function ShareDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const document = useStackscope((state) => state.workspace?.document);
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  if (!document) return null;
  const link = `${window.location.origin}${window.location.pathname}#share=${encodeShare(document)}`;
  return (
    <Dialog
      title="Share this topology"
      open={open}
      onClose={() => {
        setCopied('idle');
        onClose();
      }}
    >
      <p>Anyone who opens this link sees “{document.name}” read-only and can make a copy of their own. The whole topology is inside the link; nothing is uploaded.</p>
      <label htmlFor="share-link">Share link</label>
      <div className="share-row">
        <input id="share-link" readOnly value={link} onFocus={(event) => event.target.select()} />
        <button
          type="button"
          className="small-button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied('done');
            } catch {
              setCopied('failed');
            }
          }}
        >
          Copy link
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'done' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The clipboard is not available here: select the link and copy it.' : `${link.length.toLocaleString()} characters.`}
      </p>
    </Dialog>
  );
}
