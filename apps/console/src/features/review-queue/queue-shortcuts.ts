import type { Shortcut } from '../moderation/use-shortcuts.ts';

interface QueueActions {
  move: (delta: number) => void;
  open: () => void;
  toggleSelected: () => void;
  claim: () => void;
  approve: () => void;
  reject: () => void;
  showHelp: () => void;
}

/** The queue's keys; deciding ones only for roles that may decide. */
export function listQueueShortcuts(actions: QueueActions, canDecide: boolean): Shortcut[] {
  return [
    { keys: ['j'], description: 'Next submission', run: () => actions.move(1) },
    { keys: ['k'], description: 'Previous submission', run: () => actions.move(-1) },
    { keys: ['Enter', 'o'], description: 'Open the submission', run: actions.open },
    ...(canDecide
      ? [
          { keys: ['x'], description: 'Select or unselect', run: actions.toggleSelected },
          { keys: ['c'], description: 'Claim', run: actions.claim },
          { keys: ['a'], description: 'Approve the selection (or this one)', run: actions.approve },
          { keys: ['r'], description: 'Reject the selection (or this one)', run: actions.reject },
        ]
      : []),
    { keys: ['?'], description: 'Show these shortcuts', run: actions.showHelp },
  ];
}
