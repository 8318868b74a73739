// What the newsroom's editor (assets/editor.js) uses from ProseMirror, as one global object.
export { Schema, DOMParser, DOMSerializer, Fragment, Slice } from 'prosemirror-model';
export { EditorState, TextSelection, NodeSelection, Plugin } from 'prosemirror-state';
export { EditorView } from 'prosemirror-view';
export { undo, redo, history } from 'prosemirror-history';
export { keymap } from 'prosemirror-keymap';
export { baseKeymap, toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from 'prosemirror-commands';
export { wrapInList, splitListItem, liftListItem } from 'prosemirror-schema-list';
export { inputRules, wrappingInputRule, textblockTypeInputRule, undoInputRule } from 'prosemirror-inputrules';
export { dropCursor } from 'prosemirror-dropcursor';
export { gapCursor } from 'prosemirror-gapcursor';
