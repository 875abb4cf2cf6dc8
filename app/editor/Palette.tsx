import { KIND_INFO, NODE_KINDS, type NodeKind } from '../../src/simulation/index.ts';
import { KIND_COLOURS, KindIcon } from '../canvas/kind-icons.tsx';
import { PALETTE_MIME } from './palette-drag.ts';

/**
 * Every kind the engine knows, to drag onto the canvas or add with Enter. It is generated
 * from the engine's list of kinds, so a new kind appears here by itself.
 */
export function Palette({ onAdd, disabled }: { onAdd: (kind: NodeKind) => void; disabled: boolean }) {
  return (
    <section className="palette" aria-label="Palette">
      <h2 className="palette__title">Add to the stack</h2>
      <ul className="palette__list">
        {NODE_KINDS.map((kind) => {
          const info = KIND_INFO[kind];
          return (
            <li key={kind}>
              <div
                className="palette-item"
                draggable={!disabled}
                tabIndex={0}
                role="button"
                aria-disabled={disabled}
                aria-label={`${info.title}: ${info.description}`}
                title={disabled ? 'This topology is read-only: make a copy to edit it.' : `Drag onto the canvas, or press Enter to add ${info.title}`}
                style={{ '--kind-colour': KIND_COLOURS[kind] } as React.CSSProperties}
                onDragStart={(event) => {
                  event.dataTransfer.setData(PALETTE_MIME, kind);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
                onKeyDown={(event) => {
                  if ((event.key === 'Enter' || event.key === ' ') && !disabled) {
                    event.preventDefault();
                    onAdd(kind);
                  }
                }}
                onDoubleClick={() => !disabled && onAdd(kind)}
              >
                <span className="palette-item__icon">
                  <KindIcon kind={kind} size={20} />
                </span>
                <span className="palette-item__text">
                  <strong>{info.title}</strong>
                  <span>{info.description}</span>
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
