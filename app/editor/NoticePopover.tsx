import { useEffect } from 'react';
import { useStackscope } from '../store/store.ts';

const NOTICE_MS = 6000;

/** A refusal shown next to where the person acted (a link dropped on the wrong node). */
export function NoticePopover() {
  const notice = useStackscope((state) => state.notice);
  const showNotice = useStackscope((state) => state.showNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => showNotice(null), NOTICE_MS);
    const dismiss = (event: KeyboardEvent) => event.key === 'Escape' && showNotice(null);
    window.addEventListener('keydown', dismiss);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', dismiss);
    };
  }, [notice, showNotice]);
  if (!notice) return null;
  const left = Math.min(Math.max(16, notice.x + 12), window.innerWidth - 380);
  const top = Math.min(Math.max(16, notice.y + 12), window.innerHeight - 140);
  return (
    <div className="notice" role="alert" style={{ left, top }}>
      <span>{notice.message}</span>
      <button type="button" className="icon-button icon-button--flat" aria-label="Dismiss" onClick={() => showNotice(null)}>
        ×
      </button>
    </div>
  );
}
