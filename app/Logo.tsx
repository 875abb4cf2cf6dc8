/** Stackscope's mark: three stacked layers seen through a lens. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M8 11.5l8-4 8 4-8 4z" fill="#fff" />
      <path d="M8 16l8 4 8-4" fill="none" stroke="#fff" strokeWidth="2" strokeLinejoin="round" />
      <path d="M8 20.5l8 4 8-4" fill="none" stroke="#fff" strokeWidth="2" strokeLinejoin="round" opacity="0.7" />
    </svg>
  );
}
