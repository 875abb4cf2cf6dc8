import { useStackscope } from '../store/store.ts';
import { Dialog } from './Dialog.tsx';
import { SHORTCUT_GROUPS } from './shortcuts.ts';

export function ShortcutsDialog() {
  const open = useStackscope((state) => state.shortcutsOpen);
  const setOpen = useStackscope((state) => state.setShortcutsOpen);
  return (
    <Dialog title="Keyboard shortcuts" open={open} onClose={() => setOpen(false)}>
      {SHORTCUT_GROUPS.map((group) => (
        <section key={group.title} className="shortcut-group">
          <h3>{group.title}</h3>
          <dl>
            {group.keys.map((key) => (
              <div key={key.label}>
                <dt>
                  <kbd>{key.label}</kbd>
                </dt>
                <dd>{key.does}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
