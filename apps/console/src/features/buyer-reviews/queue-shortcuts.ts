import type { ReviewModerationAction } from '@marketdesk/shared';
import type { Shortcut } from '../moderation/use-shortcuts.ts';
import { ACTION_KEYS } from './labels.tsx';

interface QueueActions {
  move: (delta: number) => void;
  open: () => void;
  toggleSelected: () => void;
  claim: () => void;
  decide: (action: ReviewModerationAction) => void;
  showHelp: () => void;
}

/** The buyer-review queue's keys: the submission queue's j/k/Enter/x/c/?, and p/h/d to keep, hide or delete. */
export function listBuyerReviewQueueShortcuts(actions: QueueActions): Shortcut[] {
  return [
    { keys: ['j'], description: 'Next review', run: () => actions.move(1) },
    { keys: ['k'], description: 'Previous review', run: () => actions.move(-1) },
    { keys: ['Enter', 'o'], description: 'Open the review', run: actions.open },
    { keys: ['x'], description: 'Select or unselect', run: actions.toggleSelected },
    { keys: ['c'], description: 'Claim', run: actions.claim },
    { keys: [ACTION_KEYS.KEEP], description: 'Keep the selection (or this one) published', run: () => actions.decide('KEEP') },
    { keys: [ACTION_KEYS.HIDE], description: 'Hide the selection (or this one)', run: () => actions.decide('HIDE') },
    { keys: [ACTION_KEYS.DELETE], description: 'Delete the selection (or this one)', run: () => actions.decide('DELETE') },
    { keys: ['?'], description: 'Show these shortcuts', run: actions.showHelp },
  ];
}
