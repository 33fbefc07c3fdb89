/**
 * Machine B's states as the filing's three-valued list status; NONE and REMOVED are on no list.
 * The filing projection and the joint reports (a list status at a cut-off, from the history) both read it.
 */
export const FILING_LIST_STATUS: Readonly<Record<string, 'WHITE' | 'GREY' | 'BLACK' | null>> = {
  NONE: null, WHITE: 'WHITE', REMOVED_PENDING_RECTIFICATION: 'GREY', BLACK: 'BLACK', REMOVED: null,
};
