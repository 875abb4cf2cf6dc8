/** The drag-and-drop type a palette item carries: the node kind to add. */
export const PALETTE_MIME = 'application/x-stackscope-kind';
