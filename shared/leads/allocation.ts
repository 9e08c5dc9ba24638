/** The vendor advises keeping an allocation under about 10,000 leads (docs campaigner-api.md). */
export const ALLOCATION_ADVISED_MAX = 10_000;

/**
 * A warning for the person choosing the allocation, when the leads going into it would pass the advised
 * size. `alreadyThere` counts leads this app put into the same allocation before, when known.
 */
export function allocationWarning(leadsGoingIn: number, alreadyThere = 0): string | undefined {
  const total = leadsGoingIn + alreadyThere;
  if (total <= ALLOCATION_ADVISED_MAX) return undefined;
  const count = (n: number) => n.toLocaleString('en-AU');
  const earlier = alreadyThere > 0 ? ` (${count(leadsGoingIn)} now, ${count(alreadyThere)} sent before)` : '';
  return `${count(total)} leads would be in one allocation${earlier}: Noojee advises keeping an allocation under about ${count(ALLOCATION_ADVISED_MAX)} leads; consider splitting them over several allocations`;
}
